/**
 * The sync server's writer thread (server/storage/sqlite-writer.ts): its
 * commits are durable when they resolve, it drains before it closes, and a
 * thread that dies fails only what it had not answered.
 */
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile } from '../../lib/data-dir';
import { openDatabase } from '../../lib/db/sqlite';
import { SqliteStorage } from '../../server/storage/sqlite';
import { WorkerWriter } from '../../server/storage/sqlite-writer';
import { StorageError } from '../../server/storage/storage';
import { cleanup, onCleanup, tempDir } from './helpers';

afterEach(cleanup);

function open() {
  const file = databaseFile(tempDir());
  const db = openDatabase(file);
  const writer = new WorkerWriter(file);
  const storage = new SqliteStorage(db, writer);
  onCleanup(async () => {
    await storage.close();
    db.close();
  });
  return { file, db, writer, storage };
}

/** The thread behind a writer, to end it the way a crash would. */
function threadOf(writer: WorkerWriter): Worker {
  return (writer as unknown as { worker: Worker }).worker;
}

const rows = (db: ReturnType<typeof openDatabase>, doc: string) =>
  (db.prepare('SELECT seq FROM doc_updates WHERE doc = ? ORDER BY seq').all(doc) as { seq: number }[]).map(
    (row) => row.seq,
  );

describe('sqlite writer thread', () => {
  it('an append is on disk when it resolves, seen by another connection and after a reopen', async () => {
    const { file, db, storage } = open();
    expect(await storage.append('a', [Uint8Array.of(1), Uint8Array.of(2)])).toEqual({ first: 1, last: 2 });
    expect(rows(db, 'a')).toEqual([1, 2]);
    const other = openDatabase(file);
    onCleanup(() => other.close());
    expect(rows(other, 'a')).toEqual([1, 2]);
  });

  it('appends issued together across documents resolve in order with contiguous ranges', async () => {
    const { db, storage } = open();
    const appends = [];
    for (let i = 0; i < 200; i++) appends.push(storage.append(`doc-${i % 7}`, [Uint8Array.of(i)]));
    const ranges = await Promise.all(appends);
    for (let d = 0; d < 7; d++) {
      const mine = ranges.filter((_, i) => i % 7 === d).map((range) => range.first);
      expect(mine).toEqual(mine.map((_, i) => i + 1));
      expect(rows(db, `doc-${d}`)).toEqual(mine);
    }
  });

  it('close() lets queued writes finish first', async () => {
    const { db, storage } = open();
    const pending = [storage.append('a', [Uint8Array.of(1)]), storage.append('b', [Uint8Array.of(2)])];
    await storage.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(2);
    expect(rows(db, 'a')).toEqual([1]);
    expect(rows(db, 'b')).toEqual([1]);
    await expect(storage.append('a', [Uint8Array.of(3)])).rejects.toBeInstanceOf(StorageError);
  });

  it('a thread that dies fails what it had not answered, and the next write starts another', async () => {
    const { db, writer, storage } = open();
    await storage.append('a', [Uint8Array.of(1)]);
    const before = threadOf(writer);
    // Queued behind a batch that keeps the thread busy for a while, so it cannot have been answered.
    const busy = writer.appendBatch([
      { doc: 'b', updates: Array.from({ length: 20_000 }, () => new Uint8Array(64)), expectHead: undefined },
    ]);
    const inFlight = writer.appendBatch([{ doc: 'a', updates: [Uint8Array.of(2)], expectHead: undefined }]);
    await before.terminate();
    await busy.catch(() => undefined);
    // Whether it committed is unknown (as when a database connection drops during COMMIT): it must not resolve.
    await expect(inFlight).rejects.toBeInstanceOf(StorageError);
    const next = await storage.append('a', [Uint8Array.of(3)]);
    expect(threadOf(writer)).not.toBe(before);
    // The new thread continues from the stored head, whatever the lost write did.
    expect(rows(db, 'a')).toEqual(Array.from({ length: next.last }, (_, i) => i + 1));
  });

  it('a refused write reports the storage error, not a thread failure', async () => {
    const { storage } = open();
    await storage.append('gone', [Uint8Array.of(1)]);
    await storage.deleteDocument('gone');
    await expect(storage.append('gone', [Uint8Array.of(2)])).rejects.toMatchObject({ name: 'DocumentDeletedError' });
    // The thread survived the refusal.
    expect(await storage.append('kept', [Uint8Array.of(1)])).toEqual({ first: 1, last: 1 });
  });
});
