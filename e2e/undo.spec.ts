import { expect, openTogether, test } from './fixtures';

test("undo removes only one's own text, never the other person's", async ({ api, twoPeople: { alice, bob } }) => {
  const doc = await api.createDocument();
  await openTogether([alice, bob], doc.id);

  await alice.editor.typeText('First by Alice.');
  await bob.editor.expectToContain('First by Alice.');
  await bob.editor.typeParagraph('Line by Bob.');
  await alice.editor.expectToContain('Line by Bob.');
  await alice.editor.typeParagraph('Second by Alice.');
  await bob.editor.expectToContain('Second by Alice.');

  // Toolbar Undo: Alice's latest typing goes, Bob's line stays.
  await alice.editor.toolbarButton('Undo').click();
  for (const person of [alice, bob]) {
    await person.editor.expectNotToContain('Second by Alice.');
    await person.editor.expectToContain('Line by Bob.');
  }

  // Ctrl+Z until all of Alice's text is gone; however often she presses it, Bob's line stays.
  await alice.editor.prose.focus();
  await expect(async () => {
    await alice.page.keyboard.press('Control+z');
    expect(await alice.editor.content()).not.toContain('First by Alice.');
  }).toPass({ timeout: 10_000 });
  await alice.page.keyboard.press('Control+z');
  await alice.page.keyboard.press('Control+z');
  for (const person of [alice, bob]) {
    await person.editor.expectNotToContain('Alice');
    await person.editor.expectToContain('Line by Bob.');
  }

  // Redo brings Alice's text back, for both.
  await alice.editor.toolbarButton('Redo').click();
  await alice.editor.prose.focus();
  await expect(async () => {
    await alice.page.keyboard.press('Control+Shift+z');
    expect(await alice.editor.content()).toContain('Second by Alice.');
  }).toPass({ timeout: 10_000 });
  for (const person of [alice, bob]) {
    await person.editor.expectToContain('First by Alice.');
    await person.editor.expectToContain('Second by Alice.');
    await person.editor.expectToContain('Line by Bob.');
  }
  // Bob's own undo and redo work for him too, and never touch Alice's text.
  await bob.editor.prose.focus();
  await bob.editor.focusEnd();
  await bob.page.keyboard.press('Control+z');
  for (const person of [alice, bob]) {
    await person.editor.expectNotToContain('Line by Bob.');
    await person.editor.expectToContain('Second by Alice.');
  }
  await bob.page.keyboard.press('Control+Shift+z');
  for (const person of [alice, bob]) {
    await person.editor.expectToContain('Line by Bob.');
    await person.editor.expectToContain('Second by Alice.');
  }

  await alice.editor.waitSaved();
  await bob.editor.waitSaved();
  await bob.editor.reload();
  await bob.editor.expectToContain('Line by Bob.');
});
