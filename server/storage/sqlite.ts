import type { SqliteDatabase } from '../../lib/db/sqlite';
import { mergeThroughDoc, yieldToEventLoop } from './merge';
import { type Storage, StorageError, type StoredState } from './storage';

interface SnapshotRow {
  data: Buffer;
  last_seq: number;
}

/**
 * SQLite storage over `doc_updates` (the log) and `doc_snapshots` (see
 * lib/db/schema.ts). better-sqlite3 is synchronous: each append is one
 * transaction, committed with synchronous=FULL before the promise resolves.
 * The room batches updates that arrive together into one call (group commit).
 */
export class SqliteStorage implements Storage {
  private readonly insertUpdate;
  private readonly selectSnapshot;
  private readonly selectLog;
  private readonly countLog;
  private readonly appendMany;

  constructor(private readonly db: SqliteDatabase) {
    this.insertUpdate = db.prepare('INSERT INTO doc_updates (doc, data) VALUES (?, ?)');
    this.selectSnapshot = db.prepare('SELECT data, last_seq FROM doc_snapshots WHERE doc = ?');
    this.selectLog = db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq');
    this.countLog = db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?');
    this.appendMany = db.transaction((doc: string, updates: readonly Uint8Array[]) => {
      for (const update of updates) this.insertUpdate.run(doc, update);
    });
  }

  async appendUpdates(doc: string, updates: readonly Uint8Array[]): Promise<void> {
    if (updates.length === 0) return;
    this.run(`append to ${doc}`, () => this.appendMany.immediate(doc, updates));
  }

  async load(doc: string): Promise<StoredState> {
    // One read transaction so the snapshot and the log are from the same instant.
    const { snapshot, rows } = this.run(`load ${doc}`, () =>
      this.db
        .transaction(() => {
          const snapshot = this.selectSnapshot.get(doc) as SnapshotRow | undefined;
          const rows = this.selectLog.all(doc, snapshot?.last_seq ?? 0) as { seq: number; data: Buffer }[];
          return { snapshot, rows };
        })
        .deferred(),
    );
    if (!snapshot && rows.length === 0) return { update: null, logLength: 0 };
    const parts = snapshot ? [snapshot.data, ...rows.map((row) => row.data)] : rows.map((row) => row.data);
    return { update: mergeThroughDoc(doc, parts), logLength: rows.length };
  }

  async compact(doc: string): Promise<void> {
    const read = this.run(`read ${doc} for compaction`, () =>
      this.db
        .transaction(() => {
          const snapshot = this.selectSnapshot.get(doc) as SnapshotRow | undefined;
          const rows = this.selectLog.all(doc, snapshot?.last_seq ?? 0) as { seq: number; data: Buffer }[];
          return { snapshot, rows };
        })
        .deferred(),
    );
    const last = read.rows[read.rows.length - 1];
    if (!last) return;
    const merged = mergeThroughDoc(doc, [
      ...(read.snapshot ? [read.snapshot.data] : []),
      ...read.rows.map((row) => row.data),
    ]);
    // Build outside the write lock, then swap. Appends that land in this gap
    // have seq > last.seq and are left in the log.
    await yieldToEventLoop();
    this.run(`swap snapshot of ${doc}`, () =>
      this.db
        .transaction(() => {
          const current = this.selectSnapshot.get(doc) as SnapshotRow | undefined;
          // A concurrent compaction (or delete) changed the base: drop our result.
          if ((current?.last_seq ?? null) !== (read.snapshot?.last_seq ?? null)) return;
          if (!this.db.prepare('SELECT 1 FROM doc_updates WHERE seq = ?').get(last.seq)) return;
          this.db
            .prepare(
              `INSERT INTO doc_snapshots (doc, data, last_seq, updated_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (doc) DO UPDATE SET data = excluded.data, last_seq = excluded.last_seq,
                 updated_at = excluded.updated_at`,
            )
            .run(doc, merged, last.seq, Date.now());
          this.db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?').run(doc, last.seq);
        })
        .immediate(),
    );
  }

  async deleteDocument(doc: string): Promise<void> {
    this.run(`delete ${doc}`, () =>
      this.db
        .transaction(() => {
          this.db.prepare('DELETE FROM doc_updates WHERE doc = ?').run(doc);
          this.db.prepare('DELETE FROM doc_snapshots WHERE doc = ?').run(doc);
        })
        .immediate(),
    );
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

  private run<T>(what: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw new StorageError(`sqlite: ${what} failed`, { cause: error });
    }
  }
}
