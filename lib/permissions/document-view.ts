import type { OpenedDocument } from './document-access';

/** What a person who may open a document learns about it: never its link token or view id. */
export function documentView(opened: OpenedDocument) {
  const { facts, role } = opened;
  return { id: facts.id, title: facts.title, createdAt: facts.createdAt, updatedAt: facts.updatedAt, role };
}
