import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './schema';
import { SQLITE_PRAGMAS } from './sqlite-pragmas';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) Tandem's SQLite file and brings its schema up to
 * date. The web app and the sync server open the same file from two processes
 * (and the sync server twice: its writer thread has its own connection); see
 * SQLITE_PRAGMAS for what makes that safe and durable.
 */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec(SQLITE_PRAGMAS);
  migrate(db);
  return db;
}
