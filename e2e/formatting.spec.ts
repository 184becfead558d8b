import { expect, openTogether, test } from './fixtures';

test('formatting applied in one tab is seen in the two others', async ({ api, threeTabs }) => {
  const [alice, bob, carol] = threeTabs;
  const doc = await api.createDocument();
  await openTogether(threeTabs, doc.id);
  const { editor, page } = alice;

  await editor.focusEnd();
  await editor.toolbarButton('Heading 1').click();
  await expect(editor.toolbarButton('Heading 1')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('Quarterly plan');
  await page.keyboard.press('Enter');

  await editor.toolbarButton('Bold').click();
  await expect(editor.toolbarButton('Bold')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('Important');
  await editor.toolbarButton('Bold').click();
  await expect(editor.toolbarButton('Bold')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.type(' and plain');
  await page.keyboard.press('Enter');

  await editor.toolbarButton('Bullet list').click();
  await page.keyboard.type('First item');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Second item');

  for (const other of [bob, carol]) {
    await expect.poll(() => other.editor.blocks('h1')).toEqual(['Quarterly plan']);
    await expect.poll(() => other.editor.blocks('strong')).toEqual(['Important']);
    await expect.poll(() => other.editor.blocks('p')).toContain('Important and plain');
    await expect.poll(() => other.editor.blocks('ul li')).toEqual(['First item', 'Second item']);
  }

  // And the other way round: a heading set by Carol reaches Alice and Bob.
  await carol.editor.prose.locator('h1').click();
  await carol.editor.toolbarButton('Heading 2').click();
  for (const other of [alice, bob]) {
    await expect.poll(() => other.editor.blocks('h2')).toEqual(['Quarterly plan']);
    await expect(other.editor.prose.locator('h1')).toHaveCount(0);
  }
});

test('markdown shortcuts, task lists, code blocks and tables reach the other person', async ({
  api,
  twoPeople: { alice, bob },
}) => {
  const doc = await api.createDocument();
  await openTogether([alice, bob], doc.id);
  const { editor, page } = alice;

  await editor.focusEnd();
  await page.keyboard.type('## Typed as markdown');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Some **strong** words');
  await page.keyboard.press('Enter');
  await page.keyboard.type('> A quotation');
  await expect.poll(() => bob.editor.blocks('h2')).toEqual(['Typed as markdown']);
  await expect.poll(() => bob.editor.blocks('strong')).toEqual(['strong']);
  await expect.poll(() => bob.editor.blocks('blockquote')).toEqual(['A quotation']);

  // Leave the quote, then a task list whose box Bob ticks for Alice to see.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await editor.toolbarButton('Task list').click();
  await page.keyboard.type('Ship it');
  await expect.poll(() => bob.editor.blocks('ul[data-type="taskList"] li > div')).toEqual(['Ship it']);
  await bob.editor.prose.locator('ul[data-type="taskList"] li input[type="checkbox"]').check();
  await expect(alice.editor.prose.locator('ul[data-type="taskList"] li input[type="checkbox"]')).toBeChecked();

  await editor.focusEnd();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await editor.toolbarButton('Code block').click();
  await page.keyboard.type('const answer = 42;');
  await expect.poll(() => bob.editor.blocks('pre code')).toEqual(['const answer = 42;']);

  await editor.focusEnd();
  await editor.toolbarButton('Insert table').click();
  await expect(bob.editor.prose.locator('table')).toHaveCount(1);
  await page.keyboard.type('In a cell');
  await expect.poll(() => bob.editor.blocks('table td, table th')).toContain('In a cell');
});
