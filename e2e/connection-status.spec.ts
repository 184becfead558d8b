import { expect, openTogether, test } from './fixtures';
import { occurrences } from './pages/editor-page';
import { allowConsoleErrors, WEBSOCKET_FAILURES } from './support/error-guard';

test.describe('connection indicator', () => {
  test('shows saved once the server has acknowledged the typing', async ({ api, newPerson }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Is this saved?');
    await alice.editor.waitSaved();
    await expect(alice.editor.connectionStatus).toBeVisible();
  });

  test('stays at saving while the server withholds its acknowledgement, and is saved once it arrives', async ({
    api,
    newPerson,
  }) => {
    const alice = await newPerson('alice');
    const doc = await api.createDocument();
    // Between the page and the sync server: hold back Tandem's "saved" frames (type 100)
    // while `withhold` is set, and pass everything else through untouched.
    let withhold = true;
    const held: Array<{ send: () => void }> = [];
    await alice.page.routeWebSocket(/.*/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        const isSaved = typeof message !== 'string' && message[0] === 100;
        if (isSaved && withhold) held.push({ send: () => socket.send(message) });
        else socket.send(message);
      });
    });
    await alice.editor.goto(doc.id);
    await alice.editor.typeText('Is this saved?');
    await expect.poll(() => held.length).toBeGreaterThan(0);
    // Everything else (the update's round trip) has been done; only the ack is missing.
    await expect(alice.editor.connectionStatus).toHaveAttribute('data-state', 'saving');
    await expect(alice.editor.connectionStatus).not.toContainText(/saved/i);
    withhold = false;
    for (const frame of held.splice(0)) frame.send();
    await alice.editor.waitSaved();
  });

  test.describe('while the sync server is down', () => {
    test.use({ allowedConsoleErrors: allowConsoleErrors(...WEBSOCKET_FAILURES) });

    test('goes offline, keeps edits, and is saved again after a restart with every edit merged once', async ({
      api,
      twoPeople: { alice, bob },
      syncServer,
    }) => {
      const doc = await api.createDocument();
      await openTogether([alice, bob], doc.id);
      await alice.editor.typeText('Before the outage.');
      await bob.editor.expectToContain('Before the outage.');
      await alice.editor.waitSaved();
      await bob.editor.waitSaved();

      await syncServer.stop();
      await alice.editor.waitState('offline');
      await bob.editor.waitState('offline');

      await alice.editor.typeParagraph('Alice wrote this offline.');
      await bob.editor.typeParagraph('Bob wrote this offline.');
      // Nothing can be acknowledged now: the indicator must not claim otherwise, and says
      // how long it has been offline (a count that moves) and that the changes will sync.
      await expect(alice.editor.connectionStatus).toHaveAttribute('data-state', 'offline');
      await expect(alice.editor.connectionStatus).toContainText(/offline for [1-9]\d* (s|min)/i);
      await expect(alice.editor.connectionStatus).toContainText(/will sync/i);
      await bob.editor.expectNotToContain('Alice wrote this offline.');

      await syncServer.start();
      await alice.editor.waitSaved(20_000);
      await bob.editor.waitSaved(20_000);

      for (const person of [alice, bob]) {
        await person.editor.expectToContain('Alice wrote this offline.');
        await person.editor.expectToContain('Bob wrote this offline.');
      }
      await expect.poll(() => bob.editor.content()).toBe(await alice.editor.content());
      for (const person of [alice, bob]) {
        const text = await person.editor.content();
        expect(occurrences(text, 'Before the outage.')).toBe(1);
        expect(occurrences(text, 'Alice wrote this offline.')).toBe(1);
        expect(occurrences(text, 'Bob wrote this offline.')).toBe(1);
      }

      await bob.editor.reload();
      const reloaded = await bob.editor.content();
      expect(occurrences(reloaded, 'Before the outage.')).toBe(1);
      expect(occurrences(reloaded, 'Alice wrote this offline.')).toBe(1);
      expect(occurrences(reloaded, 'Bob wrote this offline.')).toBe(1);
    });
  });

  test.describe('leaving the page', () => {
    test.use({ allowedConsoleErrors: allowConsoleErrors(...WEBSOCKET_FAILURES) });

    test('warns while changes are not saved, and not once they are', async ({ api, newPerson, syncServer }) => {
      const alice = await newPerson('alice');
      const doc = await api.createDocument();
      await alice.editor.goto(doc.id);
      await alice.editor.typeText('Saved part.');
      await alice.editor.waitSaved();

      await syncServer.stop();
      await alice.editor.waitState('offline');
      await alice.editor.typeParagraph('Not saved yet.');

      const warning = alice.page.waitForEvent('dialog');
      await alice.page.close({ runBeforeUnload: true });
      const dialog = await warning;
      expect(dialog.type()).toBe('beforeunload');
      await dialog.dismiss(); // "stay on this page"
      expect(alice.page.isClosed()).toBe(false);

      await syncServer.start();
      await alice.editor.waitSaved(20_000);
      const dialogs: string[] = [];
      alice.page.on('dialog', (shown) => {
        dialogs.push(shown.type());
        void shown.dismiss();
      });
      const closed = alice.page.waitForEvent('close');
      await alice.page.close({ runBeforeUnload: true });
      await closed;
      expect(dialogs).toEqual([]);
    });
  });

  test.describe('when the document is deleted while open', () => {
    // After the server closes the socket, the editor asks the app for a new token and
    // gets a 404, which Chromium logs as a failed resource load.
    test.use({
      allowedConsoleErrors: allowConsoleErrors(/the server responded with a status of 404/, ...WEBSOCKET_FAILURES),
    });

    test('says so instead of reconnecting forever', async ({ api, newPerson }) => {
      const bob = await newPerson('bob');
      const doc = await api.createDocument();
      await bob.editor.goto(doc.id);
      await bob.editor.typeText('Bob is still here.');
      await bob.editor.waitSaved();

      await api.deleteDocument(doc.id);

      await bob.editor.waitState('denied');
      await expect(bob.page.getByRole('alert').filter({ hasText: /deleted/i })).toBeVisible();
      await expect(bob.editor.prose).toHaveAttribute('contenteditable', 'false');
    });
  });
});
