'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { CopyField } from './copy-field';
import styles from './share.module.css';

/**
 * "Share" opens a modal with the document's two links: the edit link (`/d/<id>`)
 * and the view-only link (`/v/<viewId>`, whose id reveals nothing about the edit id).
 * A native <dialog> opened with showModal() gives us the focus trap, Escape to
 * close and `aria-modal` semantics without reimplementing them.
 */
export function ShareButton({ docId, viewId }: { docId: string; viewId: string }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [origin, setOrigin] = useState<string | null>(null);

  // Links are absolute so they can be pasted anywhere; the origin is only known
  // in the browser, so it is read after mount to keep server and client markup equal.
  useEffect(() => setOrigin(window.location.origin), []);

  const editUrl = `${origin ?? ''}/d/${encodeURIComponent(docId)}`;
  const viewUrl = `${origin ?? ''}/v/${encodeURIComponent(viewId)}`;

  function open() {
    dialogRef.current?.showModal();
  }

  function close() {
    dialogRef.current?.close();
  }

  return (
    <>
      <button
        type="button"
        className={styles.shareButton}
        data-testid="share-button"
        aria-haspopup="dialog"
        onClick={open}
      >
        Share
      </button>
      <dialog ref={dialogRef} className={styles.dialog} data-testid="share-dialog" aria-labelledby={titleId}>
        <div className={styles.dialogBody}>
          <h2 id={titleId} className={styles.dialogTitle}>
            Share this document
          </h2>
          <CopyField label="Edit link" url={editUrl} testId="share-edit-link" />
          <p className={styles.hint}>Anyone with the edit link can change the document.</p>
          <CopyField label="View-only link" url={viewUrl} testId="share-view-link" />
          <p className={styles.hint}>The view-only link shows live changes and everyone’s cursors, but cannot edit.</p>
          <div className={styles.dialogActions}>
            <button type="button" className={styles.closeButton} onClick={close}>
              Done
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
