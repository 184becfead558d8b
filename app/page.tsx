import type { Metadata } from 'next';
import { connection } from 'next/server';
import { DEFAULT_PAGE_SIZE } from '@/app/api/docs/schema';
import { Dashboard } from '@/components/dashboard/dashboard';
import { appCatalogue } from '@/lib/db/app-db';

export const metadata: Metadata = { title: 'Documents · Tandem' };

/** The workspace dashboard. Rendered per request: it shows live data and its scripts need the CSP nonce. */
export default async function DashboardPage() {
  await connection();
  const initialPage = await (await appCatalogue()).list({ limit: DEFAULT_PAGE_SIZE });
  return <Dashboard initialPage={initialPage} />;
}
