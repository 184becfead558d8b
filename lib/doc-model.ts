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

/**
 * The title as shown (whitespace collapsed, trimmed, at most MAX_TITLE_LENGTH).
 * Reads only as much of the Y.Text as that needs: the sync server derives the
 * catalogue title after commits, and an editor may type (or paste) megabytes
 * into the title field; the whole of it must not be copied and scanned each time.
 */
export function readTitle(doc: Y.Doc): string {
  let raw = '';
  let shown = '';
  for (let item = titleText(doc)._start; item !== null; item = item.right as Y.Item | null) {
    if (item.deleted || !item.countable) continue;
    const piece = (item.content as { str?: unknown }).str;
    if (typeof piece !== 'string') continue;
    raw += piece;
    shown = raw.replace(/\s+/g, ' ').trimStart();
    // One character beyond the limit tells a cut title from one that only has trailing spaces left.
    if (shown.length > MAX_TITLE_LENGTH + 1) break;
    // Keep the raw prefix short when it is mostly whitespace.
    if (raw.length > 4 * MAX_TITLE_LENGTH) raw = shown;
  }
  return shown
    .slice(0, MAX_TITLE_LENGTH + 1)
    .trim()
    .slice(0, MAX_TITLE_LENGTH);
}

/** Replaces the whole title in one transaction. */
export function writeTitle(doc: Y.Doc, title: string, origin?: unknown): void {
  const text = titleText(doc);
  doc.transact(() => {
    text.delete(0, text.length);
    text.insert(0, title.slice(0, MAX_TITLE_LENGTH));
  }, origin);
}
