'use client';

import { useEffect, useState } from 'react';
import styles from './account.module.css';
import { requestAccess } from './auth-client';

/** "Request access": recorded for the owner, who approves it in the Share dialog. */
export function RequestAccessButton({ docId }: { docId: string }) {
  const [state, setState] = useState<'idle' | 'pending' | 'sent' | 'failed'>('idle');
  if (state === 'sent') {
    return (
      <p className={styles.text} role="status" data-testid="access-requested">
        Request sent. You will be able to open the document once the owner approves it.
      </p>
    );
  }
  return (
    <>
      <button
        type="button"
        className={styles.button}
        disabled={state === 'pending'}
        data-testid="request-access"
        onClick={async () => {
          setState('pending');
          try {
            await requestAccess(docId);
            setState('sent');
          } catch {
            setState('failed');
          }
        }}
      >
        Request access
      </button>
      {state === 'failed' ? (
        <p role="alert" className={styles.error}>
          Could not send the request. Try again.
        </p>
      ) : null}
    </>
  );
}

/** On the 403 page: offers Request access when the page was a document (`/d/<id>`). */
export function RequestAccessHere() {
  const [docId, setDocId] = useState<string | null>(null);
  useEffect(() => setDocId(/^\/d\/([A-Za-z0-9_-]{1,64})$/.exec(window.location.pathname)?.[1] ?? null), []);
  return docId ? <RequestAccessButton docId={docId} /> : null;
}
