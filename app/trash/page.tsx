import type { Metadata } from 'next';
import { connection } from 'next/server';
import { TrashList } from '@/components/trash/trash-list';
import { listTrash } from '@/lib/trash/list-trash';

export const metadata: Metadata = { title: 'Trash · Tandem' };

/** `/trash`: deleted documents, kept 30 days, to restore or delete for good. */
export default async function TrashPage() {
  await connection();
  return <TrashList initial={await listTrash()} />;
}
