import 'server-only';
import { appDatabase } from '@/lib/db/app-db';
import { createPgPool, isPostgresUrl } from '@/lib/db/postgres';
import { PostgresStorage } from '@/server/storage/postgres';
import { SqliteStorage } from '@/server/storage/sqlite';
import type { Storage } from '@/server/storage/storage';

// The web app only reads documents here (for the server-rendered preview); the
// sync server writes them. Same store: SQLite in DATA_DIR, or DATABASE_URL.
let cached: { key: unknown; storage: Storage; end?: () => Promise<void> } | undefined;

export async function previewStorage(env: NodeJS.ProcessEnv = process.env): Promise<Storage> {
  const url = env.DATABASE_URL;
  if (!isPostgresUrl(url)) {
    const db = appDatabase();
    if (cached?.key !== db) cached = { key: db, storage: new SqliteStorage(db) };
    return cached.storage;
  }
  const schema = env.DATABASE_SCHEMA || undefined;
  const key = `${url}#${schema ?? ''}`;
  if (cached?.key !== key) {
    // Small pool: a page load reads one document; the catalogue has its own pool.
    const pool = createPgPool(url, { schema, max: 2 });
    cached = { key, storage: new PostgresStorage(pool), end: () => pool.end() };
  }
  return cached.storage;
}

/** Ends the PostgreSQL pool (tests; the web app keeps it for its lifetime). */
export async function closePreviewStorage(): Promise<void> {
  const end = cached?.end;
  cached = undefined;
  await end?.();
}
