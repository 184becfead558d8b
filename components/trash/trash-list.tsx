'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import styles from '@/components/dashboard/dashboard.module.css';
import { deleteDocumentRequest, restoreDocumentRequest } from '@/components/dashboard/docs-client';
import { RelativeTime } from '@/components/dashboard/relative-time';
import type { TrashedDocument } from '@/lib/trash/list-trash';

/** The trash: each document with when it goes for good, Restore, and Delete forever (after a confirmation). */
export function TrashList({ initial }: { initial: TrashedDocument[] }) {
  const [documents, setDocuments] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<TrashedDocument | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const remove = (id: string) => {
    setDocuments((list) => list.filter((doc) => doc.id !== id));
    heading.current?.focus(); // the row and its buttons are gone: keep focus on the page
  };

  const restore = async (doc: TrashedDocument) => {
    setError(null);
    try {
      await restoreDocumentRequest(doc.id);
      remove(doc.id);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : 'Could not restore the document.');
    }
  };

  const deleteForever = async () => {
    const doc = confirming;
    if (!doc) return;
    setError(null);
    try {
      await deleteDocumentRequest(doc.id);
      dialog.current?.close();
      setConfirming(null);
      remove(doc.id);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : 'Could not delete the document.');
    }
  };

  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <h1 ref={heading} className={styles.brand} tabIndex={-1}>
          Trash
        </h1>
        <Link href="/" className={styles.button}>
          Back to documents
        </Link>
      </header>
      <p>Documents stay here for 30 days, then they are deleted for good.</p>
      {error && (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      )}
      {documents.length === 0 ? (
        <p className={styles.empty} data-testid="trash-empty">
          The trash is empty.
        </p>
      ) : (
        <ul className={styles.list} data-testid="trash-list">
          {documents.map((doc) => {
            const title = doc.title.trim() || 'Untitled document';
            return (
              <li key={doc.id} className={styles.row} data-testid="trash-row" data-id={doc.id}>
                <div className={styles.rowMain}>
                  <span className={styles.rowTitle}>{title}</span>
                  <p className={styles.rowMeta}>
                    <RelativeTime iso={doc.trashedAt} prefix="deleted" />; gone for good{' '}
                    {new Date(doc.deleteAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}
                  </p>
                </div>
                <div className={styles.rowActions}>
                  <button
                    type="button"
                    className={styles.button}
                    onClick={() => void restore(doc)}
                    aria-label={`Restore ${title}`}
                  >
                    Restore
                  </button>
                  {doc.canDeleteForever ? (
                    <button
                      type="button"
                      className={`${styles.button} ${styles.dangerOutline}`}
                      aria-label={`Delete ${title} forever`}
                      onClick={() => {
                        setConfirming(doc);
                        dialog.current?.showModal();
                      }}
                    >
                      Delete forever
                    </button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <dialog
        ref={dialog}
        className={styles.dialog}
        aria-labelledby="delete-forever-title"
        onClose={() => setConfirming(null)}
      >
        <h2 id="delete-forever-title" className={styles.dialogTitle}>
          Delete “{confirming?.title.trim() || 'Untitled document'}” forever?
        </h2>
        <p className={styles.dialogText}>The document and its history are removed. This cannot be undone.</p>
        <div className={styles.dialogActions}>
          <button type="button" className={styles.button} onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className={`${styles.button} ${styles.danger}`}
            data-testid="confirm-delete-forever"
            onClick={() => void deleteForever()}
          >
            Delete forever
          </button>
        </div>
      </dialog>
    </main>
  );
}
