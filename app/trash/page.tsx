import type { Metadata } from 'next';
import { connection } from 'next/server';
import { TrashList } from '@/components/trash/trash-list';
import { requirePageUser } from '@/lib/auth/page-session';
import { listTrash } from '@/lib/trash/list-trash';

export const metadata: Metadata = { title: 'Trash · Tandem' };

/** `/trash`: the signed-in person's deleted documents, kept 30 days, to restore or delete for good. */
export default async function TrashPage() {
  await connection();
  const user = await requirePageUser('/trash');
  return <TrashList initial={await listTrash(user)} />;
}
