import 'server-only';
import { type Catalogue, PostgresCatalogue, SqliteCatalogue } from '../catalogue';
import { databaseFile, dataDir } from '../data-dir';
import { createPgPool, isPostgresUrl, migratePostgres } from './postgres';
import { openDatabase, type SqliteDatabase } from './sqlite';

// One connection (or pool) per web-app process, opened on first use (not at
// import time, so `next build` never touches the data directory or the database).
let cached: { file: string; db: SqliteDatabase } | undefined;
let postgres: { key: string; catalogue: Promise<PostgresCatalogue> } | undefined;

/** The SQLite file in DATA_DIR (the default, single-process setup). */
export function appDatabase(): SqliteDatabase {
  const file = databaseFile(dataDir());
  if (cached?.file !== file) cached = { file, db: openDatabase(file) };
  return cached.db;
}

/**
 * The catalogue this process serves from: PostgreSQL when `DATABASE_URL` is
 * `postgres://…` (migrated once per process, on first use), SQLite in
 * DATA_DIR otherwise.
 */
export function appCatalogue(env: NodeJS.ProcessEnv = process.env): Promise<Catalogue> {
  const url = env.DATABASE_URL;
  if (!isPostgresUrl(url)) return Promise.resolve(new SqliteCatalogue(appDatabase()));
  const schema = env.DATABASE_SCHEMA || undefined;
  const key = `${url}#${schema ?? ''}`;
  if (postgres?.key !== key) {
    const pool = createPgPool(url, { schema });
    const catalogue = migratePostgres(pool).then(() => new PostgresCatalogue(pool));
    // A failed start (database down) is retried on the next request, not cached forever.
    catalogue.catch(() => {
      if (postgres?.catalogue === catalogue) postgres = undefined;
      pool.end().catch(() => {});
    });
    postgres = { key, catalogue };
  }
  return postgres.catalogue;
}
