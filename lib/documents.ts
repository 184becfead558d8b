import type { SqliteDatabase } from './db/sqlite';
import { newDocId } from './doc-id';

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

function toRecord(row: DocumentRow): DocumentRecord {
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
  db.prepare(
    `INSERT INTO documents (id, view_id, title, created_at, updated_at, last_editor)
     VALUES (@id, @view_id, @title, @created_at, @updated_at, @last_editor)`,
  ).run(row);
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
