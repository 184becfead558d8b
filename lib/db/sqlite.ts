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
  // exec, not db.pragma(): pragma() prepares a throwaway statement (see `statement` below).
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON');
  migrate(db);
  return db;
}

const statements = new WeakMap<SqliteDatabase, Map<string, Database.Statement>>();

/**
 * The prepared statement for `sql` on `db`, prepared once and kept as long as
 * the connection. Use it instead of `db.prepare` on any path that runs more than
 * once. Why: better-sqlite3 12 (the last line that supports Node 20) wraps a
 * statement in node::ObjectWrap, and on Node >= 24.19 its destructor aborts the
 * whole process (`Assertion failed: (env) != nullptr`) when the garbage
 * collector finalizes a statement outside a JavaScript context
 * (WiseLibs/better-sqlite3#1515; fixed by v13, which requires Node 22).
 * A statement that is never garbage is never finalized by the collector.
 */
export function statement(db: SqliteDatabase, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}
