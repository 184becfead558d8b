'use client';

import { useEffect, useId, useRef } from 'react';
import styles from './dashboard.module.css';

interface DeleteDocumentDialogProps {
  title: string;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before moving a document to the trash: it leaves everyone's list and
 * its links say it is in the trash, until it is restored (30 days). Rendered
 * only while open; a native modal <dialog> traps focus and closes on Escape.
 */
export function DeleteDocumentDialog({ title, pending, error, onConfirm, onCancel }: DeleteDocumentDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className={styles.dialog}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      data-testid="delete-dialog"
      // Escape closes the native dialog; keep React's state in step.
      onClose={onCancel}
    >
      <h2 id={titleId} className={styles.dialogTitle}>
        Move “{title}” to the trash?
      </h2>
      <p id={descriptionId} className={styles.dialogText}>
        It disappears from the list for everyone and its links say it is in the trash. You can restore it from the Trash
        for 30 days; after that it is deleted for good.
      </p>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      <div className={styles.dialogActions}>
        <button type="button" className={styles.button} onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <button
          type="button"
          className={`${styles.button} ${styles.danger}`}
          onClick={onConfirm}
          disabled={pending}
          data-testid="confirm-delete"
        >
          {pending ? 'Moving…' : 'Move to trash'}
        </button>
      </div>
    </dialog>
  );
}
