/**
 * Who may take over an awareness client id (finding 9 of the hostile-clients
 * issue). A provider whose socket dropped half-open reconnects with the same
 * client id, often with a *refreshed* token (the editor renews it before it
 * expires), while the dead socket still owns the id for up to a heartbeat. So
 * ownership follows what the token grants, not the token's bytes: the same
 * document, the same role and the same person. The person is the token's
 * `sub` (an account id or `guest:<id>`, issue 9) when it carries one, since a
 * display name can change between two tokens and two people can share one;
 * operator tokens without a `sub` fall back to the name. A viewer can never
 * take over an editor's cursor, nor one person another's.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../lib/tokens';

export interface AwarenessOwner {
  /** The token's `sub`, or null for operator tokens (`npm run token`) without one. */
  sub: string | null;
  name: string | null;
}

export function awarenessPrincipal(doc: string, role: Role, owner: AwarenessOwner): string {
  const who = owner.sub !== null ? ['sub', owner.sub] : ['name', owner.name];
  return createHash('sha256')
    .update(JSON.stringify([doc, role, ...who]))
    .digest('base64url');
}
