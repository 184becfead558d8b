import 'server-only';
import type { SessionUser } from '../auth/session';
import { appStore } from '../db/app-db';
import type { DocumentSummary } from '../permissions/store';
import { purgeExpired } from './app-trash';
import { TRASH_RETENTION_MS } from './trash-store';

export interface TrashedDocument extends DocumentSummary {
  trashedAt: string;
  /** When it will be deleted for good. */
  deleteAt: string;
  /** Only the owner deletes for good (editors restore); see lib/policies/document-policy.ts. */
  canDeleteForever: boolean;
}

/**
 * A person's trash (what they may restore: documents they own or edit),
 * after deleting for good what has been there 30 days.
 */
export async function listTrash(user: SessionUser): Promise<TrashedDocument[]> {
  await purgeExpired();
  const { permissions } = await appStore();
  return (await permissions.trashed(user.id)).map((doc) => ({
    ...doc,
    trashedAt: new Date(doc.trashedAt).toISOString(),
    deleteAt: new Date(doc.trashedAt + TRASH_RETENTION_MS).toISOString(),
    canDeleteForever: doc.ownerId === user.id,
  }));
}
