import { ApiError, jsonResponse, toErrorResponse } from '@/lib/api-errors';
import { appDatabase } from '@/lib/db/app-db';
import { isValidDocId } from '@/lib/doc-id';
import { getDocumentByViewId } from '@/lib/documents';
import { readJsonBody } from '@/lib/request-body';
import { issueSyncAccess, tokenRequestSchema } from '@/lib/sync-access';

interface RouteContext {
  params: Promise<{ viewId: string }>;
}

/**
 * `POST /api/view/[viewId]/token` → a view token whose room is the view id.
 * The sync server maps that alias to the document and forces read-only, so
 * nothing in this answer reveals the edit id.
 */
export async function POST(request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { viewId } = await params;
    const record = isValidDocId(viewId) ? getDocumentByViewId(appDatabase(), viewId) : null;
    if (!record) throw new ApiError('not_found', 'No document with this view link.');
    const { name } = await readJsonBody(request, tokenRequestSchema, { optional: true });
    return jsonResponse(await issueSyncAccess(request, record.viewId, 'view', name));
  } catch (error) {
    return toErrorResponse(error);
  }
}
