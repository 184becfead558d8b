import { expect, test } from './fixtures';

/**
 * People and permissions in real browsers (the first start and invites are in
 * first-start.spec.ts): sharing with live role changes, general access by link and its reset, access
 * requests, sign out. Every revocation must reach open tabs within 5 s.
 */
const LIVE = { timeout: 5_000 };

test.describe('sharing', () => {
  test('share as viewer, then upgrade to editor live; downgrade and removal reach the open tab', async ({
    api,
    newPerson,
  }) => {
    const [alice, bob] = [await newPerson('alice'), await newPerson('bob')];
    const doc = await api.createDocument('Team plan');
    await api.unshare(doc.id, bob.account.id);
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Written by Alice.');

    // Alice adds Bob as a viewer in the Share dialog.
    await alice.page.getByTestId('share-button').click();
    const dialog = alice.page.getByTestId('share-dialog');
    await dialog.getByTestId('share-person').fill(bob.account.email);
    await dialog.getByTestId('share-role').selectOption('viewer');
    await dialog.getByTestId('share-add').click();
    const bobRow = dialog.locator(`[data-testid="share-member"][data-email="${bob.account.email}"]`);
    await expect(bobRow.getByTestId('member-role')).toHaveValue('viewer');

    await bob.editor.goto(doc.id);
    await expect(bob.editor.viewOnlyBanner).toBeVisible();
    await bob.editor.expectToContain('Written by Alice.');

    // Upgrade: Bob's open tab becomes editable without a reload.
    await bobRow.getByTestId('member-role').selectOption('editor');
    await expect(bob.editor.viewOnlyBanner).toBeHidden(LIVE);
    await expect(bob.editor.toolbar).toBeVisible(LIVE);
    await bob.editor.waitReady();
    await bob.editor.typeParagraph('Bob can write now.');
    await alice.editor.expectToContain('Bob can write now.');

    // Downgrade: read-only again at once.
    await bobRow.getByTestId('member-role').selectOption('viewer');
    await expect(bob.editor.viewOnlyBanner).toBeVisible(LIVE);

    // Removal: disconnected with a clear message.
    await bobRow.getByTestId('member-remove').click();
    const banner = bob.page.locator('.tandem-banner--denied');
    await expect(banner).toContainText('Access removed.', LIVE);
    await expect(banner).toContainText('was removed');
  });

  test('general access by link; resetting the link disconnects the guest within 5 s', async ({
    api,
    newPerson,
    baseURL,
  }) => {
    const alice = await newPerson('alice');
    const guest = await newPerson('carol', { guest: true });
    const doc = await api.createDocument('Public notes');
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Anyone with the link may read this.');

    await alice.page.getByTestId('share-button').click();
    const dialog = alice.page.getByTestId('share-dialog');
    await dialog.getByTestId('general-access').selectOption('view');
    const link = (await dialog.getByTestId('share-link').textContent()) ?? '';
    expect(link.startsWith(`${baseURL}/s/`)).toBe(true);

    await guest.page.goto(link);
    await guest.editor.waitReady();
    await expect(guest.editor.viewOnlyBanner).toBeVisible();
    await guest.editor.expectToContain('Anyone with the link may read this.');
    // The guest shows up with a guest mark.
    await expect.poll(() => alice.editor.presenceNames()).toContain(`${guest.name} (guest)`);

    // Anyone with the link can edit: the guest's tab follows.
    await dialog.getByTestId('general-access').selectOption('edit');
    await expect(guest.editor.viewOnlyBanner).toBeHidden(LIVE);
    await guest.editor.waitReady();
    await guest.editor.typeParagraph('A guest wrote this.');
    await alice.editor.expectToContain('A guest wrote this.');

    // Reset: the guest is closed with a message, and the old link opens nothing.
    await dialog.getByTestId('reset-link').click();
    await expect(guest.page.locator('.tandem-banner--denied')).toContainText('Link no longer works.', LIVE);
    await guest.page.goto(link);
    await expect(guest.page.getByTestId('need-access')).toContainText('does not work');
    const fresh = (await dialog.getByTestId('share-link').textContent()) ?? '';
    expect(fresh).not.toBe(link);
    await guest.page.goto(fresh);
    await guest.editor.waitReady();
    await guest.editor.expectToContain('A guest wrote this.');
  });

  test('a guest arriving through a link picks a name, shown with a guest mark', async ({
    api,
    newPerson,
    browser,
    baseURL,
    errorGuard,
  }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument('Open house');
    const { linkToken } = await api.setGeneralAccess(doc.id, 'view');
    await alice.editor.goto(doc.id);
    const context = await browser.newContext({ baseURL });
    errorGuard.watch(context);
    try {
      const page = await context.newPage();
      await page.goto(`/s/${linkToken}`);
      await page.getByTestId('guest-name').getByRole('textbox').fill('Gina');
      await page.getByTestId('guest-name').getByRole('button', { name: 'Join' }).click();
      await page.getByTestId('editor').locator('.ProseMirror').waitFor();
      await expect.poll(() => alice.editor.presenceNames()).toContain('Gina (guest)');
    } finally {
      await context.close();
    }
  });

  test.describe('without access', () => {
    // The "You need access" page answers 403, which Chromium logs as a console error.
    test.use({ allowedConsoleErrors: [/the server responded with a status of 403 \(Forbidden\)$/] });

    test('request access, and the owner grants it in the Share dialog', async ({ api, newPerson }) => {
      const [alice, bob] = [await newPerson('alice'), await newPerson('bob')];
      const doc = await api.createDocument('Private plan');
      await api.unshare(doc.id, bob.account.id);

      expect((await bob.page.goto(`/d/${doc.id}`))?.status()).toBe(403);
      await expect(bob.page.getByRole('heading', { level: 1 })).toHaveText('You need access');
      expect(await bob.page.content()).not.toContain('Private plan');
      await bob.page.getByTestId('request-access').click();
      await expect(bob.page.getByTestId('access-requested')).toBeVisible();

      await alice.editor.goto(doc.id);
      await alice.page.getByTestId('share-button').click();
      const request = alice.page.locator(`[data-testid="access-request"][data-email="${bob.account.email}"]`);
      await request.getByTestId('approve-editor').click();
      await expect(request).toHaveCount(0);
      await expect(
        alice.page
          .locator(`[data-testid="share-member"][data-email="${bob.account.email}"]`)
          .getByTestId('member-role'),
      ).toHaveValue('editor');

      await bob.editor.goto(doc.id);
      await bob.editor.typeText('Thanks for letting me in.');
      await alice.editor.expectToContain('Thanks for letting me in.');
    });
  });
});
