import {
  type AppendOptions,
  contiguous,
  DocumentDeletedError,
  type DocumentHead,
  HeadMovedError,
  READ_PAGE_ROWS,
  type SeqRange,
  type Storage,
  type StoredDocument,
  type StoredRow,
  type SwapResult,
} from './storage';

interface MemoryDocument {
  head: number;
  deleted: boolean;
  snapshot: StoredRow | null;
  log: StoredRow[];
}

/** In-process storage for unit tests; same semantics as SQLite and PostgreSQL, durability excluded. */
export class MemoryStorage implements Storage {
  private readonly docs = new Map<string, MemoryDocument>();

  async append(doc: string, updates: readonly Uint8Array[], options: AppendOptions = {}): Promise<SeqRange> {
    const entry = this.entry(doc);
    if (entry.deleted) throw new DocumentDeletedError(doc);
    if (options.expectHead !== undefined && options.expectHead !== entry.head) {
      throw new HeadMovedError(doc, options.expectHead, entry.head);
    }
    const first = entry.head + 1;
    for (const update of updates) entry.log.push({ seq: ++entry.head, data: update.slice() });
    return { first, last: entry.head };
  }

  async load(doc: string): Promise<StoredDocument> {
    const entry = this.docs.get(doc);
    if (!entry || entry.deleted) return { head: 0, snapshot: null, rows: contiguous(doc, 0, 0, pages([])) };
    const after = entry.snapshot?.seq ?? 0;
    return {
      head: entry.head,
      snapshot: entry.snapshot ? { seq: entry.snapshot.seq, data: entry.snapshot.data.slice() } : null,
      rows: contiguous(doc, after, entry.head, this.pagesAfter(doc, after)),
    };
  }

  readAfter(doc: string, after: number): AsyncIterable<StoredRow> {
    return contiguous(doc, after, null, this.pagesAfter(doc, after));
  }

  async heads(docs: readonly string[]): Promise<Map<string, DocumentHead>> {
    const found = new Map<string, DocumentHead>();
    for (const doc of docs) {
      const entry = this.docs.get(doc);
      if (entry) found.set(doc, { seq: entry.head, deleted: entry.deleted });
    }
    return found;
  }

  async swapSnapshot(doc: string, expectedSeq: number, snapshot: StoredRow): Promise<SwapResult> {
    const entry = this.docs.get(doc);
    const current = entry?.snapshot?.seq ?? 0;
    if (!entry || entry.deleted || current !== expectedSeq || snapshot.seq > entry.head || snapshot.seq <= current) {
      return { swapped: false, snapshotSeq: current };
    }
    entry.snapshot = { seq: snapshot.seq, data: snapshot.data.slice() };
    entry.log = entry.log.filter((row) => row.seq > snapshot.seq);
    return { swapped: true, snapshotSeq: snapshot.seq };
  }

  async deleteDocument(doc: string): Promise<void> {
    const entry = this.entry(doc);
    entry.deleted = true;
    entry.snapshot = null;
    entry.log = [];
  }

  async checkHealth(): Promise<void> {}

  async close(): Promise<void> {}

  /** Rows in the log for a document (tests and diagnostics). */
  logLength(doc: string): number {
    return this.docs.get(doc)?.log.length ?? 0;
  }

  /** Pages read lazily, one at a time, like the databases do. */
  private async *pagesAfter(doc: string, after: number): AsyncGenerator<StoredRow[]> {
    let cursor = after;
    for (;;) {
      const log = this.docs.get(doc)?.log ?? [];
      const page = log.filter((row) => row.seq > cursor).slice(0, READ_PAGE_ROWS);
      if (page.length === 0) return;
      yield page.map((row) => ({ seq: row.seq, data: row.data.slice() }));
      cursor = page[page.length - 1]!.seq;
    }
  }

  private entry(doc: string): MemoryDocument {
    let entry = this.docs.get(doc);
    if (!entry) {
      entry = { head: 0, deleted: false, snapshot: null, log: [] };
      this.docs.set(doc, entry);
    }
    return entry;
  }
}

async function* pages(rows: StoredRow[]): AsyncGenerator<StoredRow[]> {
  if (rows.length > 0) yield rows;
}
