import 'server-only';
import type { Metadata } from 'next';
import { appCatalogue } from './db/app-db';
import { isValidDocId } from './doc-id';
import type { DocumentRecord } from './documents';
import { appTrash } from './trash/app-trash';

/** The record behind an edit id, in the trash or not (deleting forever, restoring). */
export async function anyDocumentForEditLink(id: string): Promise<DocumentRecord | null> {
  return isValidDocId(id) ? (await appCatalogue()).get(id) : null;
}

/**
 * The record behind the edit link `/d/<id>` (the page and its token route), or
 * null for a malformed, unknown, deleted or trashed id (a document in the trash
 * cannot be opened or edited until it is restored).
 */
export async function documentForEditLink(id: string): Promise<DocumentRecord | null> {
  const record = await anyDocumentForEditLink(id);
  return record && (await appTrash().trashedAt(record.id)) === null ? record : null;
}

/** The record behind the view link `/v/<viewId>` (the page and its token route), or null (also when trashed). */
export async function documentForViewLink(viewId: string): Promise<DocumentRecord | null> {
  const record = isValidDocId(viewId) ? await (await appCatalogue()).getByViewId(viewId) : null;
  return record && (await appTrash().trashedAt(record.id)) === null ? record : null;
}

/** When a link's document went to the trash (ms), for the page that says so; null if it is not there. */
export async function trashedAtFor(link: { id?: string; viewId?: string }): Promise<number | null> {
  const catalogue = await appCatalogue();
  const record =
    link.id !== undefined && isValidDocId(link.id)
      ? await catalogue.get(link.id)
      : link.viewId !== undefined && isValidDocId(link.viewId)
        ? await catalogue.getByViewId(link.viewId)
        : null;
  return record ? appTrash().trashedAt(record.id) : null;
}

/**
 * Document pages are capability URLs: keep them out of search engines, and
 * send no Referer when someone follows a link written in the document, which
 * would otherwise hand the edit URL to the linked site.
 */
export function documentPageMetadata(record: DocumentRecord | null): Metadata {
  return {
    title: record ? `${record.title.trim() || 'Untitled document'} · Tandem` : 'Document not found · Tandem',
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
  };
}
