import { ApiError, jsonResponse, toErrorResponse } from '@/lib/api-errors';
import { appDatabase } from '@/lib/db/app-db';
import { isValidDocId } from '@/lib/doc-id';
import { type DocumentRecord, getDocument } from '@/lib/documents';

interface RouteContext {
  params: Promise<{ id: string }>;
}

/**
 * A malformed id gets the same 404 as an unknown one: the answer must not tell
 * a prober anything about which ids are well-formed or exist.
 */
function findDocument(id: string): DocumentRecord {
  const record = isValidDocId(id) ? getDocument(appDatabase(), id) : null;
  if (!record) throw new ApiError('not_found', 'No document with this id.');
  return record;
}

/** `GET /api/docs/[id]` → the document or 404. */
export async function GET(_request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { id } = await params;
    return jsonResponse(findDocument(id));
  } catch (error) {
    return toErrorResponse(error);
  }
}
