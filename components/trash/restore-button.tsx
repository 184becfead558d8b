'use client';

import { useState } from 'react';
import { restoreDocumentRequest } from '@/components/dashboard/docs-client';

/** Restores a trashed document and opens it. */
export function RestoreButton({ id }: { id: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="tandem-button tandem-button--primary"
        data-testid="restore-document"
        onClick={async () => {
          try {
            await restoreDocumentRequest(id);
            window.location.reload();
          } catch (reason) {
            setError(reason instanceof Error ? reason.message : 'Could not restore the document.');
          }
        }}
      >
        Restore
      </button>
      {error && <p role="alert">{error}</p>}
    </>
  );
}
