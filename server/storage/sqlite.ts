import type { SqliteDatabase } from '../../lib/db/sqlite';
import { type AppendOutcome, type AppendRequest, GroupCommit } from './group-commit';
import {
  type AppendOptions,
  contiguous,
  DocumentDeletedError,
  type DocumentHead,
  HeadMovedError,
  READ_PAGE_ROWS,
  type SeqRange,
  type Storage,
  StorageError,
  type StoredDocument,
  type StoredRow,
  type SwapResult,
} from './storage';

interface HeadRow {
  seq: number;
  deleted: number;
}

/**
 * SQLite storage over `doc_heads`, `doc_updates` and `doc_snapshots` (see
 * lib/db/schema.ts). better-sqlite3 is synchronous; appends of every document
 * that arrive together are one IMMEDIATE transaction, committed with
 * synchronous=FULL before any of their promises resolves (group commit).
 */
export class SqliteStorage implements Storage {
  private readonly group: GroupCommit;
  private readonly statements;
  private readonly appendBatch;
  private readonly swap;
  private readonly deleteAll;

  constructor(private readonly db: SqliteDatabase) {
    const s = {
      head: db.prepare('SELECT seq, deleted FROM doc_heads WHERE doc = ?'),
      setHead: db.prepare(
        'INSERT INTO doc_heads (doc, seq) VALUES (?, ?) ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq',
      ),
      insertRow: db.prepare('INSERT INTO doc_updates (doc, seq, data) VALUES (?, ?, ?)'),
      snapshot: db.prepare('SELECT seq, data FROM doc_snapshots WHERE doc = ?'),
      page: db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq LIMIT ?'),
      upsertSnapshot: db.prepare(
        `INSERT INTO doc_snapshots (doc, seq, data, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at`,
      ),
      deleteUpTo: db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?'),
      deleteLog: db.prepare('DELETE FROM doc_updates WHERE doc = ?'),
      deleteSnapshot: db.prepare('DELETE FROM doc_snapshots WHERE doc = ?'),
      markDeleted: db.prepare(
        'INSERT INTO doc_heads (doc, seq, deleted) VALUES (?, 0, 1) ON CONFLICT (doc) DO UPDATE SET deleted = 1',
      ),
      countLog: db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?'),
    };
    this.statements = s;

    this.appendBatch = db.transaction((requests: readonly AppendRequest[]): AppendOutcome[] =>
      requests.map(({ doc, updates, expectHead }) => {
        const head = s.head.get(doc) as HeadRow | undefined;
        if (head?.deleted) return new DocumentDeletedError(doc);
        const current = head?.seq ?? 0;
        if (expectHead !== undefined && expectHead !== current) return new HeadMovedError(doc, expectHead, current);
        let seq = current;
        for (const update of updates) s.insertRow.run(doc, ++seq, update);
        s.setHead.run(doc, seq);
        return { first: current + 1, last: seq };
      }),
    );
    this.swap = db.transaction((doc: string, expectedSeq: number, snapshot: StoredRow): SwapResult => {
      const head = s.head.get(doc) as HeadRow | undefined;
      const current = (s.snapshot.get(doc) as { seq: number } | undefined)?.seq ?? 0;
      if (!head || head.deleted || current !== expectedSeq || snapshot.seq > head.seq || snapshot.seq <= current) {
        return { swapped: false, snapshotSeq: current };
      }
      s.upsertSnapshot.run(doc, snapshot.seq, snapshot.data, Date.now());
      s.deleteUpTo.run(doc, snapshot.seq);
      return { swapped: true, snapshotSeq: snapshot.seq };
    });
    this.deleteAll = db.transaction((doc: string) => {
      s.markDeleted.run(doc);
      s.deleteLog.run(doc);
      s.deleteSnapshot.run(doc);
    });
    this.group = new GroupCommit(async (requests) =>
      this.run(`append to ${requests.length} document(s)`, () => this.appendBatch.immediate(requests)),
    );
  }

  append(doc: string, updates: readonly Uint8Array[], options?: AppendOptions): Promise<SeqRange> {
    return this.group.append(doc, updates, options);
  }

  async load(doc: string): Promise<StoredDocument> {
    const { head, snapshot } = this.run(`read ${doc}`, () =>
      this.db
        .transaction(() => {
          const headRow = this.statements.head.get(doc) as HeadRow | undefined;
          const snapshotRow = this.statements.snapshot.get(doc) as { seq: number; data: Buffer } | undefined;
          return {
            head: headRow && !headRow.deleted ? headRow.seq : 0,
            snapshot: headRow?.deleted ? undefined : snapshotRow,
          };
        })
        .deferred(),
    );
    const after = snapshot?.seq ?? 0;
    return {
      head,
      snapshot: snapshot ? { seq: snapshot.seq, data: snapshot.data } : null,
      rows: contiguous(doc, after, head, this.pages(doc, after)),
    };
  }

  readAfter(doc: string, after: number): AsyncIterable<StoredRow> {
    return contiguous(doc, after, null, this.pages(doc, after));
  }

  async heads(docs: readonly string[]): Promise<Map<string, DocumentHead>> {
    const found = new Map<string, DocumentHead>();
    this.run('read heads', () => {
      for (const doc of docs) {
        const row = this.statements.head.get(doc) as HeadRow | undefined;
        if (row) found.set(doc, { seq: row.seq, deleted: row.deleted === 1 });
      }
    });
    return found;
  }

  async swapSnapshot(doc: string, expectedSeq: number, snapshot: StoredRow): Promise<SwapResult> {
    return this.run(`swap snapshot of ${doc}`, () => this.swap.immediate(doc, expectedSeq, snapshot));
  }

  async deleteDocument(doc: string): Promise<void> {
    this.run(`delete ${doc}`, () => this.deleteAll.immediate(doc));
  }

  async checkHealth(): Promise<void> {
    this.run('health check', () => this.db.prepare('SELECT 1').get());
  }

  /** Rows in the log for a document (tests and diagnostics). */
  logLength(doc: string): number {
    return (this.statements.countLog.get(doc) as { n: number }).n;
  }

  /** The database is shared with the directory; whoever opened it closes it. */
  async close(): Promise<void> {}

  /** One page per step, so a long log is never read into memory at once. */
  private async *pages(doc: string, after: number): AsyncGenerator<StoredRow[]> {
    let cursor = after;
    for (;;) {
      const page = this.run(
        `read ${doc}`,
        () => this.statements.page.all(doc, cursor, READ_PAGE_ROWS) as { seq: number; data: Buffer }[],
      );
      if (page.length === 0) return;
      yield page;
      cursor = page[page.length - 1]!.seq;
      if (page.length < READ_PAGE_ROWS) return;
    }
  }

  private run<T>(what: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw new StorageError(`sqlite: ${what} failed`, { cause: error });
    }
  }
}
