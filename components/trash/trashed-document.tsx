import Link from 'next/link';
import styles from '@/components/ui/not-found.module.css';
import { TRASH_RETENTION_MS } from '@/lib/trash/trash-store';
import { RestoreButton } from './restore-button';

/**
 * What a document's page (or link) shows while it is in the trash, to people
 * who may open it: that it is there and until when. Owners and editors get
 * Restore (`restoreId`); everyone else is told to ask.
 */
export function TrashedDocument({ trashedAt, restoreId }: { trashedAt: number; restoreId: string | null }) {
  const format = (ms: number) => new Date(ms).toLocaleDateString('en', { dateStyle: 'long', timeZone: 'UTC' });
  return (
    <main className={styles.page} data-testid="trashed">
      <h1 className={styles.title}>This document is in the trash</h1>
      <p className={styles.text}>
        It was deleted on {format(trashedAt)} and will be deleted for good on {format(trashedAt + TRASH_RETENTION_MS)}.{' '}
        {restoreId ? 'Restore it to open it again.' : 'Ask whoever shared it to restore it.'}
      </p>
      {restoreId && <RestoreButton id={restoreId} />}
      <p>
        <Link href={restoreId ? '/trash' : '/'} className={styles.link}>
          {restoreId ? 'Go to the trash' : 'Go to the workspace'}
        </Link>
      </p>
    </main>
  );
}
