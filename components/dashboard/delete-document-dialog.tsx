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
 * Asks before deleting: deletion removes the content for everyone, disconnects
 * whoever is editing and breaks both links, and cannot be undone. Rendered only
 * while open; a native modal <dialog> traps focus and closes on Escape.
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
        Delete “{title}”?
      </h2>
      <p id={descriptionId} className={styles.dialogText}>
        The document and its history are removed for everyone, people editing it are disconnected, and its edit and view
        links stop working. This cannot be undone.
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
          {pending ? 'Deleting…' : 'Delete'}
        </button>
      </div>
    </dialog>
  );
}
