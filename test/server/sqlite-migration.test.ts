/**
 * A tandem.db written before per-document sequences (one global AUTOINCREMENT,
 * snapshots keyed by that global number) opens with every document intact and
 * its log renumbered 1..n per document.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { databaseFile } from '../../lib/data-dir';
import { SCHEMA_VERSION } from '../../lib/db/schema';
import { openDatabase } from '../../lib/db/sqlite';
import { SqliteStorage } from '../../server/storage/sqlite';
import { cleanup, onCleanup, storedUpdate, tempDir } from './helpers';

afterEach(cleanup);

function textOf(update: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

describe('sqlite schema migration', () => {
  it('renumbers an old global log per document and keeps snapshots and tombstones', async () => {
    const file = databaseFile(tempDir());
    const old = new Database(file);
    old.exec(`
      CREATE TABLE documents (id TEXT PRIMARY KEY, view_id TEXT NOT NULL UNIQUE, title TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_editor TEXT);
      CREATE TABLE deleted_documents (id TEXT PRIMARY KEY, view_id TEXT, deleted_at INTEGER NOT NULL);
      CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL);
      CREATE INDEX doc_updates_doc_seq ON doc_updates (doc, seq);
      CREATE TABLE doc_snapshots (doc TEXT PRIMARY KEY, data BLOB NOT NULL, last_seq INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    `);
    const a = new Y.Doc();
    const b = new Y.Doc();
    const aUpdates: Uint8Array[] = [];
    a.on('update', (update: Uint8Array) => aUpdates.push(update));
    const insert = old.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)');
    // a: the first three keystrokes compacted into a snapshot, two more in the log; b interleaved.
    for (const ch of 'abcde') {
      a.getText('t').insert(a.getText('t').length, ch);
      b.getText('t').insert(b.getText('t').length, ch.toUpperCase());
      insert.run('a', aUpdates[aUpdates.length - 1]);
      insert.run('b', Y.encodeStateAsUpdate(b));
    }
    const snapshotDoc = new Y.Doc();
    for (const update of aUpdates.slice(0, 3)) Y.applyUpdate(snapshotDoc, update);
    old
      .prepare('INSERT INTO doc_snapshots (doc, data, last_seq, updated_at) VALUES (?, ?, 5, 0)')
      .run('a', Y.encodeStateAsUpdate(snapshotDoc));
    old.prepare("DELETE FROM doc_updates WHERE doc = 'a' AND seq <= 5").run();
    old.prepare("INSERT INTO deleted_documents (id, view_id, deleted_at) VALUES ('gone', 'gone-view', 0)").run();
    old.close();

    const db = openDatabase(file);
    onCleanup(() => db.close());
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const storage = new SqliteStorage(db);
    expect(textOf(await storedUpdate(storage, 'a'))).toBe('abcde');
    expect(textOf(await storedUpdate(storage, 'b'))).toBe('ABCDE');
    const loaded = await storage.load('a');
    expect(loaded.snapshot?.seq).toBe(0);
    expect(loaded.head).toBe(2);
    expect(await storage.append('a', [aUpdates[4]!])).toEqual({ first: 3, last: 3 });
    expect((await storage.heads(['b', 'gone'])).get('b')).toEqual({ seq: 5, deleted: false });
    expect((await storage.heads(['gone'])).get('gone')).toEqual({ seq: 0, deleted: true });
    // Opening again is a no-op.
    db.close();
    const again = openDatabase(file);
    onCleanup(() => again.close());
    expect(textOf(await storedUpdate(new SqliteStorage(again), 'a'))).toBe('abcde');
  });
});
