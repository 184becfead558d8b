import { expect, test } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';
import { expectNoSeriousA11yViolations } from './support/axe';
import { allowConsoleErrors, WEBSOCKET_FAILURES } from './support/error-guard';

test.describe('accessibility', () => {
  test.describe('every page', () => {
    // 404: unknown URLs; 403: a document one may not open (the "You need access" page).
    test.use({ allowedConsoleErrors: [/the server responded with a status of 40[34]/] });
    test('has no serious axe violation', async ({ api, twoPeople: { alice, bob } }) => {
      const doc = await api.createDocument('Accessible');
      const dashboard = new DashboardPage(alice.page);
      await dashboard.goto();
      await expectNoSeriousA11yViolations(alice.page);

      await alice.editor.goto(doc.id);
      await alice.editor.typeText('Some text to check.');
      await api.share(doc.id, bob.account.email, 'viewer'); // a viewer: shared with them as such
      await bob.editor.goto(doc.id);
      await bob.editor.expectToContain('Some text');
      await expectNoSeriousA11yViolations(alice.page);
      await expectNoSeriousA11yViolations(bob.page);

      await alice.page.getByRole('button', { name: 'Share' }).click();
      await expectNoSeriousA11yViolations(alice.page);
      await alice.page.keyboard.press('Escape');
      await alice.page.keyboard.press('Control+/');
      await expectNoSeriousA11yViolations(alice.page);
      await alice.page.keyboard.press('Escape');

      await alice.page.goto('/no/such/page');
      await expectNoSeriousA11yViolations(alice.page);
      await alice.page.goto('/d/AAAAAAAAAAAAAAAAAAAAAA');
      await expectNoSeriousA11yViolations(alice.page);
      await alice.page.goto('/trash');
      await expectNoSeriousA11yViolations(alice.page);
      await alice.page.goto('/profile');
      await expectNoSeriousA11yViolations(alice.page);
    });
  });

  test.describe('signed out', () => {
    test.use({ signInAs: null });
    test('the sign-in page has no serious axe violation', async ({ page }) => {
      await page.goto('/sign-in');
      await expect(page.getByTestId('sign-in-form')).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });
  });

  test('the toolbar is one Tab stop with arrow keys inside it (roving tabindex)', async ({ api, newPerson }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    const buttons = alice.editor.toolbar.getByRole('button');
    const tabbable = await buttons.evaluateAll((all) => all.filter((b) => b.getAttribute('tabindex') !== '-1').length);
    expect(tabbable).toBe(1);
    const stop = alice.editor.toolbar.locator('button[tabindex="0"]');
    await stop.focus();
    const first = await stop.getAttribute('aria-label');
    await alice.page.keyboard.press('ArrowRight');
    // Focus moved to the next enabled button, which is now the one tab stop.
    await expect(stop).toBeFocused();
    expect(await stop.getAttribute('aria-label')).not.toBe(first);
    expect(await buttons.evaluateAll((all) => all.filter((b) => b.getAttribute('tabindex') !== '-1').length)).toBe(1);
    await alice.page.keyboard.press('Tab');
    await expect(alice.editor.toolbar.locator(':focus')).toHaveCount(0);
  });

  test('the read-only editor says so', async ({ api, newPerson }) => {
    const viewer = await newPerson('bob');
    const doc = await api.createDocument();
    await api.share(doc.id, viewer.account.email, 'viewer'); // a viewer: shared with them as such
    await viewer.editor.goto(doc.id);
    await expect(viewer.editor.prose).toHaveAttribute('aria-readonly', 'true');
    // A read-only title is text, not an input that looks focused.
    await expect(viewer.editor.title).not.toHaveJSProperty('tagName', 'INPUT');
  });

  test('focus stays on the row after rename, cancel and delete on the dashboard', async ({ api, newPerson }) => {
    const alice = await newPerson('alice');
    await api.createDocument('Second');
    const first = await api.createDocument('First');
    const dashboard = new DashboardPage(alice.page);
    await dashboard.goto();
    const row = dashboard.row(first.id);
    await row.getByTestId('rename-document').click();
    await alice.page.getByTestId('rename-input').press('Escape');
    await expect(row.getByTestId('rename-document')).toBeFocused();
    await row.getByTestId('rename-document').click();
    await alice.page.getByTestId('rename-input').fill('First renamed');
    await alice.page.getByTestId('rename-input').press('Enter');
    await expect(row.getByTestId('rename-document')).toBeFocused();
    await row.getByTestId('delete-document').click();
    await alice.page.getByTestId('confirm-delete').click();
    await expect(row).toHaveCount(0);
    await expect(alice.page.locator(':focus')).toHaveCount(1);
    await expect(alice.page.locator('body')).not.toBeFocused();
    expect(
      await alice.page.evaluate(
        () =>
          document.activeElement?.closest('[data-testid="document-row"]') !== null ||
          document.activeElement?.getAttribute('data-testid') === 'search',
      ),
    ).toBe(true);
  });

  test.describe('reconnects', () => {
    test.use({ allowedConsoleErrors: allowConsoleErrors(...WEBSOCKET_FAILURES) });
    test('are announced in a live region', async ({ api, newPerson, syncServer }) => {
      const alice = await newPerson('alice');
      const doc = await api.createDocument();
      await alice.editor.goto(doc.id);
      await syncServer.stop();
      await alice.editor.waitState('offline');
      await syncServer.start();
      await alice.editor.waitSaved(20_000);
      await expect(alice.editor.connectionStatus.locator('[aria-live]')).toHaveText(/reconnected/i);
    });
  });
});
