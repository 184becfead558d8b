import { ApiError, jsonResponse, toErrorResponse } from '@/lib/api-errors';
import { appDatabase } from '@/lib/db/app-db';
import { isValidDocId } from '@/lib/doc-id';
import { getDocument } from '@/lib/documents';
import { readJsonBody } from '@/lib/request-body';
import { issueSyncAccess, tokenRequestSchema } from '@/lib/sync-access';

interface RouteContext {
  params: Promise<{ id: string }>;
}

/**
 * `POST /api/docs/[id]/token` → an edit token for the document's own room.
 * Knowing the edit id is the capability (plus the access key when configured,
 * enforced by proxy.ts), so no further check happens here.
 */
export async function POST(request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { id } = await params;
    const record = isValidDocId(id) ? getDocument(appDatabase(), id) : null;
    if (!record) throw new ApiError('not_found', 'No document with this id.');
    const { name } = await readJsonBody(request, tokenRequestSchema, { optional: true });
    return jsonResponse(await issueSyncAccess(request, record.id, 'edit', name));
  } catch (error) {
    return toErrorResponse(error);
  }
}
