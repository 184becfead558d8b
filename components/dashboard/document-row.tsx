'use client';

import Link from 'next/link';
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { MAX_TITLE_LENGTH } from '@/lib/doc-model';
import type { DocumentSummary } from '@/lib/permissions/store';
import styles from './dashboard.module.css';
import { DeleteDocumentDialog } from './delete-document-dialog';
import { renameDocumentRequest, trashDocumentRequest } from './docs-client';
import { RelativeTime } from './relative-time';

export const UNTITLED = 'Untitled document';

interface DocumentRowProps {
  document: DocumentSummary;
  /** The owner may delete (to the trash) here; others open and rename (when they may edit). */
  owned: boolean;
  onRenamed: (document: Pick<DocumentSummary, 'id' | 'title' | 'updatedAt'>) => void;
  onDeleted: (id: string) => void;
}

/** One document on the dashboard: open it, rename it in place, or delete it after confirming. */
export function DocumentRow({ document, owned, onRenamed, onDeleted }: DocumentRowProps) {
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const displayTitle = document.title.trim() || UNTITLED;
  const renameButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  // Which button gets focus back when the form or dialog closes: the one that opened it,
  // so a keyboard user stays on this row instead of starting over from the top of the page.
  const returnFocus = useRef<'rename' | 'delete' | null>(null);

  useEffect(() => {
    if (mode !== 'view' || returnFocus.current === null) return;
    (returnFocus.current === 'rename' ? renameButton : deleteButton).current?.focus();
    returnFocus.current = null;
  }, [mode]);

  function reset() {
    returnFocus.current = mode === 'view' ? null : mode;
    setMode('view');
    setPending(false);
    setError(null);
  }

  async function rename(title: string) {
    if (title === document.title.trim()) return reset();
    setPending(true);
    setError(null);
    try {
      onRenamed(await renameDocumentRequest(document.id, title));
      reset();
    } catch (reason) {
      setPending(false);
      setError(reason instanceof Error ? reason.message : 'Could not rename the document.');
    }
  }

  async function remove() {
    setPending(true);
    setError(null);
    try {
      await trashDocumentRequest(document.id);
      onDeleted(document.id);
    } catch (reason) {
      setPending(false);
      setError(reason instanceof Error ? reason.message : 'Could not delete the document.');
    }
  }

  return (
    <li className={styles.row} data-testid="document-row" data-id={document.id}>
      <div className={styles.rowMain}>
        {mode === 'rename' ? (
          <RenameForm initial={document.title} pending={pending} onSubmit={rename} onCancel={reset} />
        ) : (
          <Link
            href={`/d/${encodeURIComponent(document.id)}`}
            // Editor pages are dynamic; prefetching every row would render each one on the server per dashboard visit.
            prefetch={false}
            className={`${styles.rowTitle} ${document.title.trim() ? '' : styles.untitled}`}
            data-testid="document-link"
          >
            {displayTitle}
          </Link>
        )}
        <p className={styles.rowMeta}>
          <RelativeTime iso={document.updatedAt} prefix="edited" />
          {document.lastEditor ? <span> by {document.lastEditor}</span> : null}
          {!owned && document.ownerName ? <span> · owned by {document.ownerName}</span> : null}
        </p>
        {error && mode !== 'delete' ? (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        ) : null}
      </div>
      {mode === 'view' ? (
        <div className={styles.rowActions}>
          <button
            ref={renameButton}
            type="button"
            className={styles.button}
            onClick={() => setMode('rename')}
            aria-label={`Rename ${displayTitle}`}
            data-testid="rename-document"
          >
            Rename
          </button>
          {owned ? (
            <button
              ref={deleteButton}
              type="button"
              className={`${styles.button} ${styles.dangerOutline}`}
              onClick={() => setMode('delete')}
              aria-label={`Delete ${displayTitle}`}
              data-testid="delete-document"
            >
              Delete
            </button>
          ) : null}
        </div>
      ) : null}
      {mode === 'delete' ? (
        <DeleteDocumentDialog
          title={displayTitle}
          pending={pending}
          error={error}
          onConfirm={remove}
          onCancel={reset}
        />
      ) : null}
    </li>
  );
}

interface RenameFormProps {
  initial: string;
  pending: boolean;
  onSubmit: (title: string) => void;
  onCancel: () => void;
}

/** Enter saves, Escape cancels; the input is labelled for screen readers. */
function RenameForm({ initial, pending, onSubmit, onCancel }: RenameFormProps) {
  const [value, setValue] = useState(initial);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(value.trim());
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  }

  return (
    <form className={styles.renameForm} onSubmit={submit}>
      <input
        ref={inputRef}
        className={styles.input}
        value={value}
        maxLength={MAX_TITLE_LENGTH}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={pending}
        aria-label="New title"
        placeholder={UNTITLED}
        data-testid="rename-input"
      />
      <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </button>
      <button type="button" className={styles.button} onClick={onCancel} disabled={pending}>
        Cancel
      </button>
    </form>
  );
}
