import { ApiError, jsonResponse, NO_STORE_HEADERS, toErrorResponse } from '@/lib/api-errors';
import { appCatalogue } from '@/lib/db/app-db';
import { anyDocumentForEditLink, documentForEditLink } from '@/lib/document-page';
import type { DocumentRecord } from '@/lib/documents';
import { readJsonBody } from '@/lib/request-body';
import {
  deleteDocumentOnSyncServer,
  SyncServerRequestError,
  SyncServerUnavailableError,
  setTitleOnSyncServer,
} from '@/lib/sync-admin';
import { updateDocumentSchema } from '../schema';

interface RouteContext {
  params: Promise<{ id: string }>;
}

/**
 * A malformed id gets the same 404 as an unknown one: the answer must not tell
 * a prober anything about which ids are well-formed or exist.
 */
async function findDocument(id: string): Promise<DocumentRecord> {
  const record = await documentForEditLink(id);
  if (!record) throw new ApiError('not_found', 'No document with this id.');
  return record;
}

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

/** `GET /api/docs/[id]` → the document or 404. */
export async function GET(_request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { id } = await params;
    return jsonResponse(await findDocument(id));
  } catch (error) {
    return toErrorResponse(error);
  }
}

/**
 * `PATCH /api/docs/[id]` with `{ title }` → the updated document. The title is
 * set in the live Y.Doc through the sync server, so everyone editing sees it at
 * once; the catalogue row is written here too so the answer is already current.
 */
export async function PATCH(request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { id } = await params;
    await findDocument(id);
    const { title } = await readJsonBody(request, updateDocumentSchema);
    await setTitleOnSyncServer(id, title).catch(fromSyncServer);
    const updated = await (await appCatalogue()).setTitle(id, title);
    if (!updated) throw new ApiError('not_found', 'No document with this id.'); // deleted meanwhile
    return jsonResponse(updated);
  } catch (error) {
    return toErrorResponse(error);
  }
}

/**
 * `DELETE /api/docs/[id]` → 204. The sync server tombstones the id and view id,
 * disconnects everyone (close code 4404) and deletes the stored content; then
 * the catalogue row goes, so both links answer 404 from then on.
 */
export async function DELETE(_request: Request, { params }: RouteContext): Promise<Response> {
  try {
    const { id } = await params;
    // Deleting for good works from the trash too.
    if (!(await anyDocumentForEditLink(id))) throw new ApiError('not_found', 'No document with this id.');
    await deleteDocumentOnSyncServer(id).catch(fromSyncServer);
    await (await appCatalogue()).delete(id);
    return new Response(null, { status: 204, headers: NO_STORE_HEADERS });
  } catch (error) {
    return toErrorResponse(error);
  }
}
