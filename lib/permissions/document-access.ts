import 'server-only';
import { ApiError } from '../api-errors';
import type { SessionUser } from '../auth/session';
import { actorOf } from '../auth/session';
import { appStore } from '../db/app-db';
import { isValidDocId } from '../doc-id';
import { type Actor, can, type DocumentAction, type DocumentRole, roleOn } from '../policies/document-policy';
import type { DocumentFacts } from './store';

export interface OpenedDocument {
  facts: DocumentFacts;
  actor: Actor;
  role: DocumentRole;
  /** The role came only from the document's link (a reset link revokes it). */
  viaLinkOnly: boolean;
}

export interface OpenOptions {
  linkToken?: string | null;
  guestId?: string | null;
  /**
   * Also a document in the trash (its page says so; restoring, deleting for
   * good). Without it a trashed document cannot be opened, edited or synced,
   * and answers like one that does not exist.
   */
  includeTrashed?: boolean;
}

/**
 * A document the actor may open, or null — for a malformed id, an unknown
 * id, a deleted one and one they may not open alike, so the answer tells a
 * prober nothing.
 */
export async function openDocument(
  user: SessionUser | null,
  docId: string,
  options: OpenOptions = {},
): Promise<OpenedDocument | null> {
  if (!isValidDocId(docId)) return null;
  const { permissions } = await appStore();
  const facts = await permissions.facts(docId);
  if (!facts || (facts.trashedAt !== null && !options.includeTrashed)) return null;
  return decide(facts, user, options.linkToken ?? null, options.guestId ?? null);
}

/** The same through a link token (`/s/<token>`). */
export async function openByLink(
  user: SessionUser | null,
  linkToken: string,
  guestId: string | null,
  options: Pick<OpenOptions, 'includeTrashed'> = {},
): Promise<OpenedDocument | null> {
  if (!isValidDocId(linkToken)) return null;
  const { permissions } = await appStore();
  const facts = await permissions.factsByLink(linkToken);
  if (!facts || (facts.trashedAt !== null && !options.includeTrashed)) return null;
  return decide(facts, user, linkToken, guestId);
}

/** Whether the actor who opened a document may also do `action` with it (without a link). */
export async function mayDo(opened: OpenedDocument, action: DocumentAction): Promise<boolean> {
  if (opened.actor.kind !== 'user') return false;
  const { permissions } = await appStore();
  return can(opened.actor, action, await permissions.access(opened.facts, opened.actor.id, null));
}

async function decide(
  facts: DocumentFacts,
  user: SessionUser | null,
  linkToken: string | null,
  guestId: string | null,
): Promise<OpenedDocument | null> {
  const { permissions } = await appStore();
  const actor = actorOf(user, guestId);
  const access = await permissions.access(facts, user?.id ?? null, linkToken);
  const role = roleOn(actor, access);
  if (role === null) return null;
  const withoutLink = roleOn(actor, { ...access, viaLink: false });
  return { facts, actor, role, viaLinkOnly: withoutLink !== role };
}

/**
 * For API routes on `/api/docs/<id>/…`: 404 when the person may not open the
 * document (nothing about it leaks), 403 when they may open it but not do
 * `action`.
 */
export async function requireDocument(
  user: SessionUser,
  docId: string,
  action: DocumentAction,
  options: Pick<OpenOptions, 'includeTrashed'> = {},
): Promise<OpenedDocument> {
  const opened = await openDocument(user, docId, options);
  if (!opened) throw new ApiError('not_found', 'No document with this id.');
  if (action !== 'read' && !(await mayDo(opened, action))) {
    throw new ApiError('forbidden', 'You may not do this with this document.');
  }
  return opened;
}

/** Like requireDocument, for admins acting on documents they cannot open (delete, transfer). */
export async function requireDocumentForAdmin(
  user: SessionUser,
  docId: string,
  action: 'delete' | 'transfer',
): Promise<DocumentFacts> {
  if (!isValidDocId(docId)) throw new ApiError('not_found', 'No document with this id.');
  const { permissions } = await appStore();
  const facts = await permissions.facts(docId);
  if (!facts) throw new ApiError('not_found', 'No document with this id.');
  const actor = actorOf(user);
  const access = await permissions.access(facts, user.id, null);
  if (!can(actor, action, access)) {
    // Someone who cannot even open it learns nothing more than "not found".
    if (roleOn(actor, access) === null) throw new ApiError('not_found', 'No document with this id.');
    throw new ApiError('forbidden', 'You may not do this with this document.');
  }
  return facts;
}
