import type { SqliteDatabase } from '../../lib/db/sqlite';
import { type AppendOutcome, GroupCommit } from './group-commit';
import { InlineWriter, type SqliteWriter } from './sqlite-writer';
import type { PlainOutcome } from './sqlite-writes';
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

function outcome(doc: string, plain: PlainOutcome): AppendOutcome {
  if (!('refused' in plain)) return plain;
  return plain.refused === 'deleted'
    ? new DocumentDeletedError(doc)
    : new HeadMovedError(doc, plain.expected, plain.actual);
}

/**
 * SQLite storage over `doc_heads`, `doc_updates` and `doc_snapshots` (see
 * lib/db/schema.ts). Reads run on `db`; writes go through `writer`
 * (sqlite-writer.ts): this thread, or (SYNC_SQLITE_WRITER=thread) a thread of their own, so a commit's
 * fsync does not stop the event loop. Appends of every document that arrive
 * while a commit is in flight are one IMMEDIATE transaction, committed with
 * synchronous=FULL before any of their promises resolves (group commit).
 */
export class SqliteStorage implements Storage {
  private readonly group: GroupCommit;
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly writer: SqliteWriter = new InlineWriter(db),
  ) {
    this.statements = {
      head: db.prepare('SELECT seq, deleted FROM doc_heads WHERE doc = ?'),
      snapshot: db.prepare('SELECT seq, data FROM doc_snapshots WHERE doc = ?'),
      page: db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq LIMIT ?'),
      countLog: db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?'),
    };
    this.group = new GroupCommit(async (requests) => {
      // Only the data crosses to the writer thread (the queue's entries also hold their promises' callbacks).
      const plain = await this.writer.appendBatch(
        requests.map(({ doc, updates, expectHead }) => ({ doc, updates, expectHead })),
      );
      return plain.map((result, i) => outcome(requests[i]!.doc, result));
    });
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

  swapSnapshot(doc: string, expectedSeq: number, snapshot: StoredRow): Promise<SwapResult> {
    return this.writer.swapSnapshot(doc, expectedSeq, snapshot.seq, snapshot.data);
  }

  deleteDocument(doc: string): Promise<void> {
    return this.writer.deleteDocument(doc);
  }

  async checkHealth(): Promise<void> {
    this.run('health check', () => this.db.prepare('SELECT 1').get());
  }

  /** Rows in the log for a document (tests and diagnostics). */
  logLength(doc: string): number {
    return (this.statements.countLog.get(doc) as { n: number }).n;
  }

  /** Commits what is queued, then ends the writer; the database is shared with the directory, whoever opened it closes it. */
  async close(): Promise<void> {
    await this.group.drained();
    await this.writer.close();
  }

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
