/**
 * Every write the sync server makes to SQLite, as plain functions over one
 * connection: the log appends (group commit), the snapshot swap, a document's
 * deletion, and the two catalogue writes that follow commits. They run either
 * on the event loop (InlineWriter) or on the writer thread
 * (sqlite-writer-worker.ts), so they take and return only plain data: what
 * crosses a thread boundary is structured-cloned, and an Error's class does not
 * survive that. Type-only imports: the worker runs this file as is.
 */
import type { SqliteDatabase } from '../../lib/db/sqlite';

/** One document's share of a group commit. */
export interface AppendRequest {
  doc: string;
  updates: readonly Uint8Array[];
  expectHead: number | undefined;
}

/** Per request: the sequence range it was given, or why it was refused. */
export type PlainOutcome =
  | { first: number; last: number }
  | { refused: 'deleted' }
  | { refused: 'head-moved'; expected: number; actual: number };

export interface PlainSwapResult {
  swapped: boolean;
  snapshotSeq: number;
}

export interface CatalogueCommit {
  title: string;
  at: number;
  editor: string | null;
}

export interface SqliteWrites {
  /** One IMMEDIATE transaction for the whole batch, committed (fsynced) before it returns. */
  appendBatch(requests: readonly AppendRequest[]): PlainOutcome[];
  swapSnapshot(doc: string, expectedSeq: number, seq: number, data: Uint8Array): PlainSwapResult;
  deleteDocument(doc: string): void;
  recordCommit(doc: string, commit: CatalogueCommit): void;
  /** Tombstones the id and its view id and removes the catalogue row. */
  markDeleted(doc: string): void;
}

interface HeadRow {
  seq: number;
  deleted: number;
}

export function prepareWrites(db: SqliteDatabase): SqliteWrites {
  const s = {
    head: db.prepare('SELECT seq, deleted FROM doc_heads WHERE doc = ?'),
    setHead: db.prepare(
      'INSERT INTO doc_heads (doc, seq) VALUES (?, ?) ON CONFLICT (doc) DO UPDATE SET seq = excluded.seq',
    ),
    insertRow: db.prepare('INSERT INTO doc_updates (doc, seq, data) VALUES (?, ?, ?)'),
    snapshotSeq: db.prepare('SELECT seq FROM doc_snapshots WHERE doc = ?'),
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
    updateCatalogue: db.prepare(
      'UPDATE documents SET title = ?, updated_at = ?, last_editor = COALESCE(?, last_editor) WHERE id = ?',
    ),
    selectViewId: db.prepare('SELECT view_id FROM documents WHERE id = ?'),
    insertTombstone: db.prepare(
      `INSERT INTO deleted_documents (id, view_id, deleted_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET view_id = COALESCE(excluded.view_id, deleted_documents.view_id)`,
    ),
    deleteCatalogueRow: db.prepare('DELETE FROM documents WHERE id = ?'),
  };

  const appendBatch = db.transaction((requests: readonly AppendRequest[]): PlainOutcome[] =>
    requests.map(({ doc, updates, expectHead }): PlainOutcome => {
      const head = s.head.get(doc) as HeadRow | undefined;
      if (head?.deleted) return { refused: 'deleted' };
      const current = head?.seq ?? 0;
      if (expectHead !== undefined && expectHead !== current) {
        return { refused: 'head-moved', expected: expectHead, actual: current };
      }
      let seq = current;
      for (const update of updates) s.insertRow.run(doc, ++seq, update);
      s.setHead.run(doc, seq);
      return { first: current + 1, last: seq };
    }),
  );
  const swap = db.transaction((doc: string, expectedSeq: number, seq: number, data: Uint8Array): PlainSwapResult => {
    const head = s.head.get(doc) as HeadRow | undefined;
    const current = (s.snapshotSeq.get(doc) as { seq: number } | undefined)?.seq ?? 0;
    if (!head || head.deleted || current !== expectedSeq || seq > head.seq || seq <= current) {
      return { swapped: false, snapshotSeq: current };
    }
    s.upsertSnapshot.run(doc, seq, data, Date.now());
    s.deleteUpTo.run(doc, seq);
    return { swapped: true, snapshotSeq: seq };
  });
  const deleteAll = db.transaction((doc: string) => {
    s.markDeleted.run(doc);
    s.deleteLog.run(doc);
    s.deleteSnapshot.run(doc);
  });
  const tombstone = db.transaction((doc: string) => {
    const row = s.selectViewId.get(doc) as { view_id: string } | undefined;
    s.insertTombstone.run(doc, row?.view_id ?? null, Date.now());
    s.deleteCatalogueRow.run(doc);
  });

  return {
    appendBatch: (requests) => appendBatch.immediate(requests),
    swapSnapshot: (doc, expectedSeq, seq, data) => swap.immediate(doc, expectedSeq, seq, data),
    deleteDocument: (doc) => deleteAll.immediate(doc),
    recordCommit: (doc, commit) => void s.updateCatalogue.run(commit.title, commit.at, commit.editor, doc),
    markDeleted: (doc) => tombstone.immediate(doc),
  };
}
