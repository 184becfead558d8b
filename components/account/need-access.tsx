import type { ReactNode } from 'react';
import styles from './account.module.css';

/** A small card page: "You need access", a dead link, a used setup link. */
export function NeedAccess({ title, text, children }: { title: string; text: string; children?: ReactNode }) {
  return (
    <main className={styles.page}>
      <section className={styles.card} data-testid="need-access">
        <h1 className={styles.title}>{title}</h1>
        <p className={styles.text}>{text}</p>
        {children}
      </section>
    </main>
  );
}
