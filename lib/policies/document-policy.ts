/**
 * Who may do what with a document: the one place these rules live (as
 * Outline's policies do). Route handlers, pages, the dashboard queries and the
 * sync server all ask `roleOn` / `can` instead of deciding by hand, and
 * test/policies/document-policy.test.ts enumerates the whole table.
 *
 * Roles, strongest first: owner > editor > viewer. A person's role on a
 * document is the strongest of: owning it, being added to it, and — only when
 * they arrived through the document's current link — its general access.
 * Instance admins may delete documents and transfer ownership (the admin
 * page), but that does not let them read a document they were not given.
 */
export type DocumentRole = 'owner' | 'editor' | 'viewer';
export type MemberRole = 'editor' | 'viewer';
export type GeneralAccess = 'restricted' | 'view' | 'edit';

export const GENERAL_ACCESS: readonly GeneralAccess[] = ['restricted', 'view', 'edit'];
export const MEMBER_ROLES: readonly MemberRole[] = ['editor', 'viewer'];

/** Who is asking: a signed-in person, a guest who came through a link, or nobody. */
export type Actor =
  | { kind: 'user'; id: string; admin: boolean }
  | { kind: 'guest'; id: string }
  | { kind: 'anonymous' };

/** What the database knows about one document and the actor. */
export interface DocumentAccess {
  ownerId: string | null;
  generalAccess: GeneralAccess;
  /** The actor's own membership row, if any. */
  memberRole: MemberRole | null;
  /** The actor presented the document's current link token. */
  viaLink: boolean;
}

export type DocumentAction =
  | 'read'
  | 'update' // write content, rename
  | 'share' // see and change people, general access, reset the link, approve requests
  | 'trash' // move to the trash and back (undoable for 30 days, so editors may too)
  | 'delete' // for good
  | 'transfer' // give ownership to someone else
  | 'request-access';

const RANK: Record<DocumentRole, number> = { viewer: 1, editor: 2, owner: 3 };

function stronger(a: DocumentRole | null, b: DocumentRole | null): DocumentRole | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** The actor's role on the document, or null when they may not open it. */
export function roleOn(actor: Actor, access: DocumentAccess): DocumentRole | null {
  let role: DocumentRole | null = null;
  if (actor.kind === 'user') {
    if (access.ownerId !== null && access.ownerId === actor.id) return 'owner';
    role = access.memberRole;
  }
  if (actor.kind !== 'anonymous' && access.viaLink && access.generalAccess !== 'restricted') {
    role = stronger(role, access.generalAccess === 'edit' ? 'editor' : 'viewer');
  }
  return role;
}

export function can(actor: Actor, action: DocumentAction, access: DocumentAccess): boolean {
  const role = roleOn(actor, access);
  switch (action) {
    case 'read':
      return role !== null;
    case 'update':
      return role === 'owner' || role === 'editor';
    case 'trash':
      // Only people with an account: the trash is per person, and a guest could never restore.
      return actor.kind === 'user' && (role === 'owner' || role === 'editor');
    case 'share':
      return role === 'owner';
    case 'delete':
    case 'transfer':
      return role === 'owner' || (actor.kind === 'user' && actor.admin);
    case 'request-access':
      // Signed-in people without access ask; guests have nobody to be.
      return actor.kind === 'user' && role === null;
  }
}

/** The sync role a document role grants: owners and editors write, viewers read. */
export function syncRoleOf(role: DocumentRole): 'edit' | 'view' {
  return role === 'viewer' ? 'view' : 'edit';
}
