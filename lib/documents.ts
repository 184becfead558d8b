import type { SqliteDatabase } from './db/sqlite';
import { newDocId } from './doc-id';
import { ensureSqliteTrashTable } from './trash/trash-store';

/** A document as the API and the dashboard see it. */
export interface DocumentRecord {
  id: string;
  viewId: string;
  title: string;
  createdAt: string; // ISO 8601
  updatedAt: string; // ISO 8601
  lastEditor: string | null;
}

interface DocumentRow {
  id: string;
  view_id: string;
  title: string;
  created_at: number;
  updated_at: number;
  last_editor: string | null;
}

export function toRecord(row: DocumentRow): DocumentRecord {
  return {
    id: row.id,
    viewId: row.view_id,
    title: row.title,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    lastEditor: row.last_editor,
  };
}

export function createDocument(db: SqliteDatabase, input: { title?: string } = {}): DocumentRecord {
  const now = Date.now();
  const row: DocumentRow = {
    id: newDocId(),
    view_id: newDocId(),
    title: input.title ?? '',
    created_at: now,
    updated_at: now,
    last_editor: null,
  };
  db.prepare(`INSERT INTO documents (id, view_id, title, created_at, updated_at, last_editor)
     VALUES (@id, @view_id, @title, @created_at, @updated_at, @last_editor)`).run(row);
  return toRecord(row);
}

export function getDocument(db: SqliteDatabase, id: string): DocumentRecord | null {
  const row = db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
  return row ? toRecord(row) : null;
}

export function getDocumentByViewId(db: SqliteDatabase, viewId: string): DocumentRecord | null {
  const row = db.prepare('SELECT * FROM documents WHERE view_id = ?').get(viewId) as DocumentRow | undefined;
  return row ? toRecord(row) : null;
}

/** One page of the catalogue plus where the next page starts (null on the last page). */
export interface DocumentPage {
  documents: DocumentRecord[];
  nextCursor: string | null;
  /**
   * Only on pages after the first: documents edited since the previous page was
   * listed. Editing moves a document to the top of the order, above the cursor,
   * so keyset paging alone would never show it to someone paging down.
   */
  edited?: DocumentRecord[];
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not valid');
    this.name = 'InvalidCursorError';
  }
}

/** Where the next page starts, and when the previous one was listed (ms, server clock). */
export interface Cursor {
  updatedAt: number;
  id: string;
  listedAt: number | null;
}

// Keyset paging on (updated_at DESC, id DESC): unlike OFFSET, a page boundary
// stays put when documents are edited or created while someone scrolls.
export function encodeCursor(row: Pick<DocumentRow, 'updated_at' | 'id'>, listedAt: number): string {
  return Buffer.from(`${row.updated_at}:${row.id}:${listedAt}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Cursor {
  const match = /^(\d{1,16}):([A-Za-z0-9_-]{1,64})(?::(\d{1,16}))?$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) throw new InvalidCursorError();
  return { updatedAt: Number(match[1]), id: match[2]!, listedAt: match[3] === undefined ? null : Number(match[3]) };
}

/** Escapes LIKE wildcards so a search for `50%` or `a_b` means exactly that. */
export function likePattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Lists documents, most recently edited first, optionally filtered by a
 * case-insensitive title substring. Throws InvalidCursorError for a cursor we did not issue.
 */
export function listDocuments(
  db: SqliteDatabase,
  options: { query?: string; limit: number; cursor?: string },
): DocumentPage {
  const listedAt = Date.now();
  ensureSqliteTrashTable(db);
  // Documents in the trash are listed on the trash page, not here.
  const filter: string[] = ['NOT EXISTS (SELECT 1 FROM trashed_documents t WHERE t.id = documents.id)'];
  const params: Record<string, string | number> = { limit: options.limit + 1 };
  if (options.query) {
    filter.push("title LIKE @pattern ESCAPE '\\'");
    params.pattern = likePattern(options.query);
  }
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const conditions = [...filter];
  if (after) {
    conditions.push('(updated_at < @afterUpdatedAt OR (updated_at = @afterUpdatedAt AND id < @afterId))');
    params.afterUpdatedAt = after.updatedAt;
    params.afterId = after.id;
  }
  const where = (parts: string[]) => (parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '');
  const rows = db
    .prepare(`SELECT * FROM documents ${where(conditions)} ORDER BY updated_at DESC, id DESC LIMIT @limit`)
    .all(params) as DocumentRow[];
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  const result: DocumentPage = {
    documents: page.map(toRecord),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last, listedAt) : null,
  };
  if (after?.listedAt != null) {
    const edited = db
      .prepare(
        `SELECT * FROM documents ${where([...filter, 'updated_at >= @since'])} ORDER BY updated_at DESC, id DESC LIMIT @limit`,
      )
      .all({ ...params, since: after.listedAt }) as DocumentRow[];
    result.edited = edited.map(toRecord);
  }
  return result;
}

/**
 * Writes a title into the catalogue. The live title lives in the Y.Doc and the
 * sync server copies it here after each commit; the API also writes it so its
 * answer (and the dashboard) reflect a rename at once.
 */
export function setDocumentTitle(db: SqliteDatabase, id: string, title: string): DocumentRecord | null {
  db.prepare('UPDATE documents SET title = ?, updated_at = ? WHERE id = ?').run(title, Date.now(), id);
  return getDocument(db, id);
}

/**
 * Removes a document from the catalogue and leaves a tombstone (the sync server
 * writes one too; INSERT OR IGNORE keeps whichever came first) so old links and
 * tokens answer 404 instead of resurrecting it. Returns false if it did not exist.
 */
export function deleteDocumentRecord(db: SqliteDatabase, id: string): boolean {
  return db
    .transaction(() => {
      const row = db.prepare('SELECT view_id FROM documents WHERE id = ?').get(id) as { view_id: string } | undefined;
      if (!row) return false;
      db.prepare('INSERT OR IGNORE INTO deleted_documents (id, view_id, deleted_at) VALUES (?, ?, ?)').run(
        id,
        row.view_id,
        Date.now(),
      );
      db.prepare('DELETE FROM documents WHERE id = ?').run(id);
      return true;
    })
    .immediate();
}
