import * as Y from 'yjs';
import { CONTENT_FIELD } from '../../lib/doc-model';

/** Appends a paragraph the way TipTap's Collaboration extension stores one in the Y.Doc. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const content = doc.getXmlFragment(CONTENT_FIELD);
  content.insert(content.length, [paragraph]);
}
