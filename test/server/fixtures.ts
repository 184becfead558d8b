import type { SqliteDatabase } from '../../lib/db/sqlite';
import { createDocument } from '../../lib/documents';

/** A catalogue document that has been tombstoned, as the admin delete leaves it. */
export function markDeletedForTest(db: SqliteDatabase): { id: string; viewId: string } {
  const { id, viewId } = createDocument(db, { title: 'gone' });
  db.prepare('INSERT INTO deleted_documents (id, view_id, deleted_at) VALUES (?, ?, ?)').run(id, viewId, Date.now());
  db.prepare('DELETE FROM documents WHERE id = ?').run(id);
  return { id, viewId };
}
