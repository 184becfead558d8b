import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import styles from '@/components/ui/not-found.module.css';

export const metadata: Metadata = { title: 'Not found · Tandem' };

/**
 * The one not-found page: unknown URLs and deleted or never-existing documents
 * (`/d/<id>`, `/v/<viewId>` call notFound() and land here too, as the only
 * not-found file). It says the same thing in every case, so a visitor cannot
 * tell a deleted document from one that never was.
 */
export default async function NotFound() {
  // Rendered per request so the page's scripts carry the request's CSP nonce
  // (a prerendered copy would have none and the browser would block them).
  await connection();
  return (
    <main className={styles.page} data-testid="not-found">
      <h1 className={styles.title}>Document not found</h1>
      <p className={styles.text}>
        This link does not lead to a document. It may have been deleted, or the link may be incomplete.
      </p>
      <Link href="/" className={styles.link}>
        Go to the workspace
      </Link>
    </main>
  );
}
