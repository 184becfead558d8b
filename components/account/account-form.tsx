'use client';

import { type FormEvent, useId, useState } from 'react';
import styles from './account.module.css';
import { setUp, signIn, signUp } from './auth-client';

export type AccountFormMode =
  | { kind: 'sign-in'; next: string; oidc: boolean }
  | { kind: 'setup'; token: string }
  | { kind: 'sign-up'; invite?: string; emailDomain?: string | null };

const TITLES: Record<AccountFormMode['kind'], string> = {
  'sign-in': 'Sign in to Tandem',
  setup: 'Set up Tandem',
  'sign-up': 'Join Tandem',
};

/**
 * Sign in, first-start setup (creates the owner account) and sign-up (open, or
 * through an invite), as one form: they differ only in the name field and
 * where they post.
 */
export function AccountForm({ mode, notice }: { mode: AccountFormMode; notice?: string }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const needsName = mode.kind !== 'sign-in';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const name = String(form.get('name') ?? '').trim();
    setPending(true);
    setError(null);
    try {
      if (mode.kind === 'sign-in') await signIn(email, password);
      else if (mode.kind === 'setup') await setUp({ token: mode.token, name, email, password });
      else await signUp({ ...(mode.invite ? { invite: mode.invite } : {}), name, email, password });
      window.location.assign(mode.kind === 'sign-in' ? mode.next : '/');
    } catch (reason) {
      setPending(false);
      setError(reason instanceof Error ? reason.message : 'Something went wrong.');
    }
  }

  return (
    <main className={styles.page}>
      <form className={styles.card} onSubmit={submit} data-testid={`${mode.kind}-form`}>
        <h1 className={styles.title}>{TITLES[mode.kind]}</h1>
        {notice ? <p className={styles.text}>{notice}</p> : null}
        {mode.kind === 'setup' ? <p className={styles.text}>Create the owner account. This link works once.</p> : null}
        {mode.kind === 'sign-up' && mode.emailDomain ? (
          <p className={styles.text}>This invite is for @{mode.emailDomain} addresses.</p>
        ) : null}
        {needsName ? (
          <>
            <label className={styles.label} htmlFor={`${id}-name`}>
              Your name
            </label>
            <input id={`${id}-name`} name="name" className={styles.input} required maxLength={40} autoComplete="name" />
          </>
        ) : null}
        <label className={styles.label} htmlFor={`${id}-email`}>
          Email
        </label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          className={styles.input}
          required
          maxLength={320}
          autoComplete="email"
        />
        <label className={styles.label} htmlFor={`${id}-password`}>
          Password
        </label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          className={styles.input}
          required
          minLength={needsName ? 8 : 1}
          maxLength={256}
          autoComplete={needsName ? 'new-password' : 'current-password'}
        />
        {error ? (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        ) : null}
        <button type="submit" className={styles.button} disabled={pending} data-testid="account-submit">
          {mode.kind === 'sign-in' ? 'Sign in' : 'Create account'}
        </button>
        {mode.kind === 'sign-in' && mode.oidc ? (
          <button
            type="button"
            className={styles.secondary}
            data-testid="sign-in-sso"
            onClick={async () => {
              // better-auth's generic OAuth providers sign in like its social ones (provider id: lib/auth/auth.ts).
              const response = await fetch('/api/auth/sign-in/social', {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ provider: 'oidc', callbackURL: mode.next }),
              });
              const body = (await response.json().catch(() => null)) as { url?: string } | null;
              if (body?.url) window.location.assign(body.url);
              else setError('Single sign-on is not available right now.');
            }}
          >
            Sign in with single sign-on
          </button>
        ) : null}
      </form>
    </main>
  );
}
