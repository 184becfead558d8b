/**
 * The storage contract: every backend must pass this suite unchanged.
 * (PostgreSQL joins by adding one entry to `backends`.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { databaseFile } from '../../lib/data-dir';
import { openDatabase } from '../../lib/db/sqlite';
import { MemoryStorage } from '../../server/storage/memory';
import { SqliteStorage } from '../../server/storage/sqlite';
import { type Storage, StorageError } from '../../server/storage/storage';
import { cleanup, onCleanup, tempDir } from './helpers';

afterEach(cleanup);

interface Backend {
  name: string;
  open(): { storage: Storage; reopen(): Storage; corrupt(doc: string): void };
}

const backends: Backend[] = [
  {
    name: 'memory',
    open() {
      const storage = new MemoryStorage();
      return {
        storage,
        reopen: () => storage,
        corrupt: (doc) => void storage.appendUpdates(doc, [Uint8Array.of(9, 9, 9)]),
      };
    },
  },
  {
    name: 'sqlite',
    open() {
      const file = databaseFile(tempDir());
      const db = openDatabase(file);
      onCleanup(() => db.close());
      return {
        storage: new SqliteStorage(db),
        reopen() {
          const again = openDatabase(file);
          onCleanup(() => again.close());
          return new SqliteStorage(again);
        },
        corrupt: (doc) =>
          void db.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)').run(doc, Uint8Array.of(9, 9, 9)),
      };
    },
  },
];

/** A client that records each of its updates, as the server receives them. */
function editor() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates, type: (at: number, text: string) => doc.getText('t').insert(at, text) };
}

function textOf(update: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

describe.each(backends)('storage contract: $name', (backend) => {
  it('loads null for a document never stored', async () => {
    const { storage } = backend.open();
    expect(await storage.load('nothing')).toEqual({ update: null, logLength: 0 });
  });

  it('appends updates and loads their merged state, durably', async () => {
    const { storage, reopen } = backend.open();
    const e = editor();
    for (const ch of 'hello') e.type(e.doc.getText('t').length, ch);
    await storage.appendUpdates('d', e.updates.slice(0, 2));
    await storage.appendUpdates('d', e.updates.slice(2));
    const loaded = await reopen().load('d');
    expect(textOf(loaded.update)).toBe('hello');
    expect(loaded.logLength).toBe(5);
    expect(textOf((await storage.load('other')).update)).toBe('');
  });

  it('compacts the log into a snapshot without changing the state', async () => {
    const { storage } = backend.open();
    const e = editor();
    for (let i = 0; i < 50; i++) e.type(0, String(i % 10));
    await storage.appendUpdates('d', e.updates);
    await storage.compact('d');
    const loaded = await storage.load('d');
    expect(textOf(loaded.update)).toBe(e.doc.getText('t').toString());
    expect(loaded.logLength).toBe(0);
    // Compacting again (nothing new) and appending after a snapshot both keep working.
    await storage.compact('d');
    e.type(0, 'Z');
    await storage.appendUpdates('d', e.updates.slice(-1));
    expect(textOf((await storage.load('d')).update)).toBe(e.doc.getText('t').toString());
    expect((await storage.load('d')).logLength).toBe(1);
  });

  it('keeps an update that arrives during compaction', async () => {
    const { storage } = backend.open();
    const e = editor();
    for (const ch of 'abc') e.type(e.doc.getText('t').length, ch);
    await storage.appendUpdates('d', e.updates);
    const compaction = storage.compact('d');
    e.type(3, 'd');
    await storage.appendUpdates('d', e.updates.slice(-1)); // lands while compaction builds its snapshot
    await compaction;
    const loaded = await storage.load('d');
    expect(textOf(loaded.update)).toBe('abcd');
    expect(loaded.logLength).toBe(1);
  });

  it('runs concurrent compactions without losing anything', async () => {
    const { storage } = backend.open();
    const e = editor();
    for (const ch of 'concurrent') e.type(e.doc.getText('t').length, ch);
    await storage.appendUpdates('d', e.updates);
    await Promise.all([storage.compact('d'), storage.compact('d')]);
    expect(textOf((await storage.load('d')).update)).toBe('concurrent');
  });

  it('deletes a document entirely, and only that one', async () => {
    const { storage } = backend.open();
    const e = editor();
    e.type(0, 'x');
    await storage.appendUpdates('gone', e.updates);
    await storage.appendUpdates('kept', e.updates);
    await storage.compact('gone');
    e.type(1, 'y');
    await storage.appendUpdates('gone', e.updates.slice(-1));
    await storage.deleteDocument('gone');
    expect(await storage.load('gone')).toEqual({ update: null, logLength: 0 });
    expect(textOf((await storage.load('kept')).update)).toBe('x');
  });

  it('fails a load of corrupt data loudly and leaves the stored data alone', async () => {
    const { storage, corrupt } = backend.open();
    const e = editor();
    e.type(0, 'precious');
    await storage.appendUpdates('d', e.updates);
    corrupt('d');
    await expect(storage.load('d')).rejects.toBeInstanceOf(StorageError);
    // Compaction of unreadable data must fail too, not replace it with an empty snapshot.
    await expect(storage.compact('d')).rejects.toBeInstanceOf(StorageError);
    await expect(storage.load('d')).rejects.toBeInstanceOf(StorageError);
  });

  it('answers the health check', async () => {
    const { storage } = backend.open();
    await expect(storage.checkHealth()).resolves.toBeUndefined();
  });
});
