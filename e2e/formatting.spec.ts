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
