import { jsonResponse, toErrorResponse } from '@/lib/api-errors';
import { listTrash } from '@/lib/trash/list-trash';

/** `GET /api/trash` → `{ documents: [{ …document, trashedAt, deleteAt }] }`, most recently trashed first. */
export async function GET(): Promise<Response> {
  try {
    return jsonResponse({ documents: await listTrash() });
  } catch (error) {
    return toErrorResponse(error);
  }
}
