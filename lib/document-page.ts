import 'server-only';
import type { Metadata } from 'next';
import { appDatabase } from './db/app-db';
import { isValidDocId } from './doc-id';
import { type DocumentRecord, getDocument, getDocumentByViewId } from './documents';

/**
 * The record behind the edit link `/d/<id>` (the page and its token route), or
 * null for a malformed, unknown or deleted id.
 */
export function documentForEditLink(id: string): DocumentRecord | null {
  return isValidDocId(id) ? getDocument(appDatabase(), id) : null;
}

/** The record behind the view link `/v/<viewId>` (the page and its token route), or null. */
export function documentForViewLink(viewId: string): DocumentRecord | null {
  return isValidDocId(viewId) ? getDocumentByViewId(appDatabase(), viewId) : null;
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
