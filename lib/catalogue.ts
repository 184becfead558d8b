/**
 * The web app's document catalogue behind one async interface, so the same
 * routes run on SQLite (one process, the default) and on PostgreSQL
 * (`DATABASE_URL`, several web app processes behind a load balancer: every
 * request reads the database, nothing is kept per process).
 */
import type { PgPool } from './db/postgres';
import type { SqliteDatabase } from './db/sqlite';
import { newDocId } from './doc-id';
import {
  createDocument,
  type DocumentPage,
  type DocumentRecord,
  decodeCursor,
  deleteDocumentRecord,
  encodeCursor,
  getDocument,
  getDocumentByViewId,
  likePattern,
  listDocuments,
  setDocumentTitle,
  toRecord,
} from './documents';
import { ensurePostgresTrashTable } from './trash/trash-store';

export interface ListOptions {
  query?: string;
  limit: number;
  cursor?: string;
}

export interface Catalogue {
  create(input?: { title?: string }): Promise<DocumentRecord>;
  get(id: string): Promise<DocumentRecord | null>;
  getByViewId(viewId: string): Promise<DocumentRecord | null>;
  /** Most recently edited first; throws InvalidCursorError for a cursor we did not issue. */
  list(options: ListOptions): Promise<DocumentPage>;
  setTitle(id: string, title: string): Promise<DocumentRecord | null>;
  /** Removes the row and leaves a tombstone; false when it did not exist. */
  delete(id: string): Promise<boolean>;
}

export class SqliteCatalogue implements Catalogue {
  constructor(private readonly db: SqliteDatabase) {}
  async create(input: { title?: string } = {}) {
    return createDocument(this.db, input);
  }
  async get(id: string) {
    return getDocument(this.db, id);
  }
  async getByViewId(viewId: string) {
    return getDocumentByViewId(this.db, viewId);
  }
  async list(options: ListOptions) {
    return listDocuments(this.db, options);
  }
  async setTitle(id: string, title: string) {
    return setDocumentTitle(this.db, id, title);
  }
  async delete(id: string) {
    return deleteDocumentRecord(this.db, id);
  }
}

interface PgRow {
  id: string;
  view_id: string;
  title: string;
  created_at: string;
  updated_at: string;
  last_editor: string | null;
}

/** Same rows, same meaning as SQLite; bigint columns arrive as strings. */
function fromPg(row: PgRow) {
  return toRecord({ ...row, created_at: Number(row.created_at), updated_at: Number(row.updated_at) });
}

export class PostgresCatalogue implements Catalogue {
  constructor(private readonly pool: PgPool) {}

  async create(input: { title?: string } = {}) {
    const now = Date.now();
    const { rows } = await this.pool.query(
      `INSERT INTO documents (id, view_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING *`,
      [newDocId(), newDocId(), input.title ?? '', now],
    );
    return fromPg(rows[0] as PgRow);
  }

  async get(id: string) {
    const { rows } = await this.pool.query('SELECT * FROM documents WHERE id = $1', [id]);
    return rows[0] ? fromPg(rows[0] as PgRow) : null;
  }

  async getByViewId(viewId: string) {
    const { rows } = await this.pool.query('SELECT * FROM documents WHERE view_id = $1', [viewId]);
    return rows[0] ? fromPg(rows[0] as PgRow) : null;
  }

  async list(options: ListOptions): Promise<DocumentPage> {
    const listedAt = Date.now();
    await ensurePostgresTrashTable(this.pool);
    // Documents in the trash are listed on the trash page, not here.
    const filter: string[] = ['NOT EXISTS (SELECT 1 FROM trashed_documents t WHERE t.id = documents.id)'];
    const values: unknown[] = [options.limit + 1];
    if (options.query) {
      values.push(likePattern(options.query));
      filter.push(`title ILIKE $${values.length} ESCAPE '\\'`);
    }
    const after = options.cursor ? decodeCursor(options.cursor) : null;
    const conditions = [...filter];
    const pageValues = [...values];
    if (after) {
      pageValues.push(after.updatedAt, after.id);
      const [at, id] = [`$${pageValues.length - 1}`, `$${pageValues.length}`];
      conditions.push(`(updated_at < ${at} OR (updated_at = ${at} AND id < ${id}))`);
    }
    const where = (parts: string[]) => (parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '');
    const { rows } = await this.pool.query(
      `SELECT * FROM documents ${where(conditions)} ORDER BY updated_at DESC, id DESC LIMIT $1`,
      pageValues,
    );
    const page = (rows as PgRow[]).slice(0, options.limit);
    const last = page[page.length - 1];
    const result: DocumentPage = {
      documents: page.map(fromPg),
      nextCursor:
        rows.length > options.limit && last
          ? encodeCursor({ updated_at: Number(last.updated_at), id: last.id }, listedAt)
          : null,
    };
    if (after?.listedAt != null) {
      // See DocumentPage.edited: what moved above the cursor since the last page.
      const editedValues = [...values, after.listedAt];
      const edited = await this.pool.query(
        `SELECT * FROM documents ${where([...filter, `updated_at >= $${editedValues.length}`])} ORDER BY updated_at DESC, id DESC LIMIT $1`,
        editedValues,
      );
      result.edited = (edited.rows as PgRow[]).map(fromPg);
    }
    return result;
  }

  async setTitle(id: string, title: string) {
    const { rows } = await this.pool.query(
      'UPDATE documents SET title = $1, updated_at = $2 WHERE id = $3 RETURNING *',
      [title, Date.now(), id],
    );
    return rows[0] ? fromPg(rows[0] as PgRow) : null;
  }

  async delete(id: string) {
    // The sync server usually wrote the tombstone first: keep whichever came first.
    const { rows } = await this.pool.query(
      `WITH gone AS (DELETE FROM documents WHERE id = $1 RETURNING id, view_id),
            tombstone AS (
              INSERT INTO deleted_documents (id, view_id, deleted_at) SELECT id, view_id, $2 FROM gone
              ON CONFLICT (id) DO NOTHING
            )
       SELECT COUNT(*)::int AS n FROM gone`,
      [id, Date.now()],
    );
    return (rows[0] as { n: number }).n > 0;
  }
}
