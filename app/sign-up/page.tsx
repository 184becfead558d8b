import type { Metadata } from 'next';
import { connection } from 'next/server';
import { AccountForm } from '@/components/account/account-form';
import { NeedAccess } from '@/components/account/need-access';
import { readAccountConfig } from '@/lib/auth/config';

export const metadata: Metadata = { title: 'Sign up · Tandem', robots: { index: false } };

/** `/sign-up`: only with SIGNUP=open; otherwise people join through invite links. */
export default async function SignUpPage() {
  await connection();
  if (readAccountConfig().signup !== 'open') {
    return <NeedAccess title="Sign-up is by invitation" text="Ask someone here for an invite link." />;
  }
  return <AccountForm mode={{ kind: 'sign-up' }} />;
}
