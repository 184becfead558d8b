/**
 * The storage contract: every backend (memory, SQLite, PostgreSQL) passes this
 * suite unchanged. Storage knows positions, not Yjs: per-document sequences,
 * a snapshot that covers a sequence, a compare-and-swap to replace it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { databaseFile } from '../../lib/data-dir';
import { openDatabase } from '../../lib/db/sqlite';
import { MemoryStorage } from '../../server/storage/memory';
import { PostgresStorage } from '../../server/storage/postgres';
import { SqliteStorage } from '../../server/storage/sqlite';
import { WorkerWriter } from '../../server/storage/sqlite-writer';
import {
  DocumentDeletedError,
  HeadMovedError,
  READ_PAGE_ROWS,
  StaleReadError,
  type Storage,
  StorageError,
  type StoredRow,
} from '../../server/storage/storage';
import { loadStoredDoc } from '../../server/stored-doc';
import { cleanup, onCleanup, tempDir } from './helpers';
import { testSchema } from './pg';

afterEach(cleanup);

interface Opened {
  storage: Storage;
  /** The same data through a new connection: durability, and a second writer ("another process"). */
  reopen(): Storage;
  /** Stores a row that is not a Yjs update, behind the storage's back. */
  corrupt(doc: string, seq: number): Promise<void>;
}

interface Backend {
  name: string;
  open(): Promise<Opened>;
}

const backends: Backend[] = [
  {
    name: 'memory',
    async open() {
      const storage = new MemoryStorage();
      return {
        storage,
        reopen: () => storage,
        corrupt: async (doc) => void (await storage.append(doc, [Uint8Array.of(9, 9, 9)])),
      };
    },
  },
  {
    name: 'sqlite',
    async open() {
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
        corrupt: async (doc, seq) => {
          db.prepare('INSERT INTO doc_updates (doc, seq, data) VALUES (?, ?, ?)').run(doc, seq, Uint8Array.of(9, 9, 9));
          db.prepare('UPDATE doc_heads SET seq = ? WHERE doc = ?').run(seq, doc);
        },
      };
    },
  },
  {
    // The sync server's configuration: writes on the writer thread, reads on this one.
    name: 'sqlite (writer thread)',
    async open() {
      const file = databaseFile(tempDir());
      const db = openDatabase(file);
      const storage = new SqliteStorage(db, new WorkerWriter(file));
      onCleanup(async () => {
        await storage.close();
        db.close();
      });
      return {
        storage,
        reopen() {
          const again = openDatabase(file);
          const reopened = new SqliteStorage(again, new WorkerWriter(file));
          onCleanup(async () => {
            await reopened.close();
            again.close();
          });
          return reopened;
        },
        corrupt: async (doc, seq) => {
          db.prepare('INSERT INTO doc_updates (doc, seq, data) VALUES (?, ?, ?)').run(doc, seq, Uint8Array.of(9, 9, 9));
          db.prepare('UPDATE doc_heads SET seq = ? WHERE doc = ?').run(seq, doc);
        },
      };
    },
  },
  {
    name: 'postgres',
    async open() {
      const schema = await testSchema();
      const pool = schema.pool();
      return {
        storage: new PostgresStorage(pool),
        reopen: () => new PostgresStorage(schema.pool()),
        corrupt: async (doc, seq) => {
          await pool.query('INSERT INTO doc_updates (doc, seq, data) VALUES ($1, $2, $3)', [
            doc,
            seq,
            Buffer.of(9, 9, 9),
          ]);
          await pool.query('UPDATE doc_heads SET seq = $1 WHERE doc = $2', [seq, doc]);
        },
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

async function collect(rows: AsyncIterable<StoredRow>): Promise<StoredRow[]> {
  const all: StoredRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

/** The text a stored document holds, read the way a room reads it. */
async function storedText(storage: Storage, doc: string): Promise<string> {
  const ydoc = new Y.Doc();
  try {
    await loadStoredDoc(storage, doc, ydoc);
    return ydoc.getText('t').toString();
  } finally {
    ydoc.destroy();
  }
}

/** What a room compacts: the state of everything stored up to the head. */
async function compactNow(storage: Storage, doc: string): Promise<{ seq: number; data: Uint8Array; base: number }> {
  const ydoc = new Y.Doc();
  const positions = await loadStoredDoc(storage, doc, ydoc);
  const data = Y.encodeStateAsUpdate(ydoc);
  ydoc.destroy();
  return { seq: positions.head, data, base: positions.snapshotSeq };
}

describe.each(backends)('storage contract: $name', (backend) => {
  it('loads nothing for a document never stored', async () => {
    const { storage } = await backend.open();
    const loaded = await storage.load('nothing');
    expect(loaded.head).toBe(0);
    expect(loaded.snapshot).toBeNull();
    expect(await collect(loaded.rows)).toEqual([]);
    expect(await storage.heads(['nothing'])).toEqual(new Map());
  });

  it('numbers appends per document, without gaps, durably', async () => {
    const { storage, reopen } = await backend.open();
    const e = editor();
    for (const ch of 'hello') e.type(e.doc.getText('t').length, ch);
    expect(await storage.append('d', e.updates.slice(0, 2))).toEqual({ first: 1, last: 2 });
    expect(await storage.append('other', e.updates.slice(0, 1))).toEqual({ first: 1, last: 1 });
    expect(await storage.append('d', e.updates.slice(2))).toEqual({ first: 3, last: 5 });
    const again = reopen();
    const loaded = await again.load('d');
    expect(loaded.head).toBe(5);
    expect((await collect(loaded.rows)).map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await storedText(again, 'd')).toBe('hello');
    expect(await again.heads(['d', 'other', 'none'])).toEqual(
      new Map([
        ['d', { seq: 5, deleted: false }],
        ['other', { seq: 1, deleted: false }],
      ]),
    );
  });

  it('commits appends to many documents issued together (group commit) each in order', async () => {
    const { storage } = await backend.open();
    const e = editor();
    e.type(0, 'x');
    const docs = Array.from({ length: 20 }, (_, i) => `doc-${i}`);
    const ranges = await Promise.all(
      docs.flatMap((doc) => [storage.append(doc, e.updates), storage.append(doc, e.updates)]),
    );
    expect(ranges).toEqual(
      docs.flatMap(() => [
        { first: 1, last: 1 },
        { first: 2, last: 2 },
      ]),
    );
    const heads = await storage.heads(docs);
    expect([...heads.values()].every((head) => head.seq === 2)).toBe(true);
  });

  it('reads a long log in order, page by page, and catches up after a position', async () => {
    const { storage } = await backend.open();
    const e = editor();
    const count = READ_PAGE_ROWS * 2 + 7;
    for (let i = 0; i < count; i++) e.type(e.doc.getText('t').length, String(i % 10));
    for (const update of e.updates) await storage.append('long', [update]);
    const loaded = await storage.load('long');
    expect((await collect(loaded.rows)).map((row) => row.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect((await collect(storage.readAfter('long', count - 3))).map((row) => row.seq)).toEqual([
      count - 2,
      count - 1,
      count,
    ]);
    expect(await storedText(storage, 'long')).toBe(e.doc.getText('t').toString());
  });

  it('swaps in a snapshot by compare-and-swap and deletes only the rows it covers', async () => {
    const { storage } = await backend.open();
    const e = editor();
    for (let i = 0; i < 50; i++) e.type(0, String(i % 10));
    await storage.append('d', e.updates);
    const { seq, data } = await compactNow(storage, 'd');
    expect(await storage.swapSnapshot('d', 0, { seq, data })).toEqual({ swapped: true, snapshotSeq: 50 });
    const loaded = await storage.load('d');
    expect(loaded.snapshot?.seq).toBe(50);
    expect(await collect(loaded.rows)).toEqual([]);
    expect(await storedText(storage, 'd')).toBe(e.doc.getText('t').toString());
    // A stale base is refused and changes nothing.
    expect(await storage.swapSnapshot('d', 0, { seq, data: Uint8Array.of(0, 0) })).toEqual({
      swapped: false,
      snapshotSeq: 50,
    });
    // A snapshot beyond the head is refused.
    expect((await storage.swapSnapshot('d', 50, { seq: 51, data })).swapped).toBe(false);
    // Appending after a snapshot continues the sequence.
    e.type(0, 'Z');
    expect(await storage.append('d', e.updates.slice(-1))).toEqual({ first: 51, last: 51 });
    expect(await storedText(storage, 'd')).toBe(e.doc.getText('t').toString());
  });

  it('keeps rows appended while a compaction was being built', async () => {
    const { storage } = await backend.open();
    const e = editor();
    for (const ch of 'abc') e.type(e.doc.getText('t').length, ch);
    await storage.append('d', e.updates);
    const built = await compactNow(storage, 'd');
    e.type(3, 'd');
    await storage.append('d', e.updates.slice(-1)); // lands between the build and the swap
    expect((await storage.swapSnapshot('d', built.base, built)).swapped).toBe(true);
    const loaded = await storage.load('d');
    expect((await collect(loaded.rows)).map((row) => row.seq)).toEqual([4]);
    expect(await storedText(storage, 'd')).toBe('abcd');
  });

  it('lets exactly one of two concurrent compactions (two processes) win', async () => {
    const { storage, reopen } = await backend.open();
    const other = reopen();
    const e = editor();
    for (const ch of 'concurrent') e.type(e.doc.getText('t').length, ch);
    await storage.append('d', e.updates);
    const [a, b] = await Promise.all([compactNow(storage, 'd'), compactNow(other, 'd')]);
    const results = await Promise.all([storage.swapSnapshot('d', a.base, a), other.swapSnapshot('d', b.base, b)]);
    expect(results.filter((result) => result.swapped)).toHaveLength(1);
    expect(results.every((result) => result.snapshotSeq === 10)).toBe(true);
    expect(await storedText(storage, 'd')).toBe('concurrent');
  });

  it('never gives two writers (two processes) the same sequence number', async () => {
    const { storage, reopen } = await backend.open();
    const other = reopen();
    const e = editor();
    for (let i = 0; i < 40; i++) e.type(e.doc.getText('t').length, String(i % 10));
    const writes = e.updates.map((update, i) => (i % 2 === 0 ? storage : other).append('shared', [update]));
    const ranges = await Promise.all(writes);
    expect(ranges.map((range) => range.first).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(await storedText(storage, 'shared')).toBe(e.doc.getText('t').toString());
  });

  it('appends with an expected head only when it still is the head', async () => {
    const { storage } = await backend.open();
    const e = editor();
    e.type(0, 'seed');
    expect(await storage.append('d', e.updates, { expectHead: 0 })).toEqual({ first: 1, last: 1 });
    await expect(storage.append('d', e.updates, { expectHead: 0 })).rejects.toBeInstanceOf(HeadMovedError);
    expect((await storage.load('d')).head).toBe(1);
  });

  it('notices rows compacted away under a paged read', async () => {
    const { storage, reopen } = await backend.open();
    const e = editor();
    for (let i = 0; i < READ_PAGE_ROWS + 10; i++) e.type(0, 'x');
    for (const update of e.updates) await storage.append('d', [update]);
    const loaded = await storage.load('d');
    const built = await compactNow(reopen(), 'd');
    const iterator = loaded.rows[Symbol.asyncIterator]();
    await iterator.next(); // the first page is read
    expect((await reopen().swapSnapshot('d', 0, built)).swapped).toBe(true);
    await expect(collect({ [Symbol.asyncIterator]: () => iterator })).rejects.toBeInstanceOf(StaleReadError);
    // Loading again (what rooms do) gives the whole document.
    expect(await storedText(storage, 'd')).toBe(e.doc.getText('t').toString());
  });

  it('deletes a document entirely, refuses later appends, and leaves others alone', async () => {
    const { storage } = await backend.open();
    const e = editor();
    e.type(0, 'x');
    await storage.append('gone', e.updates);
    await storage.append('kept', e.updates);
    const built = await compactNow(storage, 'gone');
    await storage.swapSnapshot('gone', 0, built);
    e.type(1, 'y');
    await storage.append('gone', e.updates.slice(-1));
    await storage.deleteDocument('gone');
    const loaded = await storage.load('gone');
    expect(loaded.head).toBe(0);
    expect(loaded.snapshot).toBeNull();
    await expect(storage.append('gone', e.updates)).rejects.toBeInstanceOf(DocumentDeletedError);
    expect((await storage.heads(['gone'])).get('gone')?.deleted).toBe(true);
    expect((await storage.swapSnapshot('gone', 0, built)).swapped).toBe(false);
    expect(await storedText(storage, 'kept')).toBe('x');
    // Deleting what was never stored also tombstones it.
    await storage.deleteDocument('never');
    await expect(storage.append('never', e.updates)).rejects.toBeInstanceOf(DocumentDeletedError);
  });

  it('fails a load of corrupt data loudly and leaves the stored data alone', async () => {
    const { storage, corrupt } = await backend.open();
    const e = editor();
    e.type(0, 'precious');
    await storage.append('d', e.updates);
    await corrupt('d', 2);
    await expect(storedText(storage, 'd')).rejects.toBeInstanceOf(StorageError);
    expect((await storage.load('d')).head).toBe(2);
    await expect(storedText(storage, 'd')).rejects.toBeInstanceOf(StorageError);
  });

  it('answers the health check', async () => {
    const { storage } = await backend.open();
    await expect(storage.checkHealth()).resolves.toBeUndefined();
  });
});
