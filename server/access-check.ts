/**
 * What a live connection may still do after the document's permissions
 * changed, decided by the same policy the web app uses
 * (lib/policies/document-policy.ts), so a rule lives in one place.
 */
import { type Actor, type DocumentAccess, roleOn, syncRoleOf } from '../lib/policies/document-policy';
import type { Role } from '../lib/tokens';
import type { DocumentAccessFacts } from './directory';

export type AccessVerdict =
  /** Same role as before: nothing to do. */
  | { kind: 'keep' }
  /** Still allowed, with another role: reconnect with a new token (4409). */
  | { kind: 'changed'; role: Role }
  /** Not allowed any more (4403), or only ever through a link that no longer works (4410). */
  | { kind: 'revoked'; because: 'access' | 'link' };

export interface LiveIdentity {
  /** The token's `sub`: an account id or `guest:<id>`. */
  sub: string;
  /** The link digest the token was minted through, if its access came from the link. */
  link: string | null;
  role: Role;
}

export function recheck(identity: LiveIdentity, facts: DocumentAccessFacts): AccessVerdict {
  const actor: Actor = identity.sub.startsWith('guest:')
    ? { kind: 'guest', id: identity.sub }
    : { kind: 'user', id: identity.sub, admin: false };
  const access: DocumentAccess = {
    ownerId: facts.ownerId,
    generalAccess: facts.generalAccess,
    memberRole: actor.kind === 'user' ? (facts.members.get(identity.sub) ?? null) : null,
    viaLink: identity.link !== null && identity.link === facts.linkDigest,
  };
  const role = roleOn(actor, access);
  if (role === null) {
    const linkGone = identity.link !== null && identity.link !== facts.linkDigest;
    return { kind: 'revoked', because: linkGone || identity.link !== null ? 'link' : 'access' };
  }
  const now = syncRoleOf(role);
  return now === identity.role ? { kind: 'keep' } : { kind: 'changed', role: now };
}
