import { expect, test } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';
import { expectNoSeriousA11yViolations } from './support/axe';

/** `/d/<id>`, with the `?new=1` the "New document" button adds (the editor may drop it again). */
const EDIT_URL = /\/d\/([A-Za-z0-9_-]{1,64})(\?new=1)?$/;

function idFromUrl(url: string): string {
  const id = EDIT_URL.exec(url)?.[1];
  if (!id) throw new Error(`not an edit URL: ${url}`);
  return id;
}

test.describe('dashboard', () => {
  test('create lands in the new document with the title focused; the list follows its live title', async ({
    newPerson,
  }) => {
    const alice = await newPerson('alice');
    const dashboard = new DashboardPage(alice.page);
    await dashboard.goto();

    await dashboard.newDocumentButton.click();
    await alice.page.waitForURL(EDIT_URL);
    const id = idFromUrl(alice.page.url());
    await alice.editor.waitReady();
    await expect.soft(alice.editor.title, 'the editor focuses the title of a new document').toBeFocused();
    await alice.editor.title.fill('Roadmap 2027');
    await expect(alice.editor.connectionStatus).toHaveAttribute('data-state', 'saved');

    // The sync server copies the live title and the last editor into the catalogue after its commit.
    await expect(async () => {
      await dashboard.goto();
      await expect(dashboard.row(id)).toContainText('Roadmap 2027', { timeout: 1_000 });
    }).toPass();
    await expect(dashboard.row(id)).toContainText(`by ${alice.name}`);
    await expect(dashboard.row(id).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
    await expect(dashboard.rows.first()).toHaveAttribute('data-id', id);
  });

  test('rename in place changes the live title for people editing', async ({ api, newPerson }) => {
    const [alice, bob] = [await newPerson('alice'), await newPerson('bob')];
    const doc = await api.createDocument('Old name');
    await bob.editor.goto(doc.id);
    await expect(bob.editor.title).toHaveValue('Old name');

    const dashboard = new DashboardPage(alice.page);
    await dashboard.goto();
    const row = dashboard.row(doc.id);
    await row.getByRole('button', { name: 'Rename Old name' }).click();
    const input = row.getByRole('textbox', { name: 'New title' });
    await expect(input).toBeFocused();
    await input.fill('New name');
    await input.press('Enter');
    await expect(row.getByTestId('document-link')).toHaveText('New name');
    await expect(bob.editor.title).toHaveValue('New name');

    // Escape abandons a rename.
    await row.getByRole('button', { name: 'Rename New name' }).click();
    await row.getByRole('textbox', { name: 'New title' }).fill('Abandoned');
    await alice.page.keyboard.press('Escape');
    await expect(row.getByTestId('document-link')).toHaveText('New name');
    await dashboard.goto();
    await expect(dashboard.row(doc.id)).toContainText('New name');
  });

  test('search filters by title, and clearing it shows everything again', async ({ api, newPerson }) => {
    const alice = await newPerson('alice');
    const zebra = await api.createDocument('Zebra crossing notes');
    const zoo = await api.createDocument('Zoo budget');
    const dashboard = new DashboardPage(alice.page);
    await dashboard.goto();
    await expect(dashboard.row(zebra.id)).toBeVisible();
    await expect(dashboard.row(zoo.id)).toBeVisible();

    await dashboard.search.fill('zebra');
    await expect(dashboard.row(zoo.id)).toHaveCount(0);
    await expect(dashboard.rows).toHaveCount(1);
    await expect(dashboard.row(zebra.id)).toBeVisible();

    await dashboard.search.fill('no such title anywhere');
    await expect(dashboard.rows).toHaveCount(0);
    await expect(alice.page.getByTestId('empty-state')).toContainText('No documents match');

    await dashboard.search.fill('');
    await expect(dashboard.row(zoo.id)).toBeVisible();
    await expect(dashboard.row(zebra.id)).toBeVisible();
  });

  test.describe('deleting', () => {
    // Chromium logs the 403 of the "You need access" page (a deleted document) as a console error.
    test.use({ allowedConsoleErrors: [/the server responded with a status of 403 \(Forbidden\)$/] });
    test('delete asks first and moves to the trash; links say so; restore brings it back; delete forever ends it', async ({
      api,
      newPerson,
    }) => {
      const alice = await newPerson('alice');
      const doc = await api.createDocument('Short-lived');
      // Anyone with the link may view: the link's page must say where the document went too.
      const { linkToken } = await api.setGeneralAccess(doc.id, 'view');
      await alice.editor.goto(doc.id);
      await alice.editor.typeText('Soon gone.');
      await expect(alice.editor.connectionStatus).toHaveAttribute('data-state', 'saved');

      const dashboard = new DashboardPage(alice.page);
      await dashboard.goto();
      const row = dashboard.row(doc.id);
      await row.getByRole('button', { name: 'Delete Short-lived' }).click();
      const dialog = alice.page.getByRole('dialog', { name: 'Move “Short-lived” to the trash?' });
      await expect(dialog).toBeVisible();

      // Cancelling keeps it.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(row).toBeVisible();

      await row.getByRole('button', { name: 'Delete Short-lived' }).click();
      await alice.page.getByRole('dialog').getByRole('button', { name: 'Move to trash', exact: true }).click();
      await expect(row).toHaveCount(0);
      await dashboard.goto();
      await expect(dashboard.row(doc.id)).toHaveCount(0);

      // Its page and its link say where the document is, and the owner can bring it back from there.
      for (const link of [`/s/${linkToken}`, `/d/${doc.id}`]) {
        await alice.page.goto(link);
        await expect(alice.page.getByRole('heading', { level: 1 })).toHaveText('This document is in the trash');
        await expectNoSeriousA11yViolations(alice.page);
      }
      await alice.page.getByTestId('restore-document').click();
      await alice.editor.waitReady();
      await alice.editor.expectContent('Soon gone.');

      // From the trash page, deleting forever: its page then says no more than for any unknown id.
      await dashboard.goto();
      await dashboard.row(doc.id).getByRole('button', { name: 'Delete Short-lived' }).click();
      await alice.page.getByRole('dialog').getByRole('button', { name: 'Move to trash', exact: true }).click();
      await alice.page.getByTestId('trash-link').click();
      const trashed = alice.page.locator(`[data-testid="trash-row"][data-id="${doc.id}"]`);
      await expect(trashed).toContainText('Short-lived');
      await trashed.getByRole('button', { name: 'Delete Short-lived forever' }).click();
      await alice.page.getByTestId('confirm-delete-forever').click();
      await expect(trashed).toHaveCount(0);
      await alice.page.goto(`/d/${doc.id}`);
      await expect(alice.page.getByTestId('need-access')).toBeVisible();
      await expect(alice.page.getByRole('heading', { level: 1 })).toHaveText('You need access');
      await alice.page.goto(`/s/${linkToken}`);
      await expect(alice.page.getByRole('heading', { level: 1 })).toHaveText('This link does not work');
    });
  });

  test('Back to the dashboard shows the current titles at once, not the page as it was', async ({ api, newPerson }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument('Before');
    const dashboard = new DashboardPage(alice.page);
    await dashboard.goto();
    await expect(dashboard.row(doc.id)).toContainText('Before');
    await dashboard.row(doc.id).getByTestId('document-link').click();
    await alice.editor.waitReady();
    await alice.editor.title.fill('After');
    await alice.editor.waitSaved();
    // The catalogue follows the live title (debounced by the sync server): wait until it has it.
    await expect
      .poll(
        async () => ((await (await alice.page.request.get(`/api/docs/${doc.id}`)).json()) as { title: string }).title,
      )
      .toBe('After');
    await alice.page.goBack();
    // Well within the 20 s live refresh: the list is re-read when the page comes back.
    await expect(dashboard.row(doc.id)).toContainText('After', { timeout: 5_000 });
  });

  test('"Load more" pages through a long list', async ({ api, newPerson }) => {
    const alice = await newPerson('alice');
    const created = [];
    for (let i = 0; i < 23; i++) created.push(await api.createDocument(`Bulk ${i}`));
    const dashboard = new DashboardPage(alice.page);
    await dashboard.goto();
    await dashboard.search.fill('Bulk');
    // The search has answered once nothing but the bulk documents is listed.
    await expect(dashboard.rows.filter({ hasNotText: 'Bulk' })).toHaveCount(0);
    await expect(dashboard.rows).toHaveCount(20);
    await alice.page.getByRole('button', { name: 'Load more' }).click();
    await expect(dashboard.rows).toHaveCount(23);
    await expect(alice.page.getByRole('button', { name: 'Load more' })).toHaveCount(0);
    // Newest first: the last one created is at the top.
    await expect(dashboard.rows.first()).toHaveAttribute('data-id', created[22]!.id);
  });

  test('fits a 375 px wide phone without sideways scrolling', async ({ api, newPerson }) => {
    await api.createDocument('A document with a rather long title that has to wrap or be cut on a phone');
    const alice = await newPerson('alice', { viewport: { width: 375, height: 740 } });
    const dashboard = new DashboardPage(alice.page);
    await dashboard.goto();
    await expect(dashboard.rows.first()).toBeVisible();
    const overflow = await alice.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test.describe('share dialog', () => {
  test('general access by link: copy the link, reset it, turn it off', async ({ api, newPerson, baseURL }) => {
    const alice = await newPerson('alice');
    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const doc = await api.createDocument('Shared plan');
    await alice.editor.goto(doc.id);

    await alice.page.getByTestId('share-button').click();
    const dialog = alice.page.getByTestId('share-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleName('Share this document');
    await expect(dialog.getByTestId('share-owner')).toContainText(alice.name);
    await expect(dialog.getByTestId('general-access')).toHaveValue('restricted');
    await expect(dialog.getByTestId('share-link')).toHaveCount(0);

    await dialog.getByTestId('general-access').selectOption('view');
    const link = dialog.getByTestId('share-link');
    await expect(link).toHaveText(new RegExp(`^${baseURL}/s/[A-Za-z0-9_-]{22}$`));
    const first = await link.textContent();
    expect(first).not.toContain(doc.id);
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    expect(await alice.page.evaluate(() => navigator.clipboard.readText())).toBe(first);

    await dialog.getByTestId('reset-link').click();
    await expect(link).not.toHaveText(first ?? '');
    await expect(link).toHaveText(new RegExp(`^${baseURL}/s/[A-Za-z0-9_-]{22}$`));

    await dialog.getByTestId('general-access').selectOption('restricted');
    await expect(dialog.getByTestId('share-link')).toHaveCount(0);
    await alice.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('selects the link for manual copying when the clipboard is refused', async ({ api, newPerson }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument();
    await api.setGeneralAccess(doc.id, 'edit');
    await alice.editor.goto(doc.id);
    await alice.page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new Error('denied')) },
      });
    });
    await alice.page.getByTestId('share-button').click();
    const dialog = alice.page.getByTestId('share-dialog');
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await expect(dialog.getByRole('status').filter({ hasText: 'press Ctrl+C' })).toBeVisible();
    expect(await alice.page.evaluate(() => window.getSelection()?.toString())).toMatch(/\/s\/[A-Za-z0-9_-]{22}$/);
  });
});
