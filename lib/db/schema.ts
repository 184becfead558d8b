import type Database from 'better-sqlite3';
import { PERMISSION_TABLES } from './permission-schema';

/**
 * Every table in tandem.db. The web app and the sync server open the same file;
 * whichever opens it first migrates it, in one IMMEDIATE transaction, so the
 * other waits and then finds it done.
 *
 * Versioned by `PRAGMA user_version`: BASELINE is what shipped before versions
 * existed (idempotent, run only at version 0); VERSIONS[i] takes the file from
 * version i to i + 1. Append new versions at the end; never edit a shipped one.
 *
 * - documents: the workspace's catalogue (owned by the web app; the sync server
 *   keeps title/updated_at/last_editor following the live document).
 * - deleted_documents: tombstones, so a deleted document's old tokens cannot
 *   bring it back.
 * - doc_heads / doc_updates / doc_snapshots: the sync server's durable update
 *   log, numbered per document (see server/storage/storage.ts), and the snapshot
 *   it is compacted into.
 */
const BASELINE: readonly string[] = [
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

const VERSIONS: readonly (readonly string[])[] = [
  // 1: per-document sequence numbers. The log was numbered by one global
  // AUTOINCREMENT; a per-document, gap-free sequence lets a reader (or another
  // process, over the bus) tell that it missed a row. Existing rows are
  // renumbered 1..n per document in their old order; an existing snapshot
  // keeps its data and covers "sequence 0" (everything before the new row 1).
  [
    'ALTER TABLE doc_updates RENAME TO doc_updates_v0',
    'ALTER TABLE doc_snapshots RENAME TO doc_snapshots_v0',
    'DROP INDEX IF EXISTS doc_updates_doc_seq',
    `CREATE TABLE doc_heads (
       doc          TEXT PRIMARY KEY,
       seq          INTEGER NOT NULL,
       deleted      INTEGER NOT NULL DEFAULT 0
     ) WITHOUT ROWID`,
    `CREATE TABLE doc_updates (
       doc   TEXT NOT NULL,
       seq   INTEGER NOT NULL,
       data  BLOB NOT NULL,
       PRIMARY KEY (doc, seq)
     ) WITHOUT ROWID`,
    `CREATE TABLE doc_snapshots (
       doc        TEXT PRIMARY KEY,
       seq        INTEGER NOT NULL,
       data       BLOB NOT NULL,
       updated_at INTEGER NOT NULL
     )`,
    `INSERT INTO doc_updates (doc, seq, data)
       SELECT doc, ROW_NUMBER() OVER (PARTITION BY doc ORDER BY seq), data FROM doc_updates_v0`,
    'INSERT INTO doc_snapshots (doc, seq, data, updated_at) SELECT doc, 0, data, updated_at FROM doc_snapshots_v0',
    `INSERT INTO doc_heads (doc, seq)
       SELECT doc, MAX(seq) FROM (SELECT doc, seq FROM doc_updates UNION ALL SELECT doc, 0 FROM doc_snapshots)
       GROUP BY doc`,
    'INSERT OR IGNORE INTO doc_heads (doc, seq, deleted) SELECT id, 0, 1 FROM deleted_documents',
    'DROP TABLE doc_updates_v0',
    'DROP TABLE doc_snapshots_v0',
  ],
  // 2: people and permissions (issue 9). Documents get an owner (NULL for
  // documents made before accounts: the first owner account adopts them at
  // setup), a general access level and a resettable link token; members,
  // access requests, visits ("Recent"), invites and instance settings (the
  // one-time setup token). The accounts themselves (user, session, account,
  // verification) are better-auth's tables, created by its own migrator.
  PERMISSION_TABLES,
];

/**
 * Indexes that only speed up reads, created if missing on every open (outside
 * the versions: adding one needs no new version, and files at any version get it).
 * - deleted_documents_view_id: every WebSocket upgrade asks whether its room is
 *   a tombstoned id *or view id*; without it that lookup scanned the table.
 */
const INDEXES: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS deleted_documents_view_id ON deleted_documents (view_id)',
];

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = VERSIONS.length;

export function migrate(db: Database.Database): void {
  db.transaction(() => {
    let version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`tandem.db is at schema version ${version}; this Tandem knows up to ${SCHEMA_VERSION}`);
    }
    if (version === 0) for (const statement of BASELINE) db.exec(statement);
    for (; version < SCHEMA_VERSION; version++) {
      for (const statement of VERSIONS[version]!) db.exec(statement);
      db.pragma(`user_version = ${version + 1}`);
    }
    for (const statement of INDEXES) db.exec(statement);
  }).immediate();
}
