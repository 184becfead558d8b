import { expect, test } from './fixtures';
import { occurrences } from './pages/editor-page';
import { allowConsoleErrors, WEBSOCKET_FAILURES } from './support/error-guard';

test.describe('persistence', () => {
  test('a reload shows the saved content once, never duplicated', async ({ api, newPerson }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    await alice.editor.title.fill('Kept across reloads');
    await alice.editor.typeText('Words that must survive a reload.');
    await alice.editor.waitSaved();

    for (let reload = 0; reload < 2; reload++) {
      await alice.editor.reload();
      await alice.editor.expectContent('Words that must survive a reload.');
      await expect(alice.editor.title).toHaveValue('Kept across reloads');
    }
    expect(occurrences(await alice.editor.content(), 'survive')).toBe(1);
  });

  test.describe('across sync server restarts', () => {
    test.use({ allowedConsoleErrors: allowConsoleErrors(...WEBSOCKET_FAILURES) });

    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      test(`saved content survives a ${signal === 'SIGTERM' ? 'graceful restart' : 'crash'} of the sync server`, async ({
        api,
        newPerson,
        syncServer,
      }) => {
        const alice = await newPerson('alice');
        const doc = await api.createDocument();
        await alice.editor.goto(doc.id);
        await alice.editor.typeText('Committed before the restart.');
        // "saved" is the server's promise that this is on disk: a crash right after must not lose it.
        await alice.editor.waitSaved();

        await syncServer.stop(signal);
        await alice.editor.waitState('offline');
        await syncServer.start();
        await alice.editor.waitSaved(20_000);
        await alice.editor.expectContent('Committed before the restart.');

        const bob = await newPerson('bob');
        await bob.editor.goto(doc.id);
        await bob.editor.expectContent('Committed before the restart.');
        await alice.editor.reload();
        await alice.editor.expectContent('Committed before the restart.');
      });
    }
  });
});
