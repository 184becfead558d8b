import { jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { handle } from '@/lib/http/route';
import { listTrash } from '@/lib/trash/list-trash';

/**
 * `GET /api/trash` → `{ documents: [{ …document, trashedAt, deleteAt, canDeleteForever }] }`,
 * most recently trashed first: only what the caller may restore (documents they own or edit).
 */
export const GET = handle(async (request: Request) => {
  const user = await requireUser(request);
  return jsonResponse({ documents: await listTrash(user) });
});
