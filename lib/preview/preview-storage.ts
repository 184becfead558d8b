import 'server-only';
import { databaseFile, dataDir } from '@/lib/data-dir';
import { createPgPool, isPostgresUrl } from '@/lib/db/postgres';
import { openDatabase } from '@/lib/db/sqlite';
import { PostgresStorage } from '@/server/storage/postgres';
import { SqliteStorage } from '@/server/storage/sqlite';
import type { Storage } from '@/server/storage/storage';

// The web app only reads documents here (for the server-rendered preview); the
// sync server writes them. Same store: SQLite in DATA_DIR, or DATABASE_URL.
let cached: { key: unknown; storage: Storage; end?: () => Promise<void> } | undefined;

export async function previewStorage(env: NodeJS.ProcessEnv = process.env): Promise<Storage> {
  const url = env.DATABASE_URL;
  if (!isPostgresUrl(url)) {
    // Its own read connection to the data directory's file (WAL: readers never block the sync server).
    const file = databaseFile(dataDir(env));
    if (cached?.key !== file) {
      const db = openDatabase(file);
      const storage = new SqliteStorage(db);
      cached = {
        key: file,
        storage,
        end: async () => {
          db.close();
        },
      };
      return storage;
    }
    return cached.storage;
  }
  const schema = env.DATABASE_SCHEMA || undefined;
  const key = `${url}#${schema ?? ''}`;
  if (cached?.key !== key) {
    // Small pool: a page load reads one document; the catalogue has its own pool.
    const pool = createPgPool(url, { schema, max: 2 });
    const storage = new PostgresStorage(pool);
    cached = { key, storage, end: () => pool.end() };
    return storage;
  }
  return cached.storage;
}

/** Ends the PostgreSQL pool (tests; the web app keeps it for its lifetime). */
export async function closePreviewStorage(): Promise<void> {
  const end = cached?.end;
  cached = undefined;
  await end?.();
}
