import 'server-only';
import type { Metadata } from 'next';
import { appCatalogue } from './db/app-db';
import { isValidDocId } from './doc-id';
import type { DocumentRecord } from './documents';

/**
 * The record behind the edit link `/d/<id>` (the page and its token route), or
 * null for a malformed, unknown or deleted id.
 */
export async function documentForEditLink(id: string): Promise<DocumentRecord | null> {
  return isValidDocId(id) ? (await appCatalogue()).get(id) : null;
}

/** The record behind the view link `/v/<viewId>` (the page and its token route), or null. */
export async function documentForViewLink(viewId: string): Promise<DocumentRecord | null> {
  return isValidDocId(viewId) ? (await appCatalogue()).getByViewId(viewId) : null;
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
