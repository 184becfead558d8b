import 'server-only';
import { databaseFile, dataDir } from '../data-dir';
import { appDatabase } from '../db/app-db';
import { createPgPool, isPostgresUrl } from '../db/postgres';
import { type FileStore, PostgresFileStore, SqliteFileStore } from './file-store';

/** Largest image accepted, in bytes (`MAX_UPLOAD_BYTES`, default 10 MiB). */
export function maxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MAX_UPLOAD_BYTES;
  if (raw === undefined || raw === '') return 10 * 1024 * 1024;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1024 || value > 100 * 1024 * 1024) {
    throw new Error(`MAX_UPLOAD_BYTES must be an integer between 1024 and 104857600, got "${raw}"`);
  }
  return value;
}

let cached: { key: string; store: FileStore } | undefined;

/** The file store of this process: the same database as the catalogue (DATABASE_URL or DATA_DIR). */
export function appFileStore(env: NodeJS.ProcessEnv = process.env): FileStore {
  const url = env.DATABASE_URL;
  const key = isPostgresUrl(url) ? `${url}#${env.DATABASE_SCHEMA ?? ''}` : `sqlite:${databaseFile(dataDir())}`;
  if (cached?.key !== key) {
    const store = isPostgresUrl(url)
      ? new PostgresFileStore(createPgPool(url, { schema: env.DATABASE_SCHEMA || undefined }))
      : new SqliteFileStore(appDatabase());
    cached = { key, store };
  }
  return cached.store;
}
