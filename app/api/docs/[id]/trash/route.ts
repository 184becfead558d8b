import { ApiError, NO_STORE_HEADERS, toErrorResponse } from '@/lib/api-errors';
import { documentForEditLink } from '@/lib/document-page';
import { closeTrashedDocumentOnSyncServer } from '@/lib/sync-admin';
import { appTrash } from '@/lib/trash/app-trash';

interface RouteContext {
  params: Promise<{ id: string }>;
}

/**
 * `POST /api/docs/<id>/trash` → 204: the document leaves the list and its links
 * say it is in the trash; it is restored with `POST /api/docs/<id>/restore`,
 * deleted for good with `DELETE /api/docs/<id>`, or after 30 days.
 */
export async function POST(_request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { id } = await params;
    const record = await documentForEditLink(id);
    if (!record) throw new ApiError('not_found', 'No document with this id.');
    await appTrash().trash(record.id, Date.now());
    try {
      await closeTrashedDocumentOnSyncServer(record.id);
    } catch (error) {
      // Trashed all the same: the links say so and no new token is minted; open tabs stop at their next refresh.
      console.warn(`could not close the connections of trashed document ${record.id}:`, error);
    }
    return new Response(null, { status: 204, headers: NO_STORE_HEADERS });
  } catch (error) {
    return toErrorResponse(error);
  }
}
