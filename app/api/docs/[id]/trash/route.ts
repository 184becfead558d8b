import { NO_STORE_HEADERS } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument } from '@/lib/permissions/document-access';
import { closeTrashedDocumentOnSyncServer } from '@/lib/sync-admin';
import { appTrash } from '@/lib/trash/app-trash';

/**
 * `POST /api/docs/<id>/trash` (owners and editors) → 204: the document leaves
 * every list and its links say it is in the trash; it is restored with
 * `POST /api/docs/<id>/restore`, deleted for good with `DELETE /api/docs/<id>`
 * (the owner), or after 30 days. 404 for anyone who may not open it (and for
 * a document already in the trash), 403 for viewers.
 */
export const POST = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const opened = await requireDocument(user, (await params).id, 'trash');
  await (await appTrash()).trash(opened.facts.id, Date.now());
  try {
    await closeTrashedDocumentOnSyncServer(opened.facts.id);
  } catch (error) {
    // Trashed all the same: the links say so and no new token is minted; open tabs stop at their next refresh.
    console.warn(`could not close the connections of trashed document ${opened.facts.id}:`, error);
  }
  return new Response(null, { status: 204, headers: NO_STORE_HEADERS });
});
