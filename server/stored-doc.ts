/**
 * What the stored rows mean: a document's snapshot and log are Yjs updates.
 * Loading applies them to the room's Y.Doc page by page (never merging a long
 * log in memory first; Y.mergeUpdates took 34 s on 40k keystrokes); catching
 * up applies the rows after a position. Storage itself never decodes Yjs.
 */
import * as Y from 'yjs';
import { DocPositions } from './doc-positions';
import type { TransactionOrigin } from './origin';
import { StaleReadError, type Storage, StorageError, type StoredRow } from './storage/storage';

/** Attempts at a consistent load before giving up (each retry follows a concurrent compaction). */
const LOAD_ATTEMPTS = 5;

const fromStorage = { source: 'storage' } satisfies TransactionOrigin;

/** What a load found, beside the positions. */
export interface LoadedDoc {
  positions: DocPositions;
  /**
   * The stored snapshot when it alone is the document (no log rows after it,
   * nothing left pending): an encoding of exactly the state now in `doc`,
   * which a full sync step 2 can serve without encoding it again.
   */
  exact: Uint8Array | null;
  /** Bytes of the snapshot and rows applied (an upper bound of the encoded size, as the updates were). */
  bytes: number;
}

/**
 * Loads snapshot + log into `doc` and returns the positions it now holds.
 * Throws StorageError (never leaves an empty document looking loaded) when a
 * stored update cannot be applied.
 */
export async function loadStoredDoc(storage: Storage, name: string, doc: Y.Doc): Promise<DocPositions> {
  return (await loadStoredDocument(storage, name, doc)).positions;
}

/** loadStoredDoc, also returning the snapshot when it is exactly the loaded state (see LoadedDoc). */
export async function loadStoredDocument(storage: Storage, name: string, doc: Y.Doc): Promise<LoadedDoc> {
  for (let attempt = 1; ; attempt++) {
    const stored = await storage.load(name);
    try {
      if (stored.snapshot) applyRow(name, doc, stored.snapshot);
      let bytes = 0;
      let rows = 0;
      for await (const row of stored.rows) {
        applyRow(name, doc, row);
        bytes += row.data.byteLength;
        rows++;
      }
      const { pendingStructs, pendingDs } = doc.store;
      const exact =
        stored.snapshot && rows === 0 && attempt === 1 && pendingStructs === null && pendingDs === null
          ? stored.snapshot.data
          : null;
      return {
        positions: new DocPositions(stored.head, stored.snapshot?.seq ?? 0, bytes),
        exact,
        bytes: bytes + (stored.snapshot?.data.byteLength ?? 0),
      };
    } catch (error) {
      // Re-applying is idempotent in Yjs, so the next attempt may reuse the doc.
      if (!(error instanceof StaleReadError) || attempt >= LOAD_ATTEMPTS) throw error;
    }
  }
}

/**
 * Applies every stored row after `positions.head` that the doc does not hold
 * yet (a missed bus message, a reconnect, a reconciliation), origin `catch-up`.
 * Returns the number of rows applied.
 */
export async function catchUp(
  storage: Storage,
  name: string,
  doc: Y.Doc,
  positions: DocPositions,
  origin: TransactionOrigin,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    let applied = 0;
    try {
      for await (const row of storage.readAfter(name, positions.head)) {
        const range = { first: row.seq, last: row.seq };
        if (!positions.covers(range)) {
          applyRow(name, doc, row, origin);
          applied++;
        }
        positions.applied(range, row.data.byteLength);
      }
      return applied;
    } catch (error) {
      // A compaction deleted the rows we were after: they are in the snapshot now.
      if (!(error instanceof StaleReadError) || attempt >= LOAD_ATTEMPTS) throw error;
      const stored = await storage.load(name);
      if (stored.snapshot) applyRow(name, doc, stored.snapshot, origin);
      positions.applied({ first: 1, last: stored.snapshot?.seq ?? 0 }, 0);
      positions.snapshotStored(stored.snapshot?.seq ?? 0);
    }
  }
}

function applyRow(name: string, doc: Y.Doc, row: StoredRow, origin: TransactionOrigin = fromStorage): void {
  try {
    Y.applyUpdate(doc, row.data, origin);
  } catch (error) {
    throw new StorageError(`stored row ${row.seq} of document ${name} cannot be applied`, { cause: error });
  }
}
