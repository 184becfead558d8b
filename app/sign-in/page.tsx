import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { AccountForm } from '@/components/account/account-form';
import { readAccountConfig } from '@/lib/auth/config';
import { pageUser } from '@/lib/auth/page-session';
import { pendingSetupToken } from '@/lib/auth/setup';
import { appStore } from '@/lib/db/app-db';
import { safeNextPath } from '@/lib/http/next-path';

export const metadata: Metadata = { title: 'Sign in · Tandem', robots: { index: false } };

interface SignInProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SignInPage({ searchParams }: SignInProps) {
  await connection();
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === 'string' ? params.next : null);
  if (await pageUser()) redirect(next);
  const config = readAccountConfig();
  const setupPending = (await pendingSetupToken((await appStore()).permissions)) !== null;
  return (
    <AccountForm
      mode={{ kind: 'sign-in', next, oidc: config.oidc !== null }}
      notice={
        setupPending
          ? 'This Tandem has no accounts yet. Open the one-time setup link that `npm start` printed to create the owner account.'
          : config.signup === 'open'
            ? 'New here? Create an account at /sign-up.'
            : undefined
      }
    />
  );
}
