import type { Metadata } from 'next';
import { connection } from 'next/server';
import { AdminPanel } from '@/components/account/admin-panel';
import { NeedAccess } from '@/components/account/need-access';
import { requirePageUser } from '@/lib/auth/page-session';
import { appStore } from '@/lib/db/app-db';

export const metadata: Metadata = { title: 'Administration · Tandem' };

export default async function AdminPage() {
  await connection();
  const user = await requirePageUser('/admin');
  if (!user.admin)
    return <NeedAccess title="Administrators only" text="This page is for the instance's administrators." />;
  const { permissions } = await appStore();
  return <AdminPanel users={await permissions.users()} documents={await permissions.allDocuments()} />;
}
