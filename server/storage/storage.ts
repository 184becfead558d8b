/**
 * Where document updates live. The protocol code only sees this interface, so a
 * PostgreSQL backend can join by implementing it and passing the shared
 * contract suite in test/server/storage.test.ts.
 *
 * Model: an append-only log of Yjs updates per document plus one compacted
 * snapshot. `appendUpdates` resolves only once the updates are durable; the
 * server broadcasts nothing before that.
 */
export interface StoredState {
  /** The merged state (`Y.encodeStateAsUpdate`) of snapshot + log, or null when nothing was ever stored. */
  update: Uint8Array | null;
  /** Rows currently in the log (not yet folded into the snapshot); drives background compaction. */
  logLength: number;
}

export interface Storage {
  /** Durably appends the updates, in order, as one atomic commit. */
  appendUpdates(doc: string, updates: readonly Uint8Array[]): Promise<void>;
  /** Loads snapshot + log. Throws StorageError when stored data cannot be read or applied. */
  load(doc: string): Promise<StoredState>;
  /**
   * Folds the log into the snapshot through a Y.Doc (Y.mergeUpdates is
   * super-linear on long logs) and swaps atomically: only the rows covered by
   * the new snapshot are deleted, so updates appended meanwhile stay in the log.
   */
  compact(doc: string): Promise<void>;
  /** Removes every stored update and the snapshot of the document. */
  deleteDocument(doc: string): Promise<void>;
  /** Resolves when the backend answers a trivial query (for /readyz). */
  checkHealth(): Promise<void>;
  close(): Promise<void>;
}

export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}
