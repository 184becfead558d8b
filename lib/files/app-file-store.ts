import 'server-only';
import { appStore } from '../db/app-db';
import type { FileStore } from './file-store';

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

/** The file store of this process: the same database as the catalogue (DATABASE_URL or DATA_DIR). */
export async function appFileStore(env: NodeJS.ProcessEnv = process.env): Promise<FileStore> {
  return (await appStore(env)).files;
}
