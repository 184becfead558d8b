'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ListView, SummaryPage } from '@/lib/permissions/store';
import styles from './dashboard.module.css';
import { DocumentRow } from './document-row';
import { NewDocumentButton } from './new-document-button';
import { useDocumentList } from './use-document-list';
import { UserMenu, type UserMenuProps } from './user-menu';

const VIEWS: readonly { view: ListView; label: string }[] = [
  { view: 'all', label: 'All' },
  { view: 'mine', label: 'My documents' },
  { view: 'shared', label: 'Shared with me' },
  { view: 'recent', label: 'Recent' },
];

/** Typing pauses this long before a search request goes out. */
const SEARCH_DEBOUNCE_MS = 250;

/**
 * The person's documents: everything they may open (owned or shared with
 * them), most recently edited first, or only "My documents", "Shared with me"
 * or "Recent"; with search, "Load more" paging, rename and delete (to the
 * trash). The first page comes from the server render; everything after goes
 * through the JSON API (see useDocumentList).
 */
export function Dashboard({ initialPage, user }: { initialPage: SummaryPage; user: UserMenuProps['user'] }) {
  const { state, search, chooseView, loadMore, renamed, deleted } = useDocumentList(initialPage);
  const { documents, nextCursor, loading, error, query: shownQuery } = state;
  const [query, setQuery] = useState('');
  const [view, setView] = useState<ListView>('all');
  const searchInput = useRef<HTMLInputElement>(null);

  // Debounced search; the very first render already has the unfiltered list.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const timer = setTimeout(() => void search(query.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, search]);

  // After a delete, focus moves to the next row's link (or the previous, or the search box), never
  // to <body>: set here, applied once the row and its dialog are gone from the page.
  const focusAfterDelete = useRef<{ neighbour: string | null } | null>(null);
  const onDeleted = useCallback(
    (id: string) => {
      const index = documents.findIndex((doc) => doc.id === id);
      focusAfterDelete.current = { neighbour: (documents[index + 1] ?? documents[index - 1])?.id ?? null };
      deleted(id);
    },
    [documents, deleted],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each list change, when the deleted row is gone.
  useEffect(() => {
    const pending = focusAfterDelete.current;
    if (!pending) return;
    focusAfterDelete.current = null;
    const link = pending.neighbour
      ? document.querySelector<HTMLElement>(`[data-testid="document-row"][data-id="${pending.neighbour}"] a`)
      : null;
    (link ?? searchInput.current)?.focus();
  }, [documents]);

  const searching = query.trim() !== '';

  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <h1 className={styles.brand}>Tandem</h1>
        <div className={styles.headerActions}>
          <Link
            href="/trash"
            className={`${styles.button} ${styles.trashLink}`}
            data-testid="trash-link"
            prefetch={false}
          >
            Trash
          </Link>
          <NewDocumentButton />
          <UserMenu user={user} />
        </div>
      </header>

      <nav className={styles.views} aria-label="Which documents">
        {VIEWS.map((item) => (
          <button
            key={item.view}
            type="button"
            className={styles.viewTab}
            aria-pressed={view === item.view}
            data-testid={`view-${item.view}`}
            onClick={() => {
              setView(item.view);
              void chooseView(item.view);
            }}
          >
            {item.label}
          </button>
        ))}
      </nav>

      <div className={styles.toolbar}>
        <label htmlFor="document-search" className={styles.visuallyHidden}>
          Search documents by title
        </label>
        <input
          id="document-search"
          type="search"
          className={`${styles.input} ${styles.search}`}
          placeholder="Search documents"
          ref={searchInput}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          maxLength={200}
          autoComplete="off"
          data-testid="search"
        />
      </div>

      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}

      <section aria-label="Documents" aria-busy={loading}>
        {documents.length === 0 && !loading ? (
          <div className={styles.empty} data-testid="empty-state">
            {searching ? (
              <p>No documents match “{query.trim()}”.</p>
            ) : (
              <>
                <p className={styles.emptyTitle}>No documents yet</p>
                <p>Create one with “New document” and share its link to write together.</p>
              </>
            )}
          </div>
        ) : null}
        <ul className={styles.list} data-testid="document-list">
          {documents.map((doc) => (
            <DocumentRow
              key={doc.id}
              document={doc}
              owned={doc.ownerId === user.id}
              onRenamed={renamed}
              onDeleted={onDeleted}
            />
          ))}
        </ul>
        {nextCursor ? (
          <div className={styles.more}>
            <button
              type="button"
              className={styles.button}
              onClick={loadMore}
              disabled={loading || query.trim() !== shownQuery}
              data-testid="load-more"
            >
              {loading ? 'Loading…' : 'Load more'}
            </button>
          </div>
        ) : null}
      </section>
    </main>
  );
}
