import 'server-only';
import type { Catalogue } from '../catalogue';
import { databaseFile, dataDir } from '../data-dir';
import { type AppStore, openPostgresStore, openSqliteStore } from './open-store';
import { isPostgresUrl } from './postgres';

export type { AppStore } from './open-store';

// One connection (or pool) per web-app process, opened on first use (not at
// import time, so `next build` never touches the data directory or the database).
let cached: { key: string; store: Promise<AppStore> } | undefined;

/**
 * The store this process serves from: PostgreSQL when `DATABASE_URL` is
 * `postgres://…` (migrated once per process, on first use), SQLite in
 * DATA_DIR otherwise. better-auth's own tables are created by its migrator
 * in the same database.
 */
export function appStore(env: NodeJS.ProcessEnv = process.env): Promise<AppStore> {
  const url = env.DATABASE_URL;
  const postgres = isPostgresUrl(url);
  const schema = env.DATABASE_SCHEMA || undefined;
  const key = postgres ? `${url}#${schema ?? ''}` : databaseFile(dataDir(env));
  if (cached?.key !== key) {
    const store = postgres ? openPostgresStore(url, schema, env) : openSqliteStore(key, env);
    // A failed start (database down) is retried on the next request, not cached forever.
    store.catch(() => {
      if (cached?.store === store) cached = undefined;
    });
    cached = { key, store };
  }
  return cached.store;
}

export async function appCatalogue(env: NodeJS.ProcessEnv = process.env): Promise<Catalogue> {
  return (await appStore(env)).catalogue;
}
