import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { connection } from 'next/server';
import { AdminPanel } from '@/components/account/admin-panel';
import { requirePageUser } from '@/lib/auth/page-session';
import { appStore } from '@/lib/db/app-db';

/** Checked here as well as in the page, so a 401 is decided before anything streams (the status is sent with the head). */
export async function generateMetadata(): Promise<Metadata> {
  await requirePageUser('/admin');
  return { title: 'Administration · Tandem' };
}

export default async function AdminPage() {
  const user = await requirePageUser('/admin');
  await connection();
  if (!user.admin) forbidden();
  const { permissions } = await appStore();
  return <AdminPanel users={await permissions.users()} documents={await permissions.allDocuments()} />;
}
