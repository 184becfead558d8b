import 'server-only';
import { appStore } from '../db/app-db';
import type { OpenedDocument } from './document-access';

/** What the share dialog shows; only ever sent to someone who may share (the owner). */
export async function sharingState(opened: OpenedDocument) {
  const { permissions } = await appStore();
  const owner = opened.facts.ownerId ? await permissions.user(opened.facts.ownerId) : null;
  return {
    id: opened.facts.id,
    owner: owner && { id: owner.id, name: owner.name, email: owner.email, color: owner.color },
    members: await permissions.members(opened.facts.id),
    requests: await permissions.accessRequests(opened.facts.id),
    generalAccess: opened.facts.generalAccess,
    linkToken: opened.facts.linkToken,
  };
}
