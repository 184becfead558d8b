import { ApiError, jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument } from '@/lib/permissions/document-access';
import { documentView } from '@/lib/permissions/document-view';
import { restoreDocumentOnSyncServer } from '@/lib/sync-admin';
import { appTrash } from '@/lib/trash/app-trash';

/**
 * `POST /api/docs/<id>/restore` (owners and editors) → the document, back in
 * the lists with working links. 404 when it is not in the trash or the caller
 * may not open it; 403 for viewers.
 */
export const POST = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const opened = await requireDocument(user, (await params).id, 'trash', { includeTrashed: true });
  if (!(await (await appTrash()).restore(opened.facts.id))) {
    throw new ApiError('not_found', 'No document with this id in the trash.');
  }
  try {
    await restoreDocumentOnSyncServer(opened.facts.id);
  } catch (error) {
    // Restored all the same: a sync server that missed the trash (or restarted since) never refuses it.
    console.warn(`could not tell the sync server that ${opened.facts.id} left the trash:`, error);
  }
  return jsonResponse(documentView(opened));
});
