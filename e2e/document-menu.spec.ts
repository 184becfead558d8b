import { expect, test } from './fixtures';

test.describe('document menu', () => {
  test('duplicate copies text and title into a new document; delete goes back to the list', async ({
    api,
    newPerson,
  }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument('Plan');
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Original text.');
    await alice.editor.waitSaved();

    await alice.page.getByRole('button', { name: 'Document menu' }).click();
    const menu = alice.page.getByRole('menu', { name: 'Document' });
    await expect(menu.getByRole('menuitem', { name: /export/i })).toHaveAttribute('aria-disabled', 'true');
    await expect(menu.getByRole('menuitem', { name: /history/i })).toHaveAttribute('aria-disabled', 'true');
    await menu.getByRole('menuitem', { name: 'Duplicate' }).click();
    await alice.page.waitForURL((url) => url.pathname.startsWith('/d/') && !url.pathname.endsWith(doc.id));
    await alice.editor.waitReady();
    await alice.editor.expectContent('Original text.');
    await expect(alice.editor.title).toHaveValue('Copy of Plan');

    // Both exist independently: editing the copy leaves the original alone.
    await alice.editor.typeText(' Changed in the copy.');
    await alice.editor.waitSaved();
    const copyUrl = alice.page.url();
    await alice.editor.goto(doc.id);
    await alice.editor.expectContent('Original text.');

    await alice.page.goto(copyUrl);
    await alice.editor.waitReady();
    await alice.page.getByRole('button', { name: 'Document menu' }).click();
    await alice.page.getByRole('menuitem', { name: 'Delete' }).click();
    await alice.page.getByTestId('confirm-delete-document').click();
    await alice.page.waitForURL((url) => url.pathname === '/');
    const copyId = new URL(copyUrl).pathname.split('/').pop()!;
    await expect(alice.page.locator(`[data-testid="document-row"][data-id="${copyId}"]`)).toHaveCount(0);
    await expect(alice.page.locator(`[data-testid="document-row"][data-id="${doc.id}"]`)).toHaveCount(1);
  });
});
