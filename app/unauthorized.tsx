import type { Metadata } from 'next';
import { SignInHere } from '@/components/account/sign-in-here';
import { readAccountConfig } from '@/lib/auth/config';
import { pendingSetupToken } from '@/lib/auth/setup';
import { appStore } from '@/lib/db/app-db';

export const metadata: Metadata = { title: 'Sign in · Tandem', robots: { index: false } };

/** 401: any page that needs an account, answered with the sign-in form; signing in reloads the page. */
export default async function Unauthorized() {
  const config = readAccountConfig();
  const setupPending = (await pendingSetupToken((await appStore()).permissions)) !== null;
  return (
    <SignInHere
      oidc={config.oidc !== null}
      notice={
        setupPending
          ? 'This Tandem has no accounts yet. Open the one-time setup link that `npm start` printed to create the owner account.'
          : undefined
      }
    />
  );
}
