'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentSummary, ListView } from '@/lib/permissions/store';
import styles from './dashboard.module.css';
import { listDocumentsRequest, type SummaryPage } from './docs-client';
import { DocumentRow } from './document-row';
import { NewDocumentButton } from './new-document-button';
import { UserMenu, type UserMenuProps } from './user-menu';

const VIEWS: readonly { view: ListView; label: string }[] = [
  { view: 'all', label: 'All' },
  { view: 'mine', label: 'My documents' },
  { view: 'shared', label: 'Shared with me' },
  { view: 'recent', label: 'Recent' },
];

/** Typing pauses this long before a search request goes out. */
const SEARCH_DEBOUNCE_MS = 250;

/** How often a visible dashboard re-reads its first page, so titles and edit times stay current. */
const LIVE_REFRESH_MS = 20_000;

/**
 * The person's documents: everything they may open (owned or shared with
 * them), most recently edited first, or only "My documents", "Shared with me"
 * or "Recent"; with search, "Load more" paging, rename and delete. The first
 * page comes from the server render; everything after goes through the JSON API.
 */
export function Dashboard({ initialPage, user }: { initialPage: SummaryPage; user: UserMenuProps['user'] }) {
  const [documents, setDocuments] = useState<DocumentSummary[]>(initialPage.documents);
  const [view, setView] = useState<ListView>('all');
  const viewRef = useRef<ListView>('all');
  const [nextCursor, setNextCursor] = useState<string | null>(initialPage.nextCursor);
  const [query, setQuery] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Each request gets a number; an answer that is not the latest one is dropped,
  // so a slow response for "ab" cannot overwrite the results for "abc".
  const requestSeq = useRef(0);
  const activeQuery = useRef('');
  // The query the list currently shows; "Load more" waits while a newer search is pending.
  const [shownQuery, setShownQuery] = useState('');

  // Pages added with "Load more"; a background refresh would throw them away, so it waits.
  const extraPages = useRef(0);
  // A background refresh must never overtake a search or "Load more" the person asked for.
  const userLoadPending = useRef(false);
  const typedQuery = useRef('');

  /**
   * Loads the first page for `q` (or the page after `cursor`). A `quiet` load is
   * a background refresh: no spinner, and a failure is left for the next tick.
   */
  const load = useCallback(async (q: string, cursor: string | null, { quiet = false } = {}) => {
    const seq = ++requestSeq.current;
    if (!quiet) {
      userLoadPending.current = true;
      setLoading(true);
      setError(null);
    }
    try {
      const page = await listDocumentsRequest({ q, cursor, view: viewRef.current });
      if (seq !== requestSeq.current) return;
      activeQuery.current = q;
      extraPages.current = cursor ? extraPages.current + 1 : 0;
      setShownQuery(q);
      setDocuments((previous) => (cursor ? appendUnique(previous, page.documents) : page.documents));
      setNextCursor(page.nextCursor);
      if (quiet) setError(null);
    } catch (reason) {
      if (seq !== requestSeq.current || quiet) return;
      setError(reason instanceof Error ? reason.message : 'Could not load documents.');
    } finally {
      if (seq === requestSeq.current && !quiet) {
        userLoadPending.current = false;
        setLoading(false);
      }
    }
  }, []);

  // Debounced search; the very first render already has the unfiltered list.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const timer = setTimeout(() => load(query.trim(), null), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, load]);

  // Titles follow the live documents (the sync server updates the catalogue after
  // each commit): re-read the list when the tab comes back and every so often while it is shown.
  useEffect(() => {
    function refresh() {
      const idle = !userLoadPending.current && typedQuery.current === activeQuery.current;
      if (document.visibilityState === 'visible' && extraPages.current === 0 && idle) {
        load(activeQuery.current, null, { quiet: true });
      }
    }
    const timer = setInterval(refresh, LIVE_REFRESH_MS);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [load]);

  const onRenamed = useCallback((updated: Partial<DocumentSummary> & { id: string }) => {
    setDocuments((previous) => previous.map((doc) => (doc.id === updated.id ? { ...doc, ...updated } : doc)));
  }, []);

  const chooseView = (next: ListView) => {
    viewRef.current = next;
    setView(next);
    void load(query.trim(), null);
  };

  const onDeleted = useCallback((id: string) => {
    setDocuments((previous) => previous.filter((doc) => doc.id !== id));
  }, []);

  const searching = query.trim() !== '';

  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <h1 className={styles.brand}>Tandem</h1>
        <div className={styles.headerActions}>
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
            onClick={() => chooseView(item.view)}
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
          value={query}
          onChange={(event) => {
            typedQuery.current = event.target.value.trim();
            setQuery(event.target.value);
          }}
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
              onRenamed={onRenamed}
              onDeleted={onDeleted}
            />
          ))}
        </ul>
        {nextCursor ? (
          <div className={styles.more}>
            <button
              type="button"
              className={styles.button}
              onClick={() => load(activeQuery.current, nextCursor)}
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

/** Appends a page, skipping documents already shown (a rename can move one across a page boundary). */
function appendUnique(shown: DocumentSummary[], page: DocumentSummary[]): DocumentSummary[] {
  const seen = new Set(shown.map((doc) => doc.id));
  return [...shown, ...page.filter((doc) => !seen.has(doc.id))];
}
