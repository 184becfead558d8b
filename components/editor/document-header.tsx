import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * The bar above a document: home link, title, then status, people and
 * actions. Slots keep it usable before the live session exists (skeleton).
 */
export function DocumentHeader({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <header className="tandem-header">
      <Link href="/" className="tandem-home" aria-label="Tandem: all documents">
        <span aria-hidden="true">◧</span>
      </Link>
      <div className="tandem-header__title">{title}</div>
      <div className="tandem-header__end">{children}</div>
    </header>
  );
}
