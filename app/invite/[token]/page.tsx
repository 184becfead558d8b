import type { Metadata } from 'next';
import { connection } from 'next/server';
import { AccountForm } from '@/components/account/account-form';
import { NeedAccess } from '@/components/account/need-access';
import { readAccountConfig } from '@/lib/auth/config';
import { appStore } from '@/lib/db/app-db';

export const metadata: Metadata = { title: 'Join · Tandem', robots: { index: false }, referrer: 'no-referrer' };

/** `/invite/<token>`: sign up through an invite link (unless SIGNUP=closed). */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const invite = /^[A-Za-z0-9_-]{1,64}$/.test(token) ? await (await appStore()).permissions.invite(token) : null;
  if (readAccountConfig().signup === 'closed' || !invite || invite.revoked || invite.expiresAt <= Date.now()) {
    return <NeedAccess title="This invite does not work" text="It expired or was withdrawn. Ask for a new one." />;
  }
  return <AccountForm mode={{ kind: 'sign-up', invite: token, emailDomain: invite.emailDomain }} />;
}
