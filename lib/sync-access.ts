import 'server-only';
import { z } from 'zod';
import { dataDir } from './data-dir';
import type { OpenedDocument } from './permissions/document-access';
import { linkDigest } from './permissions/link-token';
import { syncRoleOf } from './policies/document-policy';
import { loadOrCreateSecret } from './secret';
import { syncUrlFor } from './sync-url';
import { type Role, signSyncToken } from './tokens';

/**
 * Sync tokens are short-lived so a leaked one (logs, screenshots of the network
 * panel) is useless soon; the editor renews it on the open socket before this
 * runs out, and the sync server closes a connection whose token expired.
 */
export const SYNC_TOKEN_TTL_SECONDS = 15 * 60;

export const MAX_GUEST_NAME_LENGTH = 40;

/** Body of the link token route: a guest's chosen display name. Signed-in people's names come from their profile. */
export const tokenRequestSchema = z.strictObject({
  name: z.string().trim().max(100, 'name must be at most 100 characters').optional(),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

/** What the editor needs to open its WebSocket. */
export interface SyncAccess {
  token: string;
  syncUrl: string;
  /** The sync room: the document id for writers, its view id for viewers. */
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

/**
 * Mints a token for a document the caller was *already* allowed to open
 * (lib/permissions/document-access.ts decided): the role comes from that
 * decision, never from the request. Viewers get the view id as their room, a
 * read-only alias on the sync server, so a viewer's token cannot write even
 * if the role claim were wrong.
 */
export async function issueSyncAccess(
  request: Request,
  opened: OpenedDocument,
  identity: { sub: string; name: string },
): Promise<SyncAccess> {
  const secret = loadOrCreateSecret(dataDir());
  const role = syncRoleOf(opened.role);
  const room = role === 'edit' ? opened.facts.id : opened.facts.viewId;
  const link = opened.viaLinkOnly && opened.facts.linkToken ? linkDigest(opened.facts.linkToken) : undefined;
  const issuedAt = Date.now();
  const token = await signSyncToken(
    secret,
    { doc: room, role, sub: identity.sub, name: identity.name.slice(0, 100), ...(link ? { link } : {}) },
    SYNC_TOKEN_TTL_SECONDS,
  );
  return {
    token,
    syncUrl: syncUrlFor(request),
    room,
    role,
    expiresAt: new Date(issuedAt + SYNC_TOKEN_TTL_SECONDS * 1000).toISOString(),
    expiresIn: SYNC_TOKEN_TTL_SECONDS,
  };
}
