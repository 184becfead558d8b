import { expect, test } from './fixtures';

test.describe('small screens and looks', () => {
  test('at 375 px the header is one row and every toolbar button can be reached', async ({ api, newPerson }) => {
    const alice = await newPerson('alice', { viewport: { width: 375, height: 740 } });
    const doc = await api.createDocument('A fairly long document title for a phone');
    await alice.editor.goto(doc.id);
    const header = alice.page.locator('header').first();
    const box = await header.boundingBox();
    expect(box?.height ?? 0).toBeLessThanOrEqual(64);
    const toolbar = alice.editor.toolbar;
    expect(await toolbar.evaluate((element) => getComputedStyle(element).overflowX)).toMatch(/auto|scroll/);
    const redo = alice.editor.toolbarButton('Insert table');
    await redo.scrollIntoViewIfNeeded();
    await expect(redo).toBeInViewport();
    expect(await alice.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  test('toolbar icons are drawn icons, not text characters', async ({ api, newPerson }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    const buttons = alice.editor.toolbar.getByRole('button');
    const withoutIcon = await buttons.evaluateAll((all) =>
      all.filter((button) => button.querySelector('svg') === null).map((b) => b.getAttribute('aria-label')),
    );
    expect(withoutIcon).toEqual([]);
  });

  test.describe('not found', () => {
    // 404: an unknown path; 403: a document one may not open ("You need access"), unknown or not.
    test.use({ allowedConsoleErrors: [/the server responded with a status of 40[34]/] });
    test('unknown paths show the not-found page; unknown documents look exactly like forbidden ones', async ({
      api,
      newPerson,
    }) => {
      const bob = await newPerson('bob');
      await bob.page.goto('/no/such/page');
      await expect(bob.page.getByTestId('not-found')).toBeVisible();
      const doc = await api.createDocument('Not for Bob');
      await api.unshare(doc.id, bob.account.id);
      const pages: string[] = [];
      for (const id of [doc.id, 'AAAAAAAAAAAAAAAAAAAAAA']) {
        const response = await bob.page.goto(`/d/${id}`);
        expect(response?.status()).toBe(403);
        pages.push(await bob.page.getByTestId('need-access').innerText());
      }
      expect(pages[0]).toBe(pages[1]);
      expect(pages[0]).not.toContain('Not for Bob');
    });
  });

  test('a viewer never shares an avatar colour with an editor', async ({ api, newPerson }) => {
    const alice = await newPerson({ name: 'Alice Archer', color: '#1a73e8' });
    const bob = await newPerson({ name: 'Bob Baker', color: '#1a73e8' });
    const carol = await newPerson({ name: 'Carol Cooper', color: '#1a73e8' });
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    await bob.editor.goto(doc.id);
    await api.share(doc.id, carol.account.email, 'viewer'); // a viewer: shared with them as such
    await carol.editor.goto(doc.id);
    const avatars = alice.editor.presence.getByTestId('presence-avatar');
    await expect(avatars).toHaveCount(2);
    const colours = await avatars.evaluateAll((all) => all.map((avatar) => getComputedStyle(avatar).backgroundColor));
    const own = await alice.page.locator('.tandem-avatar--self').evaluate((a) => getComputedStyle(a).backgroundColor);
    expect(new Set([...colours, own]).size).toBe(3);
  });

  test('a remote caret label does not cover the line above', async ({ api, twoPeople: { alice, bob } }) => {
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    await bob.editor.goto(doc.id);
    await alice.editor.typeText('The line above');
    await alice.editor.typeParagraph('');
    await bob.editor.expectContent('The line above');
    await alice.page.keyboard.type('Second line');
    await bob.editor.expectToContain('Second line');
    const label = bob.editor.caretLabels.first();
    await expect(label).toBeAttached();
    const firstLine = await bob.editor.prose.locator('p').first().boundingBox();
    const labelBox = await label.boundingBox();
    if (labelBox && firstLine && labelBox.width > 0 && (await label.isVisible())) {
      expect(labelBox.y).toBeGreaterThanOrEqual(firstLine.y + firstLine.height - 1);
    }
  });
});
