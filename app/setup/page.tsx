import type { Metadata } from 'next';
import { connection } from 'next/server';
import { AccountForm } from '@/components/account/account-form';
import { NeedAccess } from '@/components/account/need-access';
import { appStore } from '@/lib/db/app-db';

export const metadata: Metadata = { title: 'Set up · Tandem', robots: { index: false }, referrer: 'no-referrer' };

interface SetupProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** `/setup?token=…`: the printed one-time link that creates the owner account. */
export default async function SetupPage({ searchParams }: SetupProps) {
  await connection();
  const token = (await searchParams).token;
  const { permissions } = await appStore();
  const stored = await permissions.setting('setup_token');
  if (typeof token !== 'string' || stored === null || stored !== token || (await permissions.countUsers()) > 0) {
    return <NeedAccess title="This setup link does not work" text="It was already used, or it is not this Tandem's." />;
  }
  return <AccountForm mode={{ kind: 'setup', token }} />;
}
