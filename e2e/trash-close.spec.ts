import { expect, test } from './fixtures';

// Trashing a document disconnects the people who have it open at once (close code 4411),
// instead of leaving them editing until their next token refresh.
test('a document moved to the trash closes for everyone who has it open, at once', async ({
  api,
  newPerson,
  stack,
}) => {
  const [alice, bob] = [await newPerson('alice'), await newPerson('bob')];
  const doc = await api.createDocument('Short-lived');
  await alice.editor.goto(doc.id);
  await alice.editor.typeText('Written before the trash.');
  await alice.editor.waitSaved();
  await api.share(doc.id, bob.account.email, 'viewer'); // a viewer: shared with them as such
  await bob.editor.goto(doc.id);

  const response = await alice.page.request.post(`${stack.baseURL}/api/docs/${doc.id}/trash`);
  expect(response.status()).toBe(204);

  for (const person of [alice, bob]) {
    await expect(
      person.page.getByRole('alert').filter({ hasText: 'This document was moved to the trash.' }),
    ).toBeVisible({
      timeout: 5_000,
    });
    await expect(person.editor.prose).toHaveAttribute('contenteditable', 'false');
  }
});
