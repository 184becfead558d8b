import Link from 'next/link';

/** Shared by `/d/<id>` and `/v/<viewId>`: unknown, malformed and deleted documents all look the same. */
export function DocumentNotFound() {
  return (
    <main className="tandem-not-found" data-testid="not-found">
      <h1>Document not found</h1>
      <p>This link does not point to a document. It may have been deleted, or the link may be incomplete.</p>
      <p>
        <Link href="/">Go to your documents</Link>
      </p>
    </main>
  );
}
