import { ApiError, jsonResponse, toErrorResponse } from '@/lib/api-errors';
import { anyDocumentForEditLink } from '@/lib/document-page';
import { restoreDocumentOnSyncServer } from '@/lib/sync-admin';
import { appTrash } from '@/lib/trash/app-trash';

interface RouteContext {
  params: Promise<{ id: string }>;
}

/** `POST /api/docs/<id>/restore` → the document, back in the list with working links. */
export async function POST(_request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { id } = await params;
    const record = await anyDocumentForEditLink(id);
    if (!record || !(await appTrash().restore(record.id)))
      throw new ApiError('not_found', 'No document with this id in the trash.');
    try {
      await restoreDocumentOnSyncServer(record.id);
    } catch (error) {
      // Restored all the same: a sync server that missed the trash (or restarted since) never refuses it.
      console.warn(`could not tell the sync server that ${record.id} left the trash:`, error);
    }
    return jsonResponse(record);
  } catch (error) {
    return toErrorResponse(error);
  }
}
