import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { configuredAccessKey, safeNextPath } from '@/lib/access-key';
import styles from './unlock.module.css';

export const metadata: Metadata = { title: 'Unlock · Tandem' };

interface UnlockPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The access-key form. Without a configured key there is nothing to unlock. */
export default async function UnlockPage({ searchParams }: UnlockPageProps) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === 'string' ? params.next : null);
  if (configuredAccessKey() === null) redirect(next);
  const failed = params.error !== undefined;
  const message =
    params.error === 'throttled'
      ? 'Too many wrong keys. Wait a few minutes, then try again.'
      : 'That key is not right. Try again.';

  return (
    <main className={styles.page}>
      <form method="post" action="/api/unlock" className={styles.card} data-testid="unlock-form">
        <h1 className={styles.title}>This Tandem is private</h1>
        <p className={styles.text}>Enter the access key you were given to open the workspace.</p>
        <input type="hidden" name="next" value={next} />
        <label htmlFor="access-key" className={styles.label}>
          Access key
        </label>
        <input
          id="access-key"
          name="key"
          type="password"
          className={styles.input}
          autoComplete="current-password"
          required
          // biome-ignore lint/a11y/noAutofocus: the key is the only thing to do on this page
          autoFocus
          aria-invalid={failed}
          aria-describedby={failed ? 'access-key-error' : undefined}
          data-testid="access-key"
        />
        {failed ? (
          <p id="access-key-error" role="alert" className={styles.error}>
            {message}
          </p>
        ) : null}
        <button type="submit" className={styles.button} data-testid="unlock-submit">
          Unlock
        </button>
      </form>
    </main>
  );
}
