import 'server-only';
import { z } from 'zod';
import { ApiError, jsonResponse, toErrorResponse } from './api-errors';
import { dataDir } from './data-dir';
import { readJsonBody } from './request-body';
import { loadOrCreateSecret } from './secret';
import { syncUrlFor } from './sync-url';
import { type Role, signSyncToken } from './tokens';

/**
 * Sync tokens are short-lived so a leaked one (logs, screenshots of the network
 * panel) is useless soon; the editor re-requests one before this runs out.
 */
export const SYNC_TOKEN_TTL_SECONDS = 15 * 60;

/** Body of both token routes: the display name to stamp into the token (it becomes `last_editor`). */
export const tokenRequestSchema = z.strictObject({
  name: z.string().trim().max(100, 'name must be at most 100 characters').optional(),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

/** What the editor needs to open its WebSocket. */
export interface SyncAccess {
  token: string;
  syncUrl: string;
  /** The sync room: a document id for editors, a view id for viewers (never the edit id). */
  room: string;
  role: Role;
  expiresAt: string; // ISO 8601, by this server's clock
  /**
   * Seconds the token is valid from now. The editor schedules its refresh from
   * this, never from `expiresAt`: a client clock minutes off would otherwise
   * refresh constantly (or too late).
   */
  expiresIn: number;
}

export async function issueSyncAccess(request: Request, room: string, role: Role, name?: string): Promise<SyncAccess> {
  const secret = loadOrCreateSecret(dataDir());
  const claims = name ? { doc: room, role, name } : { doc: room, role };
  const issuedAt = Date.now();
  const token = await signSyncToken(secret, claims, SYNC_TOKEN_TTL_SECONDS);
  return {
    token,
    syncUrl: syncUrlFor(request),
    room,
    role,
    expiresAt: new Date(issuedAt + SYNC_TOKEN_TTL_SECONDS * 1000).toISOString(),
    expiresIn: SYNC_TOKEN_TTL_SECONDS,
  };
}

/** What a link grants: the room to sign for and the role that link holds. */
export interface RoomGrant {
  room: string;
  role: Role;
}

/**
 * Both token routes: resolve what the link grants (404 when it names no
 * document), read the optional display name, sign. The role comes from the
 * route, never from the body, so a view link can only ever get a view token.
 */
export async function syncAccessResponse(request: Request, grant: () => Promise<RoomGrant | null>): Promise<Response> {
  try {
    const granted = await grant();
    if (!granted) throw new ApiError('not_found', 'No document at this link.');
    const { name } = await readJsonBody(request, tokenRequestSchema, { optional: true });
    return jsonResponse(await issueSyncAccess(request, granted.room, granted.role, name));
  } catch (error) {
    return toErrorResponse(error);
  }
}
