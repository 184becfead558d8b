import type { PoolClient } from 'pg';
import { inTransaction, type PgPool } from '../../lib/db/postgres';
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

/**
 * PostgreSQL storage over `doc_heads`, `doc_updates`, `doc_snapshots` (see
 * lib/db/postgres.ts).
 *
 * Appends of every document of this process that arrive together are one
 * transaction (group commit): lock the batch's head rows in document order
 * (row locks, so two processes writing one document serialise and never share
 * a sequence number, and never deadlock on each other), insert the rows, move
 * the heads, commit: four round trips whatever the number of documents.
 *
 * Locks on a head row: appends take FOR NO KEY UPDATE (through the upsert),
 * a snapshot swap FOR KEY SHARE (so it does not block appends, which only
 * ever add rows above the head it read), a delete FOR UPDATE (so it waits for,
 * and is waited for by, both).
 */
export class PostgresStorage implements Storage {
  private readonly group = new GroupCommit((requests) => this.commitBatch(requests));

  constructor(private readonly pool: PgPool) {}

  append(doc: string, updates: readonly Uint8Array[], options?: AppendOptions): Promise<SeqRange> {
    return this.group.append(doc, updates, options);
  }

  async load(doc: string): Promise<StoredDocument> {
    const { rows } = await this.query(
      `read ${doc}`,
      `SELECT h.seq, h.deleted, s.seq AS snapshot_seq, s.data
         FROM doc_heads h LEFT JOIN doc_snapshots s ON s.doc = h.doc
        WHERE h.doc = $1`,
      [doc],
    );
    const row = rows[0] as
      | { seq: string; deleted: boolean; snapshot_seq: string | null; data: Buffer | null }
      | undefined;
    if (!row || row.deleted) return { head: 0, snapshot: null, rows: contiguous(doc, 0, 0, noPages()) };
    const head = Number(row.seq);
    const snapshot = row.data && row.snapshot_seq !== null ? { seq: Number(row.snapshot_seq), data: row.data } : null;
    const after = snapshot?.seq ?? 0;
    return { head, snapshot, rows: contiguous(doc, after, head, this.pages(doc, after)) };
  }

  readAfter(doc: string, after: number): AsyncIterable<StoredRow> {
    return contiguous(doc, after, null, this.pages(doc, after));
  }

  async heads(docs: readonly string[]): Promise<Map<string, DocumentHead>> {
    const found = new Map<string, DocumentHead>();
    if (docs.length === 0) return found;
    const { rows } = await this.query('read heads', 'SELECT doc, seq, deleted FROM doc_heads WHERE doc = ANY($1)', [
      docs,
    ]);
    for (const row of rows as { doc: string; seq: string; deleted: boolean }[]) {
      found.set(row.doc, { seq: Number(row.seq), deleted: row.deleted });
    }
    return found;
  }

  async swapSnapshot(doc: string, expectedSeq: number, snapshot: StoredRow): Promise<SwapResult> {
    try {
      return await inTransaction(this.pool, async (client) => {
        const head = await client.query('SELECT seq, deleted FROM doc_heads WHERE doc = $1 FOR KEY SHARE', [doc]);
        const headRow = head.rows[0] as { seq: string; deleted: boolean } | undefined;
        if (!headRow || headRow.deleted || snapshot.seq > Number(headRow.seq) || snapshot.seq <= expectedSeq) {
          return { swapped: false, snapshotSeq: await currentSnapshotSeq(client, doc) };
        }
        const stored = await client.query(
          `INSERT INTO doc_snapshots (doc, seq, data, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at
             WHERE doc_snapshots.seq = $5
           RETURNING seq`,
          [doc, snapshot.seq, snapshot.data, Date.now(), expectedSeq],
        );
        if (stored.rowCount === 0) return { swapped: false, snapshotSeq: await currentSnapshotSeq(client, doc) };
        await client.query('DELETE FROM doc_updates WHERE doc = $1 AND seq <= $2', [doc, snapshot.seq]);
        return { swapped: true, snapshotSeq: snapshot.seq };
      });
    } catch (error) {
      throw new StorageError(`postgres: swap snapshot of ${doc} failed`, { cause: error });
    }
  }

  async deleteDocument(doc: string): Promise<void> {
    try {
      await inTransaction(this.pool, async (client) => {
        await client.query('SELECT 1 FROM doc_heads WHERE doc = $1 FOR UPDATE', [doc]);
        await client.query(
          `INSERT INTO doc_heads (doc, seq, deleted) VALUES ($1, 0, true)
           ON CONFLICT (doc) DO UPDATE SET deleted = true`,
          [doc],
        );
        await client.query('DELETE FROM doc_updates WHERE doc = $1', [doc]);
        await client.query('DELETE FROM doc_snapshots WHERE doc = $1', [doc]);
      });
    } catch (error) {
      throw new StorageError(`postgres: delete ${doc} failed`, { cause: error });
    }
  }

  async checkHealth(): Promise<void> {
    await this.query('health check', 'SELECT 1', []);
  }

  /** Rows in the log for a document (tests and diagnostics). */
  async logLength(doc: string): Promise<number> {
    const { rows } = await this.query('count', 'SELECT COUNT(*)::int AS n FROM doc_updates WHERE doc = $1', [doc]);
    return (rows[0] as { n: number }).n;
  }

  /** The pool is shared with the directory; whoever created it ends it. */
  async close(): Promise<void> {}

  private async commitBatch(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    // Lock (creating where missing) the heads in one fixed order: two processes never wait on each other in a cycle.
    const docs = [...new Set(requests.map((request) => request.doc))].sort();
    try {
      return await inTransaction(this.pool, async (client) => {
        const locked = await client.query(
          `INSERT INTO doc_heads (doc, seq) SELECT doc, 0 FROM unnest($1::text[]) AS t(doc)
           ON CONFLICT (doc) DO UPDATE SET seq = doc_heads.seq
           RETURNING doc, seq, deleted`,
          [docs],
        );
        const heads = new Map<string, { seq: number; deleted: boolean }>();
        for (const row of locked.rows as { doc: string; seq: string; deleted: boolean }[]) {
          heads.set(row.doc, { seq: Number(row.seq), deleted: row.deleted });
        }
        const rowDocs: string[] = [];
        const rowSeqs: number[] = [];
        const rowData: Uint8Array[] = [];
        const headDocs: string[] = [];
        const headSeqs: number[] = [];
        const outcomes = requests.map(({ doc, updates, expectHead }): AppendOutcome => {
          const head = heads.get(doc)!;
          if (head.deleted) return new DocumentDeletedError(doc);
          if (expectHead !== undefined && expectHead !== head.seq) return new HeadMovedError(doc, expectHead, head.seq);
          const first = head.seq + 1;
          for (const update of updates) {
            rowDocs.push(doc);
            rowSeqs.push(++head.seq);
            rowData.push(update);
          }
          headDocs.push(doc);
          headSeqs.push(head.seq);
          return { first, last: head.seq };
        });
        if (rowDocs.length > 0) {
          await client.query(
            `WITH rows AS (
               INSERT INTO doc_updates (doc, seq, data)
               SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[])
             )
             UPDATE doc_heads h SET seq = v.seq FROM unnest($4::text[], $5::bigint[]) AS v(doc, seq) WHERE h.doc = v.doc`,
            [rowDocs, rowSeqs, rowData.map(toBuffer), headDocs, headSeqs],
          );
        }
        return outcomes;
      });
    } catch (error) {
      throw new StorageError(`postgres: append to ${docs.length} document(s) failed`, { cause: error });
    }
  }

  private async *pages(doc: string, after: number): AsyncGenerator<StoredRow[]> {
    let cursor = after;
    for (;;) {
      const { rows } = await this.query(
        `read ${doc}`,
        'SELECT seq, data FROM doc_updates WHERE doc = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [doc, cursor, READ_PAGE_ROWS],
      );
      const page = (rows as { seq: string; data: Buffer }[]).map((row) => ({ seq: Number(row.seq), data: row.data }));
      if (page.length === 0) return;
      yield page;
      cursor = page[page.length - 1]!.seq;
      if (page.length < READ_PAGE_ROWS) return;
    }
  }

  private async query(what: string, text: string, values: unknown[]) {
    try {
      return await this.pool.query(text, values);
    } catch (error) {
      throw new StorageError(`postgres: ${what} failed`, { cause: error });
    }
  }
}

async function currentSnapshotSeq(client: PoolClient, doc: string): Promise<number> {
  const { rows } = await client.query('SELECT seq FROM doc_snapshots WHERE doc = $1', [doc]);
  return rows[0] ? Number((rows[0] as { seq: string }).seq) : 0;
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

async function* noPages(): AsyncGenerator<StoredRow[]> {}
