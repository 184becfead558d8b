import { expect, test } from './fixtures';
import { allowConsoleErrors, WEBSOCKET_FAILURES } from './support/error-guard';

// Issue 12, defect 1: before the first sync the page shows the stored document
// (rendered on the server) read-only, then the editor takes over.
test.describe('the stored document before the first sync', () => {
  test.use({ allowedConsoleErrors: allowConsoleErrors(...WEBSOCKET_FAILURES) });

  test('is shown read-only while the sync server is down, then becomes editable with no duplicate', async ({
    api,
    newPerson,
    syncServer,
  }) => {
    const [alice, bob] = [await newPerson('alice'), await newPerson('bob')];
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Stored <b>before</b> the outage.');
    await alice.page.keyboard.press('Enter');
    await alice.page.keyboard.type('# Heading kept');
    await alice.editor.waitSaved();

    await syncServer.stop();
    await bob.page.goto(`/d/${doc.id}`);
    const preview = bob.page.getByTestId('document-preview').getByRole('textbox', { name: 'Document text' });
    await expect(preview).toHaveAttribute('aria-readonly', 'true');
    await expect(preview).not.toBeEditable();
    // Text is text: the stored "<b>" is escaped, and the heading is rendered by the schema.
    await expect(preview.locator('p')).toHaveText('Stored <b>before</b> the outage.');
    await expect(preview.locator('b')).toHaveCount(0);
    await expect(preview.getByRole('heading', { name: 'Heading kept' })).toBeVisible();
    await expect(bob.page.getByTestId('preview-connecting')).toContainText('Connecting…');
    await expect(bob.page.getByText('Start writing', { exact: false })).toHaveCount(0);
    await expect(bob.page.locator('[contenteditable="true"]')).toHaveCount(0);
    await preview.click();
    await bob.page.keyboard.type('typed too early');
    await expect(preview).not.toContainText('typed too early');

    await syncServer.start();
    await bob.editor.waitReady();
    await expect(bob.page.getByTestId('document-preview')).toHaveCount(0);
    await expect(bob.page.getByTestId('preview-connecting')).toHaveCount(0);
    await bob.editor.expectContent('Stored <b>before</b> the outage.\nHeading kept');
    await expect(bob.editor.prose).toHaveAttribute('contenteditable', 'true');
    await bob.editor.typeParagraph('After the restart.');
    await alice.editor.expectContent('Stored <b>before</b> the outage.\nHeading kept\nAfter the restart.');
    await bob.editor.expectContent('Stored <b>before</b> the outage.\nHeading kept\nAfter the restart.');
  });

  test('the document link shows it too, to a viewer', async ({ api, newPerson, syncServer }) => {
    const alice = await newPerson('alice');
    const viewer = await newPerson('carol');
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Read along.');
    await alice.editor.waitSaved();

    await api.share(doc.id, viewer.account.email, 'viewer');
    const { linkToken } = await api.setGeneralAccess(doc.id, 'view');

    await syncServer.stop();
    await viewer.page.goto(`/s/${encodeURIComponent(linkToken!)}`);
    const preview = viewer.page.getByTestId('document-preview').getByRole('textbox');
    await expect(preview).toHaveText('Read along.');
    await expect(preview).toHaveAttribute('aria-readonly', 'true');
    await syncServer.start();
    await viewer.editor.waitReady();
    await viewer.editor.expectContent('Read along.');
    await expect(viewer.editor.prose).toHaveAttribute('contenteditable', 'false');
  });
});
