import { expect, openTogether, test } from './fixtures';
import { appendParagraph } from './support/doc-content';
import { RawSyncClient } from './support/raw-sync-client';

test.describe('presence', () => {
  test('each person sees the other in the presence bar and their named caret', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);

    // The presence bar lists the *other* people only.
    await expect.poll(() => alice.editor.presenceNames()).toEqual([bob.name]);
    await expect.poll(() => bob.editor.presenceNames()).toEqual([alice.name]);
    await expect(alice.editor.presence.getByTestId('presence-avatar')).toHaveAttribute('title', bob.name);

    // A caret is shown once its owner has a selection in the document.
    await alice.editor.typeText('Alice is here. ');
    await bob.editor.expectToContain('Alice is here.');
    await bob.editor.focusEnd();

    await expect(alice.editor.caretLabels).toHaveText([bob.name]);
    await expect(bob.editor.caretLabels).toHaveText([alice.name]);
  });

  test('a person who closes the tab leaves the presence bar within seconds', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await bob.editor.typeText('Bob was here');
    await expect(alice.editor.caretLabels).toHaveText([bob.name]);
    await expect.poll(() => alice.editor.presenceNames()).toEqual([bob.name]);

    await bob.context.close();

    // The server drops a closed socket's awareness at once; no minutes-long awareness timeout.
    await expect.poll(() => alice.editor.presenceNames(), { timeout: 5_000 }).toEqual([]);
    await expect(alice.editor.caretLabels).toHaveCount(0, { timeout: 5_000 });
    await alice.editor.expectContent('Bob was here');
  });

  test("another person's typing never scrolls my view", async ({ api, stack, twoPeople: { alice, bob } }) => {
    const doc = await api.createDocument();
    // A document longer than the screen, written in one go by a crafted client.
    const writer = await RawSyncClient.connect(stack.syncURL, doc.id, await api.mintSyncToken(doc.id, 'edit'));
    try {
      await expect.poll(() => writer.isSynced).toBe(true);
      const paragraphs = Array.from({ length: 80 }, (_, index) => `Paragraph number ${index + 1}.`);
      writer.doc.transact(() => {
        for (const text of paragraphs) appendParagraph(writer.doc, text);
      });
    } finally {
      await writer.close();
    }
    await openTogether([alice, bob], doc.id);
    await alice.editor.expectToContain('Paragraph number 80.');

    // Alice reads the top; Bob writes at the very bottom, far outside her screen.
    await alice.editor.prose.focus();
    await alice.page.keyboard.press('Control+Home');
    const firstParagraph = alice.editor.prose.locator('p').first();
    const before = await firstParagraph.boundingBox();
    await bob.editor.typeText(' Bob adds this at the end.');
    await alice.editor.expectToContain('Bob adds this at the end.');
    await expect(alice.editor.caretLabels).toHaveText([bob.name]);

    expect(await firstParagraph.boundingBox()).toEqual(before);
    await expect(firstParagraph).toBeInViewport();
  });
});
