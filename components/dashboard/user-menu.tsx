'use client';

import Link from 'next/link';
import { useState } from 'react';
import { createInvite, signOut } from '@/components/account/auth-client';
import styles from './dashboard.module.css';

export interface UserMenuProps {
  user: { id: string; name: string; email: string; admin: boolean };
}

/** Who is signed in, with profile, invites, the admin page (admins) and sign out. */
export function UserMenu({ user }: UserMenuProps) {
  const [invite, setInvite] = useState<string | null>(null);
  const [domain, setDomain] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function invitePeople() {
    setError(null);
    try {
      const { path } = await createInvite(domain.trim().replace(/^@/, '') || undefined);
      setInvite(`${window.location.origin}${path}`);
    } catch (reason) {
      setError(reason instanceof Error ? reason.message : 'Could not create an invite.');
    }
  }

  return (
    <div className={styles.userMenu} data-testid="user-menu">
      <Link href="/profile" className={styles.userName} data-testid="profile-link" title={user.email}>
        {user.name}
      </Link>
      <input
        className={styles.input}
        value={domain}
        onChange={(event) => setDomain(event.target.value)}
        placeholder="Only @domain (optional)"
        aria-label="Limit the invite to an email domain (optional)"
        data-testid="invite-domain"
      />
      <button type="button" className={styles.button} onClick={invitePeople} data-testid="invite-people">
        Invite people
      </button>
      {user.admin ? (
        <Link href="/admin" className={styles.button} data-testid="admin-link">
          Admin
        </Link>
      ) : null}
      <button
        type="button"
        className={styles.button}
        data-testid="sign-out"
        onClick={async () => {
          await signOut().catch(() => {});
          window.location.assign('/sign-in');
        }}
      >
        Sign out
      </button>
      {invite ? (
        <p className={styles.invite}>
          Invite link (valid for 7 days):{' '}
          <input readOnly value={invite} data-testid="invite-link" aria-label="Invite link" />
        </p>
      ) : null}
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
