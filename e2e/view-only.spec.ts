import { CONTENT_FIELD } from '../lib/doc-model';
import { expect, test } from './fixtures';
import { appendParagraph } from './support/doc-content';
import { RawSyncClient } from './support/raw-sync-client';

test.describe('viewers', () => {
  test('a viewer sees live changes, and typing there changes nothing', async ({ api, newPerson }) => {
    const [alice, viewer] = [await newPerson('alice'), await newPerson('bob')];
    const doc = await api.createDocument();
    await api.share(doc.id, viewer.account.email, 'viewer');
    await alice.editor.goto(doc.id);
    await viewer.editor.goto(doc.id);
    await expect(viewer.editor.viewOnlyBanner).toBeVisible();

    await alice.editor.typeText('Live for viewers.');
    await viewer.editor.expectContent('Live for viewers.');

    await viewer.editor.prose.click();
    await viewer.page.keyboard.type('viewer typing');
    await viewer.page.keyboard.press('Enter');
    // A later edit by Alice reaching the viewer shows that anything the viewer sent would have arrived too.
    await alice.editor.typeParagraph('Later by Alice.');
    await viewer.editor.expectToContain('Later by Alice.');
    await viewer.editor.expectNotToContain('viewer typing');
    await alice.editor.expectNotToContain('viewer typing');

    // Nothing a viewer receives holds a way to edit: no link token, no Share dialog.
    const sharing = await api.setGeneralAccess(doc.id, 'edit');
    await viewer.editor.reload();
    expect(await viewer.page.content()).not.toContain(sharing.linkToken);
    await expect(viewer.page.getByTestId('share-button')).toHaveCount(0);
  });

  test('the token route hands a viewer view tokens only', async ({ api, newPerson, stack }) => {
    const viewer = await newPerson('bob');
    const doc = await api.createDocument();
    await api.share(doc.id, viewer.account.email, 'viewer');
    const response = await viewer.context.request.post(`${stack.baseURL}/api/docs/${doc.id}/token`, {
      data: {},
      headers: { origin: stack.baseURL },
    });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ role: 'view', room: doc.viewId });
  });

  test('a crafted write through a view token is refused by the sync server', async ({ api, newPerson, stack }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Only editors write here.');
    await alice.editor.waitSaved();

    // Through the view alias and through the real id: a view token never writes.
    for (const room of [doc.viewId, doc.id]) {
      const intruder = await RawSyncClient.connect(stack.syncURL, room, await api.mintSyncToken(room, 'view'));
      try {
        await expect.poll(() => intruder.isSynced).toBe(true);
        expect(intruder.doc.getXmlFragment(CONTENT_FIELD).toString()).toContain('Only editors write here.');
        appendParagraph(intruder.doc, `INJECTED via ${room === doc.id ? 'id' : 'view id'}`);
        await expect.poll(() => intruder.permissionDenials).toContain('read-only');
      } finally {
        await intruder.close();
      }
    }

    // Alice's later edit arrives; the injected ones never do, and the server did not store them.
    await alice.editor.typeParagraph('Still only Alice.');
    await alice.editor.waitSaved();
    await alice.editor.expectNotToContain('INJECTED');
    await alice.editor.reload();
    await alice.editor.expectToContain('Still only Alice.');
    await alice.editor.expectNotToContain('INJECTED');

    const observer = await RawSyncClient.connect(stack.syncURL, doc.id, await api.mintSyncToken(doc.id, 'edit'));
    try {
      await expect.poll(() => observer.isSynced).toBe(true);
      const stored = observer.doc.getXmlFragment(CONTENT_FIELD).toString();
      expect(stored).toContain('Still only Alice.');
      expect(stored).not.toContain('INJECTED');
    } finally {
      await observer.close();
    }
  });
});
