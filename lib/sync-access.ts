import 'server-only';
import { z } from 'zod';
import { dataDir } from './data-dir';
import { loadOrCreateSecret } from './secret';
import { syncUrlFor } from './sync-url';
import { type Role, signSyncToken } from './tokens';

/**
 * Sync tokens are short-lived so a leaked one (logs, screenshots of the network
 * panel) is useless soon; the editor re-requests one before this runs out.
 */
export const SYNC_TOKEN_TTL_SECONDS = 15 * 60;

/** Body of both token routes: the display name to stamp into the token (it becomes `last_editor`). */
export const tokenRequestSchema = z.object({
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
  expiresAt: string; // ISO 8601
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
  };
}
