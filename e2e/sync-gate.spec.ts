import { expect, test } from './fixtures';
import { allowConsoleErrors, WEBSOCKET_FAILURES } from './support/error-guard';

test.describe('before the first sync', () => {
  test.use({ allowedConsoleErrors: allowConsoleErrors(...WEBSOCKET_FAILURES) });

  test('an existing document is read-only, never "Start writing…", and typing then lands nowhere', async ({
    api,
    newPerson,
    syncServer,
  }) => {
    const [alice, bob] = [await newPerson('alice'), await newPerson('bob')];
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Existing text.');
    await alice.editor.waitSaved();

    await syncServer.stop();
    await bob.page.goto(`/d/${doc.id}`);
    await expect(bob.editor.connectionStatus).toHaveAttribute('data-state', 'connecting');
    // Whatever is on screen before the sync is not editable and does not invite typing.
    await expect(bob.page.getByText('Start writing…')).toHaveCount(0);
    await expect(bob.page.locator('[data-placeholder="Start writing…"]')).toHaveCount(0);
    const prose = bob.editor.prose;
    if ((await prose.count()) > 0) {
      await expect(prose).toHaveAttribute('contenteditable', 'false');
      await prose.click({ force: true });
    }
    await bob.page.keyboard.type('typed too early');

    await syncServer.start();
    await bob.editor.waitReady();
    await bob.editor.expectContent('Existing text.');
    await expect(bob.editor.prose).toHaveAttribute('contenteditable', 'true');
    await alice.editor.expectContent('Existing text.');
  });
});
