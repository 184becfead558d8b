import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editorSchema } from '@/components/editor/extensions';
import {
  checkDocument,
  documentSchemaVersion,
  SCHEMA_VERSION,
  stampSchemaVersion,
  watchForUnknownContent,
} from '@/components/editor/schema-guard';
import { CONTENT_FIELD } from '@/lib/doc-model';

const schema = editorSchema();

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const run = new Y.XmlText();
  run.insert(0, text, attributes);
  element.insert(0, [run]);
  return element;
}

describe('schema guard', () => {
  it('accepts what this release writes: paragraphs, marks, images, tables, aligned headings', () => {
    const doc = new Y.Doc();
    const content = doc.getXmlFragment(CONTENT_FIELD);
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 2 as unknown as string);
    heading.setAttribute('textAlign', 'center');
    const image = new Y.XmlElement('image');
    image.setAttribute('src', '/api/files/AAAAAAAAAAAAAAAAAAAAAA');
    image.setAttribute('alt', 'A cat');
    content.insert(0, [heading, paragraph('bold', { bold: {}, highlight: { color: '#ff0' } }), image]);
    expect(checkDocument(doc, content, schema)).toBeNull();
  });

  it('reports an unknown node, an unknown mark and an unknown attribute', () => {
    for (const build of [
      () => new Y.XmlElement('calloutFromTheFuture'),
      () => paragraph('x', { sparkle: {} }),
      () => {
        const element = paragraph('x');
        element.setAttribute('mood', 'happy');
        return element;
      },
    ]) {
      const doc = new Y.Doc();
      const content = doc.getXmlFragment(CONTENT_FIELD);
      content.insert(0, [paragraph('fine'), build()]);
      expect(checkDocument(doc, content, schema)).not.toBeNull();
    }
  });

  it('sees unknown content in a remote update before any observer (the editor binding) runs', () => {
    const doc = new Y.Doc();
    const content = doc.getXmlFragment(CONTENT_FIELD);
    const order: string[] = [];
    watchForUnknownContent(doc, content, schema, (reason) => order.push(`guard: ${reason}`));
    content.observeDeep(() => order.push('observer'));
    const remote = new Y.Doc();
    const nested = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    item.insert(0, [new Y.XmlElement('calloutFromTheFuture')]);
    nested.insert(0, [item]);
    remote.getXmlFragment(CONTENT_FIELD).insert(0, [nested]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote));
    expect(order).toEqual(['guard: node "calloutFromTheFuture"', 'observer']);
  });

  it('stops at a document stamped by a newer release, and stamps without ever lowering', () => {
    const doc = new Y.Doc();
    expect(documentSchemaVersion(doc)).toBe(0);
    stampSchemaVersion(doc);
    expect(documentSchemaVersion(doc)).toBe(SCHEMA_VERSION);
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    stampSchemaVersion(doc);
    expect(documentSchemaVersion(doc)).toBe(SCHEMA_VERSION + 1);
    expect(checkDocument(doc, doc.getXmlFragment(CONTENT_FIELD), schema)).toMatch(/newer/);
  });
});
