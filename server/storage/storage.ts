/**
 * Where document updates live. Storage knows positions, not Yjs: every
 * document has an append-only log numbered 1, 2, 3… without gaps (its
 * sequence), and at most one snapshot, an opaque blob that covers every row up
 * to the sequence it records. What the rows and the snapshot mean (Yjs updates
 * and a Yjs state) is the room's business (server/stored-doc.ts); compaction is
 * done there once, from the state the server already holds, and handed to
 * `swapSnapshot`.
 *
 * Every backend (memory, SQLite, PostgreSQL) passes the one contract suite in
 * test/server/storage.test.ts.
 */

/** One row of a document's log. */
export interface StoredRow {
  seq: number;
  data: Uint8Array;
}

/** The sequence numbers one append was given: `first`..`last`, inclusive. */
export interface SeqRange {
  first: number;
  last: number;
}

export interface StoredDocument {
  /** Highest sequence ever given to this document (0: nothing was ever stored). */
  head: number;
  /** The snapshot, covering every row with `seq <= snapshot.seq`, or null. */
  snapshot: StoredRow | null;
  /**
   * The rows after the snapshot up to `head`, in order, read page by page
   * where the backend allows (a long log is never held in memory at once).
   * Iterate it at most once. A compaction by another process can delete rows
   * before they are read: the iterator then throws StaleReadError and the
   * caller loads again.
   */
  rows: AsyncIterable<StoredRow>;
}

export interface AppendOptions {
  /** Append only if the document's head is exactly this (else HeadMovedError): a first write that must be the first. */
  expectHead?: number;
}

export interface SwapResult {
  swapped: boolean;
  /** The snapshot sequence stored now: ours when swapped, else whoever won. */
  snapshotSeq: number;
}

export interface Storage {
  /**
   * Durably appends the updates, in order, as one atomic commit, and returns
   * the sequence numbers they were given. Backends may commit the appends of
   * several documents in one transaction (group commit). Throws
   * DocumentDeletedError after `deleteDocument`.
   */
  append(doc: string, updates: readonly Uint8Array[], options?: AppendOptions): Promise<SeqRange>;
  /** The head, the snapshot and an iterator over the rows after it. */
  load(doc: string): Promise<StoredDocument>;
  /** Rows with `seq > after`, in order, page by page (catch-up after a missed message). */
  readAfter(doc: string, after: number): AsyncIterable<StoredRow>;
  /** Heads of several documents at once, for reconciliation (absent: never stored). */
  heads(docs: readonly string[]): Promise<Map<string, DocumentHead>>;
  /**
   * Compare-and-swap: stores `snapshot` (which covers rows up to `snapshot.seq`)
   * only if the stored snapshot's sequence is still `expectedSeq` (0 for none)
   * and `snapshot.seq` does not exceed the head; then deletes exactly the rows
   * it covers. Otherwise changes nothing.
   */
  swapSnapshot(doc: string, expectedSeq: number, snapshot: StoredRow): Promise<SwapResult>;
  /** Removes the log and the snapshot, and refuses later appends (DocumentDeletedError). */
  deleteDocument(doc: string): Promise<void>;
  /** Resolves when the backend answers a trivial query (for /readyz). */
  checkHealth(): Promise<void>;
  close(): Promise<void>;
}

export interface DocumentHead {
  seq: number;
  deleted: boolean;
}

export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

/** The document was deleted: nothing may be stored for it any more. */
export class DocumentDeletedError extends StorageError {
  constructor(doc: string) {
    super(`document ${doc} was deleted`);
    this.name = 'DocumentDeletedError';
  }
}

/** An append with `expectHead` found another head: someone else wrote first. */
export class HeadMovedError extends StorageError {
  constructor(doc: string, expected: number, actual: number) {
    super(`document ${doc} is at sequence ${actual}, not ${expected}`);
    this.name = 'HeadMovedError';
  }
}

/** Rows vanished under a paged read (a concurrent compaction): load again. */
export class StaleReadError extends StorageError {
  constructor(doc: string, expected: number, found: number | null) {
    super(`log of ${doc} changed while reading: expected row ${expected}, found ${found ?? 'end'}`);
    this.name = 'StaleReadError';
  }
}

/** Rows per page when a log is read (load and catch-up). */
export const READ_PAGE_ROWS = 256;

/**
 * Checks that rows arrive as `after + 1, after + 2, …` up to `head` (when
 * given): the guard every backend's paged read goes through, so a row deleted
 * between two pages is noticed instead of silently skipped.
 */
export async function* contiguous(
  doc: string,
  after: number,
  head: number | null,
  pages: AsyncIterable<readonly StoredRow[]>,
): AsyncGenerator<StoredRow> {
  let expected = after + 1;
  for await (const page of pages) {
    for (const row of page) {
      if (head !== null && row.seq > head) return;
      if (row.seq !== expected) throw new StaleReadError(doc, expected, row.seq);
      expected++;
      yield row;
    }
  }
  if (head !== null && expected <= head) throw new StaleReadError(doc, expected, null);
}
