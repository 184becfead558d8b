import type * as Y from 'yjs';

/**
 * The shape of a Tandem document inside its Y.Doc. The editor, the sync server
 * (which derives the dashboard title) and tests all go through these names.
 */
export const CONTENT_FIELD = 'content'; // Y.XmlFragment bound to TipTap (Collaboration `field`)
export const TITLE_FIELD = 'title'; // Y.Text, the document's title, plain text

export const MAX_TITLE_LENGTH = 200;

export function titleText(doc: Y.Doc): Y.Text {
  return doc.getText(TITLE_FIELD);
}

export function readTitle(doc: Y.Doc): string {
  return titleText(doc).toString().replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);
}

/** Replaces the whole title in one transaction. */
export function writeTitle(doc: Y.Doc, title: string, origin?: unknown): void {
  const text = titleText(doc);
  doc.transact(() => {
    text.delete(0, text.length);
    text.insert(0, title.slice(0, MAX_TITLE_LENGTH));
  }, origin);
}
