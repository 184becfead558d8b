import type Database from 'better-sqlite3';

/**
 * Every table in tandem.db, created idempotently by whichever process opens the
 * file first. Append new statements at the end; never edit a shipped one.
 *
 * - documents: the workspace's catalogue (owned by the web app; the sync server
 *   keeps title/updated_at/last_editor following the live document).
 * - deleted_documents: tombstones, so a deleted document's old tokens cannot
 *   bring it back.
 * - doc_updates / doc_snapshots: the sync server's durable update log and the
 *   compacted snapshot it is merged into (see server/storage/sqlite.ts).
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS documents (
     id          TEXT PRIMARY KEY,
     view_id     TEXT NOT NULL UNIQUE,
     title       TEXT NOT NULL DEFAULT '',
     created_at  INTEGER NOT NULL,
     updated_at  INTEGER NOT NULL,
     last_editor TEXT
   )`,
  'CREATE INDEX IF NOT EXISTS documents_updated_at ON documents (updated_at DESC)',
  `CREATE TABLE IF NOT EXISTS deleted_documents (
     id         TEXT PRIMARY KEY,
     view_id    TEXT,
     deleted_at INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS doc_updates (
     seq   INTEGER PRIMARY KEY AUTOINCREMENT,
     doc   TEXT NOT NULL,
     data  BLOB NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS doc_updates_doc_seq ON doc_updates (doc, seq)',
  `CREATE TABLE IF NOT EXISTS doc_snapshots (
     doc        TEXT PRIMARY KEY,
     data       BLOB NOT NULL,
     last_seq   INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   )`,
];

export function migrate(db: Database.Database): void {
  db.transaction(() => {
    for (const statement of MIGRATIONS) db.exec(statement);
  }).immediate();
}
