import { expect, openTogether, type Person, test } from './fixtures';
import { expectNoSeriousA11yViolations } from './support/axe';

/** The smallest valid PNG (1×1). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

async function insertImage(person: Person): Promise<void> {
  const chooser = person.page.waitForEvent('filechooser');
  await person.editor.toolbarButton('Insert image').click();
  await (await chooser).setFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
}

test.describe('writing tools', () => {
  test('two people use find and replace, a table and an image at once, and converge', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await alice.editor.typeText('The cat sat. A cat ran. Concatenate. CAT!');
    await bob.editor.expectToContain('CAT!');

    // Bob adds a table and an image at the end while Alice replaces words.
    await bob.editor.focusEnd();
    await bob.page.keyboard.press('Enter');
    await bob.editor.toolbarButton('Insert table').click();
    await bob.page.keyboard.type('cell by Bob, cat');

    await alice.editor.prose.focus();
    await alice.page.keyboard.press('Control+h');
    const find = alice.page.getByRole('search', { name: 'Find and replace' });
    await find.getByLabel('Find', { exact: true }).fill('cat');
    await find.getByLabel('Whole word').check();
    await expect(find.getByText(/of 4$/)).toBeVisible(); // three in Alice's line, one in Bob's cell
    await find.getByLabel('Match case').check();
    await expect(find.getByText(/of 3$/)).toBeVisible();
    await find.getByLabel('Replace with').fill('dog');
    await insertImage(bob);
    await find.getByRole('button', { name: 'Replace all' }).click();
    await expect(find.getByText('No matches')).toBeVisible();

    for (const person of [alice, bob]) {
      await person.editor.expectToContain('The dog sat. A dog ran. Concatenate. CAT!');
      await expect.poll(async () => (await person.editor.blocks('td, th'))[0]).toContain('cell by Bob, dog');
      await expect(person.editor.prose.locator('img[src^="/api/files/"]')).toHaveCount(1);
    }
    await expect.poll(() => bob.editor.content()).toBe(await alice.editor.content());
    // The image never travelled inside the document: its address did.
    const src = await bob.editor.prose.locator('img[src^="/api/files/"]').getAttribute('src');
    expect(src).toMatch(/^\/api\/files\/[A-Za-z0-9_-]{22}$/);
    const served = await bob.page.request.get(src!);
    expect(served.headers()['x-content-type-options']).toBe('nosniff');

    // Replace all is one undo step for Alice, and leaves Bob's table and image alone.
    await find.getByRole('button', { name: 'Close find' }).click();
    await alice.page.keyboard.press('Control+z');
    for (const person of [alice, bob]) {
      await person.editor.expectToContain('The cat sat. A cat ran. Concatenate. CAT!');
      await expect(person.editor.prose.locator('img[src^="/api/files/"]')).toHaveCount(1);
      await expect(person.editor.prose.locator('table')).toHaveCount(1);
    }
    await alice.editor.waitSaved();
    await bob.editor.waitSaved();
  });

  test('the slash menu and the selection bubble work from the keyboard alone', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await alice.editor.prose.focus();
    await alice.page.keyboard.type('/head');
    const menu = alice.page.getByRole('listbox', { name: 'Insert block' });
    await expect(menu).toBeVisible();
    await alice.page.keyboard.press('ArrowDown'); // Heading 2
    await expect(menu.getByRole('option', { name: 'Heading 2' })).toHaveAttribute('aria-selected', 'true');
    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.type('Plan');
    await expect.poll(() => bob.editor.blocks('h2')).toEqual(['Plan']);

    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.type('/divider');
    await alice.page.keyboard.press('Enter');
    await expect(bob.editor.prose.locator('hr')).toHaveCount(1);
    await alice.page.keyboard.type('/task');
    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.type('Buy milk');
    await expect
      .poll(async () => (await bob.editor.blocks('ul[data-type="taskList"] li')).join())
      .toContain('Buy milk');
    await alice.page.keyboard.type('/');
    await alice.page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    await alice.page.keyboard.press('Backspace');

    // Select "milk" and format it through the bubble, without the mouse.
    for (let i = 0; i < 4; i++) await alice.page.keyboard.press('Shift+ArrowLeft');
    await alice.page.keyboard.press('Alt+F10');
    const bubble = alice.page.getByRole('toolbar', { name: 'Text formatting' });
    await expect(bubble.getByRole('button', { name: 'Bold' })).toBeFocused();
    await alice.page.keyboard.press('Enter');
    await expect.poll(() => bob.editor.blocks('strong')).toEqual(['milk']);
    await alice.page.keyboard.press('Alt+F10');
    await alice.page.keyboard.press('End'); // Highlight
    await expect(bubble.getByRole('button', { name: 'Highlight' })).toBeFocused();
    await alice.page.keyboard.press('Enter');
    await expect.poll(() => bob.editor.blocks('mark')).toEqual(['milk']);
    await alice.page.keyboard.press('Alt+F10');
    await expectNoSeriousA11yViolations(alice.page);
  });

  test('colour, alignment, sub- and superscript, code highlighting and emoji shortcodes reach the other person', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await alice.editor.typeText('H2O and E=mc2 :smile: ');
    await expect(bob.editor.prose).toContainText('😄');

    await alice.page.keyboard.press('Control+Shift+e'); // centre
    await expect(bob.editor.prose.locator('p').first()).toHaveCSS('text-align', 'center');

    await alice.page.keyboard.press('Control+Home');
    await alice.page.keyboard.press('ArrowRight');
    await alice.page.keyboard.press('Shift+ArrowRight');
    await alice.page.keyboard.press('Control+,');
    await expect.poll(() => bob.editor.blocks('sub')).toEqual(['2']);

    await alice.page.keyboard.press('Control+Home');
    await alice.page.keyboard.press('Shift+ArrowRight');
    await alice.editor.toolbarButton('Text colour').click();
    await alice.page.getByRole('menuitem', { name: 'Text colour: Red' }).click();
    await expect.poll(async () => (await bob.editor.blocks('span[style^="color"]'))[0]).toBe('H');

    await alice.editor.focusEnd();
    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.type('```js ');
    await alice.page.keyboard.type('const answer = 42; // the answer');
    await expect(bob.editor.prose.locator('pre .hljs-keyword')).toHaveText('const');
    await expect(bob.editor.prose.locator('pre .hljs-comment')).toContainText('the answer');
  });
});
