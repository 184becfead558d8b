'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import styles from './dashboard.module.css';
import { createDocumentRequest } from './docs-client';

/**
 * Creates an empty document and opens it. `?new=1` tells the editor page to put
 * the caret in the title field, so the first thing a person types names the document.
 */
export function NewDocumentButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function create() {
    setPending(true);
    setError(null);
    try {
      const document = await createDocumentRequest();
      router.push(`/d/${encodeURIComponent(document.id)}?new=1`);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : 'Could not create a document.');
      setPending(false);
    }
  }

  return (
    <div className={styles.newDocument}>
      <button
        type="button"
        className={`${styles.button} ${styles.primary}`}
        data-testid="new-document"
        onClick={create}
        disabled={pending}
      >
        {pending ? 'Creating…' : 'New document'}
      </button>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
