import type { Metadata } from 'next';
import { connection } from 'next/server';
import { DEFAULT_PAGE_SIZE } from '@/app/api/docs/schema';
import { Dashboard } from '@/components/dashboard/dashboard';
import { requirePageUser } from '@/lib/auth/page-session';
import { appStore } from '@/lib/db/app-db';

/** Checked here as well as in the page, so a 401 is decided before anything streams (the status is sent with the head). */
export async function generateMetadata(): Promise<Metadata> {
  await requirePageUser('/');
  return { title: 'Documents · Tandem' };
}

/** The signed-in person's dashboard. Rendered per request: it shows live data and its scripts need the CSP nonce. */
export default async function DashboardPage() {
  const user = await requirePageUser('/');
  await connection();
  const initialPage = await (await appStore()).permissions.list(user.id, { view: 'all', limit: DEFAULT_PAGE_SIZE });
  return (
    <Dashboard
      initialPage={initialPage}
      user={{ id: user.id, name: user.name, email: user.email, admin: user.admin }}
    />
  );
}
