import 'server-only';
import { appStore } from '../db/app-db';
import { deleteDocumentOnSyncServer, SyncServerRequestError } from '../sync-admin';
import { expiredEntries, type TrashStore } from './trash-store';

/** The trash of this process's database (DATABASE_URL or DATA_DIR). */
export async function appTrash(env: NodeJS.ProcessEnv = process.env): Promise<TrashStore> {
  return (await appStore(env)).trash;
}

/**
 * Deletes a document for good, as `DELETE /api/docs/<id>` does: the sync
 * server tombstones it and disconnects everyone, then the catalogue row, its
 * permissions and the trash entry go.
 */
export async function deleteForever(id: string): Promise<void> {
  try {
    await deleteDocumentOnSyncServer(id);
  } catch (error) {
    if (!(error instanceof SyncServerRequestError && error.status === 404)) throw error;
  }
  const { catalogue, permissions, trash } = await appStore();
  await catalogue.delete(id);
  await permissions.forget(id);
  await trash.restore(id);
}

/**
 * Empties what has been in the trash longer than the retention period (on
 * every look at the trash, whoever looks: expiry is not a per-person
 * decision). One that cannot be deleted now (sync server unreachable) stays
 * and is tried again on the next look; the trash still shows.
 */
export async function purgeExpired(now = Date.now()): Promise<void> {
  for (const entry of expiredEntries(await (await appTrash()).list(), now)) {
    try {
      await deleteForever(entry.id);
    } catch (error) {
      console.error('[trash] could not delete an expired document yet', entry.id, error);
    }
  }
}
