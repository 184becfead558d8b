import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import styles from '@/components/ui/not-found.module.css';

export const metadata: Metadata = { title: 'Not found · Tandem' };

/**
 * The one not-found page, for unknown URLs. (Document pages never use it:
 * `/d/<id>` answers "You need access" and `/s/<token>` "This link does not
 * work" for deleted, never-existing and forbidden documents alike, so a
 * visitor cannot tell them apart.)
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
