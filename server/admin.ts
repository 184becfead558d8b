/**
 * The admin HTTP API the web app calls (see lib/sync-admin.ts):
 *   DELETE /admin/docs/:id        → 204; closes connections with 4404, tombstones, deletes storage
 *   PUT    /admin/docs/:id/title  → 200 { title }; sets the live title like any update
 *   POST   /admin/docs/:id/access → 204; permissions changed: re-check the open connections (every process)
 *   PUT    /admin/docs/:id/trashed → 204; the document went to the trash: closes its connections
 *          with 4411 and refuses them until restored (server/trashed-documents.ts)
 *   DELETE /admin/docs/:id/trashed → 204; restored: connections are accepted again
 * Authorised by `Authorization: Bearer <admin JWT>` (audience tandem-admin).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isValidDocId } from '../lib/doc-id';
import { MAX_TITLE_LENGTH, readTitle } from '../lib/doc-model';
import { TokenError, verifyAdminToken } from '../lib/tokens';
import { CloseCode } from './close-codes';
import type { Cluster } from './cluster/cluster';
import type { Directory } from './directory';
import { BodyTooLargeError, readBody, sendError, sendJson } from './http';
import type { Logger } from './log';
import type { RoomRegistry } from './room-registry';
import type { Storage } from './storage/storage';
import type { TrashedDocuments } from './trashed-documents';

export interface AdminContext {
  secret: string;
  directory: Directory;
  storage: Storage;
  registry: RoomRegistry;
  /** Several processes: the others close the document's connections too. */
  cluster?: Cluster;
  log: Logger;
  /** Documents in the web app's trash: connections refused until restored. */
  trashed?: TrashedDocuments;
  /** True once shutdown began: a request still in progress stops at its next step with 503. */
  isClosing(): boolean;
}

/**
 * `{ "title": string ≤ MAX_TITLE_LENGTH }`, checked by hand: zod costs every sync server process ~8 MiB
 * of RSS at start (bench/RESULTS.md, base RSS) for the two shapes the server checks.
 */
function titleOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { title } = body as { title?: unknown };
  return typeof title === 'string' && title.length <= MAX_TITLE_LENGTH ? title : null;
}

const ROUTE = /^\/admin\/docs\/([^/]+)(\/title|\/access|\/trashed)?$/;

/** Handles `/admin/**`; returns after the response is sent. */
export async function handleAdminRequest(req: IncomingMessage, res: ServerResponse, ctx: AdminContext): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const match = ROUTE.exec(path);
  if (!match) return sendError(res, 404, 'not_found', 'no such admin endpoint');
  try {
    await verifyAdminToken(ctx.secret, bearerToken(req));
  } catch (error) {
    if (error instanceof TokenError) return sendError(res, 401, `token_${error.reason}`, error.message);
    throw error;
  }
  const id = match[1]!;
  if (!isValidDocId(id)) return sendError(res, 400, 'bad_document_id', 'document ids match ^[A-Za-z0-9_-]{1,64}$');
  if (match[2] === '/trashed') {
    if (req.method === 'DELETE') {
      ctx.trashed?.restore(id);
      ctx.log.info({ doc: id }, 'document restored from the trash');
    } else if (req.method === 'PUT') {
      // Refuse first, so no connection slips in between the close and the mark.
      ctx.trashed?.trash(id);
      ctx.registry.get(id)?.closeAll(CloseCode.documentTrashed, 'document moved to the trash');
      ctx.log.info({ doc: id }, 'document trashed; connections closed');
    } else {
      return sendError(res, 405, 'method_not_allowed', 'use PUT or DELETE');
    }
    res.writeHead(204).end();
    return;
  }
  if (match[2] === undefined) {
    if (req.method !== 'DELETE') return sendError(res, 405, 'method_not_allowed', 'use DELETE');
    // Tombstoning a view id would kill the share link for good and leave the document alive.
    const resolution = await ctx.directory.resolve(id);
    if (resolution.kind === 'document' && resolution.viewOnly) return refuseViewId(res);
    if (ctx.isClosing()) return refuseShuttingDown(res);
    await deleteDocument(id, ctx);
    res.writeHead(204).end();
    return;
  }
  if (match[2] === '/access') {
    if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'use POST');
    await ctx.registry.get(id)?.recheckAccess();
    ctx.cluster?.publishAccessChanged(id);
    res.writeHead(204).end();
    return;
  }
  if (req.method !== 'PUT') return sendError(res, 405, 'method_not_allowed', 'use PUT');
  let title: string;
  try {
    const parsed = titleOf(JSON.parse(await readBody(req, 64 * 1024)));
    if (parsed === null)
      return sendError(res, 400, 'bad_request', `body must be { "title": string ≤ ${MAX_TITLE_LENGTH} }`);
    title = parsed;
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendError(res, 413, 'body_too_large', error.message);
    if (error instanceof SyntaxError) return sendError(res, 400, 'bad_json', 'body is not valid JSON');
    throw error;
  }
  const resolution = await ctx.directory.resolve(id);
  if (resolution.kind === 'deleted') return refuseDeleted(res);
  if (resolution.viewOnly) return refuseViewId(res);
  // Shutdown began while we read the body or the catalogue: loading a room now would outlive the unload.
  if (ctx.isClosing()) return refuseShuttingDown(res);
  let room: Awaited<ReturnType<RoomRegistry['acquire']>> | null = null;
  try {
    room = await ctx.registry.acquire(id);
    await room.setTitle(title);
    sendJson(res, 200, { title: readTitle(room.doc) });
  } catch (error) {
    // A delete won the race between our catalogue check and the commit: the document is gone, not broken.
    if ((await ctx.directory.resolve(id)).kind === 'deleted') return refuseDeleted(res);
    throw error;
  } finally {
    if (room) ctx.registry.release(room);
  }
}

function refuseDeleted(res: ServerResponse): void {
  sendError(res, 404, 'document_deleted', 'document was deleted');
}

export function refuseShuttingDown(res: ServerResponse): void {
  sendError(res, 503, 'shutting_down', 'server is shutting down');
}

/**
 * Tombstone first so no new connection can load the document, then close and
 * unload what is live (flushing it), and only then delete the stored state.
 */
async function deleteDocument(id: string, ctx: AdminContext): Promise<void> {
  await ctx.directory.markDeleted(id);
  await ctx.registry.settle(id);
  ctx.registry.get(id)?.markDeleted();
  ctx.registry.evict(id);
  await ctx.registry.settle(id);
  await ctx.storage.deleteDocument(id);
  // Other processes close their connections now; one that misses this learns it from its next append or reconciliation.
  ctx.cluster?.publishDeleted(id);
  ctx.log.info({ doc: id }, 'document deleted');
}

function refuseViewId(res: ServerResponse): void {
  sendError(res, 400, 'bad_document_id', 'that is a view id, not a document id');
}

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim();
}
