import { expect, openTogether, test } from './fixtures';
import { appendLinkParagraph } from './support/doc-content';
import { RawSyncClient } from './support/raw-sync-client';

/** Any link a browser would run as script, whatever the case or leading spaces. */
const SCRIPT_LINK = 'a[href^="javascript:" i], a[href^=" javascript:" i], a[href^="data:" i], a[href^="vbscript:" i]';

test.describe('links', () => {
  test('a pasted javascript: link loses its href while an https link keeps it, for everyone', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await alice.editor.focusEnd();

    // What a copy from a hostile web page puts on the clipboard.
    await alice.editor.prose.evaluate((element) => {
      const data = new DataTransfer();
      data.setData(
        'text/html',
        '<p>Read <a href="https://example.com/guide">the guide</a>, not <a href="javascript:alert(document.cookie)">this trap</a>.</p>',
      );
      data.setData('text/plain', 'Read the guide, not this trap.');
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });

    for (const person of [alice, bob]) {
      await person.editor.expectToContain('Read the guide, not this trap.');
      await expect(person.editor.prose.locator('a[href="https://example.com/guide"]')).toHaveText('the guide');
      await expect(person.editor.prose.locator(SCRIPT_LINK)).toHaveCount(0);
    }
  });

  test('a javascript: link written straight into the document by a hostile client is never rendered', async ({
    api,
    newPerson,
    stack,
  }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);

    const attacker = await RawSyncClient.connect(stack.syncURL, doc.id, await api.mintSyncToken(doc.id, 'edit'));
    try {
      await expect.poll(() => attacker.isSynced).toBe(true);
      appendLinkParagraph(attacker.doc, 'harmless looking', 'javascript:alert(document.domain)');
      appendLinkParagraph(attacker.doc, 'fine link', 'https://example.com/');
    } finally {
      await attacker.close();
    }

    await alice.editor.expectToContain('harmless looking');
    await expect(alice.editor.prose.locator('a[href="https://example.com/"]')).toHaveText('fine link');
    await expect(alice.editor.prose.locator(SCRIPT_LINK)).toHaveCount(0);
    // And after a reload, when the content comes from storage rather than a live update.
    await alice.editor.reload();
    await alice.editor.expectToContain('harmless looking');
    await expect(alice.editor.prose.locator(SCRIPT_LINK)).toHaveCount(0);
  });
});
