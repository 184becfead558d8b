/**
 * The catalogue in PostgreSQL (same tables and meaning as SqliteDirectory).
 * `recordCommit` only ever moves `updated_at` forward, so two processes
 * recording commits of one document cannot set it back.
 */
import type { PgPool } from '../lib/db/postgres';
import {
  accessFacts,
  type CommitRecord,
  type Directory,
  type DocumentAccessFacts,
  type RoomResolution,
} from './directory';

export class PostgresDirectory implements Directory {
  constructor(private readonly pool: PgPool) {}

  async resolve(room: string): Promise<RoomResolution> {
    const tombstone = await this.pool.query('SELECT 1 FROM deleted_documents WHERE id = $1 OR view_id = $1 LIMIT 1', [
      room,
    ]);
    if (tombstone.rowCount) return { kind: 'deleted' };
    const byView = await this.pool.query('SELECT id FROM documents WHERE view_id = $1', [room]);
    const row = byView.rows[0] as { id: string } | undefined;
    if (row) return { kind: 'document', docName: row.id, viewOnly: true };
    return { kind: 'document', docName: room, viewOnly: false };
  }

  async catalogueTitle(docName: string): Promise<string | null> {
    const { rows } = await this.pool.query('SELECT title FROM documents WHERE id = $1', [docName]);
    return (rows[0] as { title: string } | undefined)?.title ?? null;
  }

  async recordCommit(docName: string, record: CommitRecord): Promise<void> {
    await this.pool.query(
      `UPDATE documents SET title = $1, updated_at = $2, last_editor = COALESCE($3, last_editor)
        WHERE id = $4 AND updated_at <= $2`,
      [record.title, record.at, record.editor, docName],
    );
  }

  async markDeleted(docName: string): Promise<void> {
    await this.pool.query(
      `WITH gone AS (DELETE FROM documents WHERE id = $1 RETURNING view_id)
       INSERT INTO deleted_documents (id, view_id, deleted_at) VALUES ($1, (SELECT view_id FROM gone), $2)
       ON CONFLICT (id) DO UPDATE SET view_id = COALESCE(excluded.view_id, deleted_documents.view_id)`,
      [docName, Date.now()],
    );
  }

  async documentAccess(docName: string): Promise<DocumentAccessFacts | null> {
    const { rows } = await this.pool.query('SELECT owner_id, general_access, link_token FROM documents WHERE id = $1', [
      docName,
    ]);
    if (!rows[0]) return null;
    const members = await this.pool.query('SELECT user_id, role FROM document_members WHERE doc_id = $1', [docName]);
    return accessFacts(rows[0], members.rows as { user_id: string; role: string }[]);
  }
}
