import 'server-only';
import { appCatalogue } from '../db/app-db';
import type { DocumentRecord } from '../documents';
import { appTrash, purgeExpired } from './app-trash';
import { TRASH_RETENTION_MS } from './trash-store';

export interface TrashedDocument extends DocumentRecord {
  trashedAt: string;
  /** When it will be deleted for good. */
  deleteAt: string;
}

/** The trash, after deleting for good what has been there 30 days. */
export async function listTrash(): Promise<TrashedDocument[]> {
  await purgeExpired();
  const catalogue = await appCatalogue();
  const documents: TrashedDocument[] = [];
  for (const entry of await appTrash().list()) {
    const record = await catalogue.get(entry.id);
    if (!record) continue;
    documents.push({
      ...record,
      trashedAt: new Date(entry.trashedAt).toISOString(),
      deleteAt: new Date(entry.trashedAt + TRASH_RETENTION_MS).toISOString(),
    });
  }
  return documents;
}
