import { expect, openTogether, test } from './fixtures';

test.describe('presence list', () => {
  test("one's own other tab is not someone else, and viewers are marked as viewing", async ({ api, newPerson }) => {
    const [alice, bob] = [await newPerson('alice'), await newPerson('bob')];
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    const secondTab = await alice.context.newPage();
    await secondTab.goto(`/d/${doc.id}`);
    await api.share(doc.id, bob.account.email, 'viewer'); // a viewer: shared with them as such
    await bob.editor.goto(doc.id);

    const avatars = alice.editor.presence.getByTestId('presence-avatar');
    await expect(avatars).toHaveCount(1);
    await expect(avatars.first()).toHaveAttribute('data-name', bob.name);
    await expect(avatars.first()).toHaveAttribute('data-role', 'view');
    await expect(avatars.first()).toHaveAccessibleName(/viewing/i);
  });

  test('more people than fit collapse into "+N", and clicking an avatar shows that person\'s cursor', async ({
    api,
    newPerson,
  }) => {
    const doc = await api.createDocument();
    const alice = await newPerson('alice');
    await alice.editor.goto(doc.id);
    for (let i = 0; i < 30; i++) await alice.page.keyboard.press('Enter');
    const others = [];
    for (let i = 0; i < 5; i++) {
      const person = await newPerson({ name: `Guest ${i + 1}`, color: '#7627bb' });
      await person.editor.goto(doc.id);
      others.push(person);
    }
    await expect(alice.editor.presence.getByTestId('presence-overflow')).toHaveText(/^\+2\b/);
    const last = others[4]!;
    await last.editor.typeText('Guest five was here');
    await alice.editor.page.evaluate(() => window.scrollTo(0, 0));
    await alice.editor.presence.getByTestId('presence-overflow').click();
    await alice.page.getByRole('menuitem', { name: /Guest 5/ }).click();
    await expect(alice.editor.prose.locator('.collaboration-carets__caret', { hasText: 'Guest 5' })).toBeInViewport();
  });

  test('Escape cancels a display-name change', async ({ api, twoPeople: { alice, bob } }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await expect.poll(() => bob.editor.presenceNames()).toEqual([alice.name]);
    const input = alice.page.getByTestId('user-name');
    await input.fill('Not my name');
    await input.press('Escape');
    await expect(input).toHaveValue(alice.name);
    // Long past the publish delay, nobody ever sees the abandoned name.
    await alice.editor.typeText('x');
    await bob.editor.expectToContain('x');
    await expect.poll(() => bob.editor.presenceNames()).toEqual([alice.name]);
    await alice.page.reload();
    await expect(alice.page.getByTestId('user-name')).toHaveValue(alice.name);
  });

  test('the title keeps an IME composition whole and sends only the committed text', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await alice.editor.title.click();
    const cdp = await alice.context.newCDPSession(alice.page);
    await cdp.send('Input.imeSetComposition', { text: 'ni', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.imeSetComposition', { text: 'nih', selectionStart: 3, selectionEnd: 3 });
    // Bob renames meanwhile; Alice's composition must survive it.
    await bob.editor.title.click();
    await bob.page.keyboard.type('Plan');
    await expect(bob.editor.title).toHaveValue('Plan');
    await cdp.send('Input.insertText', { text: '你好' });
    await expect(bob.editor.title).toHaveValue(/你好/);
    await expect(bob.editor.title).not.toHaveValue(/nih?/);
    await expect(alice.editor.title).toHaveValue(await bob.editor.title.inputValue());
  });
});
