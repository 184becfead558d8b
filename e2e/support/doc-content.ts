import * as Y from 'yjs';
import { CONTENT_FIELD } from '../../lib/doc-model';

/** Appends a paragraph the way TipTap's Collaboration extension stores one in the Y.Doc. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const content = doc.getXmlFragment(CONTENT_FIELD);
  content.insert(content.length, [paragraph]);
}

/**
 * Appends a paragraph whose text carries a link mark with any `href`, the way
 * y-prosemirror stores marks (formatting attributes named after the mark): what
 * a hostile client with an edit token could write, bypassing the editor's checks.
 */
export function appendLinkParagraph(doc: Y.Doc, text: string, href: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  const linked = new Y.XmlText();
  linked.insert(0, text, { link: { href, target: '_blank', rel: 'noopener noreferrer nofollow', class: null } });
  paragraph.insert(0, [linked]);
  const content = doc.getXmlFragment(CONTENT_FIELD);
  content.insert(content.length, [paragraph]);
}
