import 'server-only';
import { databaseFile, dataDir } from '../data-dir';
import { appCatalogue, appDatabase } from '../db/app-db';
import { createPgPool, isPostgresUrl } from '../db/postgres';
import { deleteDocumentOnSyncServer, SyncServerRequestError } from '../sync-admin';
import { expiredEntries, PostgresTrashStore, SqliteTrashStore, type TrashStore } from './trash-store';

let cached: { key: string; store: TrashStore } | undefined;

/** The trash of this process's database (DATABASE_URL or DATA_DIR). */
export function appTrash(env: NodeJS.ProcessEnv = process.env): TrashStore {
  const url = env.DATABASE_URL;
  const key = isPostgresUrl(url) ? `${url}#${env.DATABASE_SCHEMA ?? ''}` : `sqlite:${databaseFile(dataDir())}`;
  if (cached?.key !== key) {
    const store = isPostgresUrl(url)
      ? new PostgresTrashStore(createPgPool(url, { schema: env.DATABASE_SCHEMA || undefined }))
      : new SqliteTrashStore(appDatabase());
    cached = { key, store };
  }
  return cached.store;
}

/**
 * Deletes a document for good, as `DELETE /api/docs/<id>` does: the sync
 * server tombstones it and disconnects everyone, then the catalogue row and
 * the trash entry go.
 */
export async function deleteForever(id: string): Promise<void> {
  try {
    await deleteDocumentOnSyncServer(id);
  } catch (error) {
    if (!(error instanceof SyncServerRequestError && error.status === 404)) throw error;
  }
  await (await appCatalogue()).delete(id);
  await appTrash().restore(id);
}

/**
 * Empties what has been in the trash longer than the retention period (on
 * every look at the trash). One that cannot be deleted now (sync server
 * unreachable) stays and is tried again on the next look; the trash still shows.
 */
export async function purgeExpired(now = Date.now()): Promise<void> {
  for (const entry of expiredEntries(await appTrash().list(), now)) {
    try {
      await deleteForever(entry.id);
    } catch (error) {
      console.error('[trash] could not delete an expired document yet', entry.id, error);
    }
  }
}
