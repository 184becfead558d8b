import * as Y from 'yjs';
import { CONTENT_FIELD } from '../lib/doc-model';
import { expect, test } from './fixtures';
import { appendParagraph } from './support/doc-content';
import { RawSyncClient } from './support/raw-sync-client';

/** What a newer release's node looks like to this one: a block type the schema does not know. */
function appendUnknownBlock(doc: Y.Doc, text: string): void {
  const block = new Y.XmlElement('calloutFromTheFuture');
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  block.insert(0, [paragraph]);
  const content = doc.getXmlFragment(CONTENT_FIELD);
  content.insert(content.length, [block]);
}

function contentXml(doc: Y.Doc): string {
  return doc.getXmlFragment(CONTENT_FIELD).toString();
}

test.describe('content this version does not know', () => {
  test('is never deleted from the shared document, and the person is told to reload', async ({
    api,
    newPerson,
    stack,
  }) => {
    const doc = await api.createDocument();
    const writer = await RawSyncClient.connect(stack.syncURL, doc.id, await api.mintSyncToken(doc.id, 'edit'));
    try {
      await expect.poll(() => writer.isSynced).toBe(true);
      writer.doc.transact(() => {
        appendParagraph(writer.doc, 'Known paragraph.');
        appendUnknownBlock(writer.doc, 'From a newer release.');
      });
      const alice = await newPerson('alice');
      await alice.page.goto(`/d/${doc.id}`);
      await expect(alice.page.getByRole('alert').filter({ hasText: /reload/i })).toBeVisible();
      await expect(alice.editor.prose).toHaveAttribute('contenteditable', 'false');

      // Live content from a newer client arriving while the page is open is kept too.
      appendUnknownBlock(writer.doc, 'Second from the future.');
      // A fresh reader sees everything still there, however long the tab has been open.
      const reader = await RawSyncClient.connect(stack.syncURL, doc.id, await api.mintSyncToken(doc.id, 'view'));
      try {
        await expect.poll(() => reader.isSynced).toBe(true);
        await expect.poll(() => contentXml(reader.doc)).toContain('Second from the future.');
        expect(contentXml(reader.doc)).toContain('From a newer release.');
        // Y.XmlElement's toString() lower-cases node names.
        expect(contentXml(reader.doc).toLowerCase()).toContain('calloutfromthefuture');
      } finally {
        await reader.close();
      }
      expect(contentXml(writer.doc)).toContain('From a newer release.');
    } finally {
      await writer.close();
    }
  });

  test('arriving live while someone edits is kept, and the editor stops writing', async ({ api, newPerson, stack }) => {
    const doc = await api.createDocument();
    const alice = await newPerson('alice');
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Alice was typing.');
    await alice.editor.waitSaved();
    const writer = await RawSyncClient.connect(stack.syncURL, doc.id, await api.mintSyncToken(doc.id, 'edit'));
    try {
      await expect.poll(() => writer.isSynced).toBe(true);
      appendUnknownBlock(writer.doc, 'Live from the future.');
      await expect(alice.page.getByRole('alert').filter({ hasText: /reload/i })).toBeVisible();
      await expect(alice.editor.prose).toHaveAttribute('contenteditable', 'false');
      const reader = await RawSyncClient.connect(stack.syncURL, doc.id, await api.mintSyncToken(doc.id, 'view'));
      try {
        await expect.poll(() => reader.isSynced).toBe(true);
        expect(contentXml(reader.doc)).toContain('Live from the future.');
        expect(contentXml(reader.doc)).toContain('Alice was typing.');
      } finally {
        await reader.close();
      }
    } finally {
      await writer.close();
    }
  });

  test('a document marked with a newer schema version opens read-only with a reload notice', async ({
    api,
    newPerson,
    stack,
  }) => {
    const doc = await api.createDocument();
    const writer = await RawSyncClient.connect(stack.syncURL, doc.id, await api.mintSyncToken(doc.id, 'edit'));
    try {
      await expect.poll(() => writer.isSynced).toBe(true);
      writer.doc.transact(() => {
        appendParagraph(writer.doc, 'Written by a newer release.');
        writer.doc.getMap('meta').set('schemaVersion', 999);
      });
    } finally {
      await writer.close();
    }
    const alice = await newPerson('alice');
    await alice.page.goto(`/d/${doc.id}`);
    await expect(alice.page.getByRole('alert').filter({ hasText: /reload/i })).toBeVisible();
    await expect(alice.editor.prose).toHaveAttribute('contenteditable', 'false');
  });
});
