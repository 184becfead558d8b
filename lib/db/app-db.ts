import 'server-only';
import { databaseFile, dataDir } from '../data-dir';
import { openDatabase, type SqliteDatabase } from './sqlite';

// One connection per web-app process, opened on first use (not at import time,
// so `next build` never touches the data directory).
let cached: { file: string; db: SqliteDatabase } | undefined;

export function appDatabase(): SqliteDatabase {
  const file = databaseFile(dataDir());
  if (cached?.file !== file) cached = { file, db: openDatabase(file) };
  return cached.db;
}
