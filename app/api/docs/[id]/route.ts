import { ApiError, jsonResponse, NO_STORE_HEADERS } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument, requireDocumentForAdmin } from '@/lib/permissions/document-access';
import { documentView } from '@/lib/permissions/document-view';
import { readJsonBody } from '@/lib/request-body';
import {
  deleteDocumentOnSyncServer,
  SyncServerRequestError,
  SyncServerUnavailableError,
  setTitleOnSyncServer,
} from '@/lib/sync-admin';
import { updateDocumentSchema } from '../schema';

/**
 * The sync server owns live documents; without it we can neither rename nor
 * delete safely, so its absence is a 503 the client can retry. A 404 from it
 * means the document was deleted meanwhile. Anything else is our bug: logged, 500.
 */
function fromSyncServer(error: unknown): never {
  if (error instanceof SyncServerUnavailableError) {
    throw new ApiError('sync_unavailable', 'The sync server is not reachable right now. Try again in a moment.');
  }
  if (error instanceof SyncServerRequestError && error.status === 404) {
    throw new ApiError('not_found', 'No document with this id.');
  }
  throw error;
}

/** `GET /api/docs/[id]` → the document, or 404 for anyone who may not open it (and while it is in the trash). */
export const GET = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  return jsonResponse(documentView(await requireDocument(user, (await params).id, 'read')));
});

/**
 * `PATCH /api/docs/[id]` with `{ title }` (editors and owners) → the updated
 * document. The title is set in the live Y.Doc through the sync server, so
 * everyone editing sees it at once; the catalogue row is written here too.
 */
export const PATCH = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const { id } = await params;
  const opened = await requireDocument(user, id, 'update');
  const { title } = await readJsonBody(request, updateDocumentSchema);
  await setTitleOnSyncServer(id, title).catch(fromSyncServer);
  const updated = await (await appStore()).catalogue.setTitle(id, title);
  if (!updated) throw new ApiError('not_found', 'No document with this id.'); // deleted meanwhile
  return jsonResponse({ ...documentView(opened), title: updated.title, updatedAt: updated.updatedAt });
});

/**
 * `DELETE /api/docs/[id]` (the owner, or an admin) → 204, from the trash or
 * not: deleting for good. The sync server tombstones the id and view id,
 * disconnects everyone (close code 4404) and deletes the stored content; then
 * the catalogue row, its permissions and its trash entry go. (Moving to the
 * trash, which editors may do too, is `POST /api/docs/[id]/trash`.)
 */
export const DELETE = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const { id } = await params;
  await requireDocumentForAdmin(user, id, 'delete');
  await deleteDocumentOnSyncServer(id).catch(fromSyncServer);
  const { catalogue, permissions, trash } = await appStore();
  await catalogue.delete(id);
  await permissions.forget(id);
  await trash.restore(id);
  return new Response(null, { status: 204, headers: NO_STORE_HEADERS });
});
