import { expect, openTogether, test } from './fixtures';

test.describe('link bubble and link popover', () => {
  test('Ctrl+K with no selection inserts a link, and the bubble opens, edits, copies and removes it', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await alice.editor.typeText('See ');
    await alice.page.keyboard.press('Control+k');
    const popover = alice.page.getByRole('dialog', { name: 'Link' });
    await expect(popover).toBeVisible();
    await popover.getByLabel('Link address').fill('localhost:3000/d/abc');
    await popover.getByLabel('Link text').fill('the draft');
    await popover.getByLabel('Link address').press('Enter');
    for (const person of [alice, bob]) {
      await expect(person.editor.prose.locator('a[href="http://localhost:3000/d/abc"]')).toHaveText('the draft');
    }

    // Caret inside the link: the bubble offers open, edit, copy and remove.
    await alice.editor.prose.locator('a').click();
    const bubble = alice.page.getByRole('toolbar', { name: 'Link actions' });
    await expect(bubble).toBeVisible();
    await expect(bubble.getByRole('link', { name: /open/i })).toHaveAttribute('href', 'http://localhost:3000/d/abc');
    await expect(bubble.getByRole('link', { name: /open/i })).toHaveAttribute('target', '_blank');
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await bubble.getByRole('button', { name: /copy/i }).click();
    expect(await alice.page.evaluate(() => navigator.clipboard.readText())).toBe('http://localhost:3000/d/abc');

    await bubble.getByRole('button', { name: /edit/i }).click();
    await popover.getByLabel('Link address').fill('/d/other#intro');
    await popover.getByLabel('Link address').press('Enter');
    await expect(bob.editor.prose.locator('a[href="/d/other#intro"]')).toHaveText('the draft');

    await alice.editor.prose.locator('a').click();
    await bubble.getByRole('button', { name: /remove/i }).click();
    for (const person of [alice, bob]) {
      await expect(person.editor.prose.locator('a')).toHaveCount(0);
      await person.editor.expectContent('See the draft');
    }
  });

  test('the popover applies to the text it was opened for, even if the selection moves meanwhile', async ({
    api,
    newPerson,
  }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('first second');
    await alice.page.keyboard.press('Control+Home');
    await alice.page.keyboard.press('Shift+End');
    for (let i = 0; i < 7; i++) await alice.page.keyboard.press('Shift+ArrowLeft'); // "first"
    await alice.page.keyboard.press('Control+k');
    const popover = alice.page.getByRole('dialog', { name: 'Link' });
    await popover.getByLabel('Link address').fill('example.com:8080/x');
    // The selection moves to the end of the text (e.g. a click) before Apply.
    await alice.editor.prose.evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      range.collapse(false);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    });
    await popover.getByRole('button', { name: 'Apply' }).click();
    await expect(alice.editor.prose.locator('a[href="https://example.com:8080/x"]')).toHaveText('first');
  });
});
