import { expect, openTogether, test } from './fixtures';

test("undo removes only one's own text, never the other person's", async ({ api, twoPeople: { alice, bob } }) => {
  const doc = await api.createDocument();
  await openTogether([alice, bob], doc.id);

  await alice.editor.typeText('First by Alice.');
  await expect(bob.editor.prose).toContainText('First by Alice.');
  await bob.editor.typeParagraph('Line by Bob.');
  await expect(alice.editor.prose).toContainText('Line by Bob.');
  await alice.editor.typeParagraph('Second by Alice.');
  await expect(bob.editor.prose).toContainText('Second by Alice.');

  // Toolbar Undo: Alice's latest typing goes, Bob's line stays.
  await alice.editor.toolbarButton('Undo').click();
  for (const person of [alice, bob]) {
    await expect(person.editor.prose).not.toContainText('Second by Alice.');
    await expect(person.editor.prose).toContainText('Line by Bob.');
  }

  // Ctrl+Z until all of Alice's text is gone; however often she presses it, Bob's line stays.
  await alice.editor.prose.focus();
  await expect(async () => {
    await alice.page.keyboard.press('Control+z');
    await expect(alice.editor.prose).not.toContainText('First by Alice.', { timeout: 200 });
  }).toPass({ timeout: 10_000 });
  await alice.page.keyboard.press('Control+z');
  await alice.page.keyboard.press('Control+z');
  for (const person of [alice, bob]) {
    await expect(person.editor.prose).not.toContainText('Alice');
    await expect(person.editor.prose).toContainText('Line by Bob.');
  }

  // Redo brings Alice's text back, for both.
  await alice.editor.toolbarButton('Redo').click();
  await expect(bob.editor.prose).toContainText('Alice.');

  await alice.editor.waitSaved();
  await bob.editor.waitSaved();
  await bob.editor.reload();
  await expect(bob.editor.prose).toContainText('Line by Bob.');
});
