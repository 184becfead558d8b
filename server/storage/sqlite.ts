import type { SqliteDatabase } from '../../lib/db/sqlite';
import { mergeThroughDoc, yieldToEventLoop } from './merge';
import { type Storage, StorageError, type StoredState } from './storage';

/** A document's snapshot and the log rows after it, read at one instant. */
interface StoredRows {
  snapshot: { data: Buffer; last_seq: number } | undefined;
  log: { seq: number; data: Buffer }[];
}

/**
 * SQLite storage over `doc_updates` (the log) and `doc_snapshots` (see
 * lib/db/schema.ts). better-sqlite3 is synchronous: each append is one
 * transaction, committed with synchronous=FULL before the promise resolves.
 * The room batches updates that arrive together into one call (group commit).
 */
export class SqliteStorage implements Storage {
  private readonly appendMany;
  private readonly readRows;
  private readonly swapSnapshot;
  private readonly deleteAll;
  private readonly countLog;

  constructor(private readonly db: SqliteDatabase) {
    const insertUpdate = db.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)');
    const selectSnapshot = db.prepare('SELECT data, last_seq FROM doc_snapshots WHERE doc = ?');
    const selectLog = db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq');
    const selectLogRow = db.prepare('SELECT 1 FROM doc_updates WHERE seq = ?');
    const upsertSnapshot = db.prepare(
      `INSERT INTO doc_snapshots (doc, data, last_seq, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc) DO UPDATE SET data = excluded.data, last_seq = excluded.last_seq,
         updated_at = excluded.updated_at`,
    );
    const deleteLogUpTo = db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?');
    const deleteLog = db.prepare('DELETE FROM doc_updates WHERE doc = ?');
    const deleteSnapshot = db.prepare('DELETE FROM doc_snapshots WHERE doc = ?');
    this.countLog = db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?');

    this.appendMany = db.transaction((doc: string, updates: readonly Uint8Array[]) => {
      for (const update of updates) insertUpdate.run(doc, update);
    });
    // One read transaction so the snapshot and the log are from the same instant.
    this.readRows = db.transaction((doc: string): StoredRows => {
      const snapshot = selectSnapshot.get(doc) as StoredRows['snapshot'];
      const log = selectLog.all(doc, snapshot?.last_seq ?? 0) as StoredRows['log'];
      return { snapshot, log };
    });
    this.swapSnapshot = db.transaction((doc: string, base: number | null, merged: Uint8Array, lastSeq: number) => {
      const current = selectSnapshot.get(doc) as StoredRows['snapshot'];
      // A concurrent compaction (or a delete) changed the base: drop our result.
      if ((current?.last_seq ?? null) !== base) return;
      if (!selectLogRow.get(lastSeq)) return;
      upsertSnapshot.run(doc, merged, lastSeq, Date.now());
      deleteLogUpTo.run(doc, lastSeq);
    });
    this.deleteAll = db.transaction((doc: string) => {
      deleteLog.run(doc);
      deleteSnapshot.run(doc);
    });
  }

  async appendUpdates(doc: string, updates: readonly Uint8Array[]): Promise<void> {
    if (updates.length === 0) return;
    this.run(`append to ${doc}`, () => this.appendMany.immediate(doc, updates));
  }

  async load(doc: string): Promise<StoredState> {
    const rows = this.read(doc);
    if (!rows.snapshot && rows.log.length === 0) return { update: null, logLength: 0 };
    return { update: mergeThroughDoc(doc, parts(rows)), logLength: rows.log.length };
  }

  async compact(doc: string): Promise<void> {
    const rows = this.read(doc);
    const last = rows.log[rows.log.length - 1];
    if (!last) return;
    const merged = mergeThroughDoc(doc, parts(rows));
    // Build outside the write lock, then swap. Appends that land in this gap
    // have seq > last.seq and are left in the log.
    await yieldToEventLoop();
    this.run(`swap snapshot of ${doc}`, () =>
      this.swapSnapshot.immediate(doc, rows.snapshot?.last_seq ?? null, merged, last.seq),
    );
  }

  async deleteDocument(doc: string): Promise<void> {
    this.run(`delete ${doc}`, () => this.deleteAll.immediate(doc));
  }

  async checkHealth(): Promise<void> {
    this.run('health check', () => this.db.prepare('SELECT 1').get());
  }

  /** Rows in the log for a document (tests and diagnostics). */
  logLength(doc: string): number {
    return (this.countLog.get(doc) as { n: number }).n;
  }

  /** The database is shared with the directory; whoever opened it closes it. */
  async close(): Promise<void> {}

  private read(doc: string): StoredRows {
    return this.run(`read ${doc}`, () => this.readRows.deferred(doc));
  }

  private run<T>(what: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw new StorageError(`sqlite: ${what} failed`, { cause: error });
    }
  }
}

function parts({ snapshot, log }: StoredRows): Buffer[] {
  const updates = log.map((row) => row.data);
  return snapshot ? [snapshot.data, ...updates] : updates;
}
