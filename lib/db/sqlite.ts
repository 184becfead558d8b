import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './schema';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) Tandem's SQLite file. The web app and the sync
 * server open the same file from two processes: WAL lets readers run beside the
 * single writer, busy_timeout makes a writer wait for the other process's lock
 * instead of failing, and synchronous=FULL makes each commit survive power loss,
 * not only a process crash (group commit keeps that affordable).
 */
export function openDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON');
  migrate(db);
  return db;
}
