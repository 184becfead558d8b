import type { Browser } from '@playwright/test';
import { expect, test } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';
import { EditorPage } from './pages/editor-page';
import { signIn } from './support/accounts';
import { type ClusterStack, startClusterStack } from './support/cluster-stack';
import { allowConsoleErrors, type ErrorGuard, WEBSOCKET_FAILURES } from './support/error-guard';
import { PEOPLE, type PersonKey, presetIdentity } from './support/names';

/**
 * Two web app processes and two sync processes on PostgreSQL and Redis: Alice
 * is served by site 0 (web app 0, sync process 0), Bob by site 1. Everything
 * they share passes through PostgreSQL and Redis.
 */
test.describe('scaled out: two web app and two sync processes', () => {
  test.use({ signInAs: null });
  let cluster: ClusterStack;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    cluster = await startClusterStack(2);
  });
  test.afterAll(async () => {
    await cluster?.dispose();
  });

  async function person(browser: Browser, guard: ErrorGuard, who: PersonKey, site: number) {
    const { baseURL } = cluster.sites[site]!;
    const context = await browser.newContext({ baseURL });
    guard.watch(context);
    await presetIdentity(context, PEOPLE[who]);
    const account = await cluster.accounts.ensure(PEOPLE[who]);
    await signIn(context, baseURL, account);
    const page = await context.newPage();
    return { context, page, editor: new EditorPage(page), account };
  }

  /** Alice creates a document (on her site) and shares it with Bob as an editor. */
  async function createShared(alice: Awaited<ReturnType<typeof person>>, bobEmail: string, title: string) {
    const created = await alice.page.request.post('/api/docs', { data: { title } });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const shared = await alice.page.request.put(`/api/docs/${id}/members`, {
      data: { person: bobEmail, role: 'editor' },
    });
    expect(shared.status()).toBe(200);
    return id;
  }

  test('people on different processes edit together and see each other', async ({ browser, errorGuard }) => {
    const alice = await person(browser, errorGuard, 'alice', 0);
    const bob = await person(browser, errorGuard, 'bob', 1);
    const id = await createShared(alice, bob.account.email, 'Across processes');

    await alice.editor.goto(id);
    await bob.editor.goto(id);
    await alice.editor.typeText('Typed on site zero');
    await bob.editor.expectContent('Typed on site zero');
    await bob.editor.typeParagraph('and answered from site one');
    await expect.poll(() => alice.editor.blocks('p')).toEqual(['Typed on site zero', 'and answered from site one']);
    // Presence crosses processes.
    await expect.poll(() => alice.editor.presenceNames()).toContain(PEOPLE.bob.name);
    await expect.poll(() => bob.editor.presenceNames()).toContain(PEOPLE.alice.name);
    await alice.editor.waitSaved();
    await bob.editor.waitSaved();

    // Bob leaves: his cursor leaves Alice's screen.
    await bob.context.close();
    await expect.poll(() => alice.editor.presenceNames(), { timeout: 15_000 }).not.toContain(PEOPLE.bob.name);
    await alice.context.close();
  });

  test.describe('deleting', () => {
    test.use({
      allowedConsoleErrors: allowConsoleErrors(/the server responded with a status of 404/, ...WEBSOCKET_FAILURES),
    });
    test('the dashboard of one web process lists and deletes what the other created, closing editors everywhere', async ({
      browser,
      errorGuard,
    }) => {
      const alice = await person(browser, errorGuard, 'alice', 0);
      const bob = await person(browser, errorGuard, 'bob', 1);
      const id = await createShared(alice, bob.account.email, 'Shared catalogue');
      await alice.editor.goto(id);
      await alice.editor.typeText('soon gone');
      await alice.editor.waitSaved();

      const dashboard = new DashboardPage(bob.page);
      await dashboard.goto();
      await expect(dashboard.rows.filter({ hasText: 'Shared catalogue' })).toHaveCount(1);
      // Bob may edit but not delete; Alice (the owner) deletes through web process 1 and sync process 1,
      // while her editor is on sync process 0.
      expect((await bob.page.request.delete(`/api/docs/${id}`)).status()).toBe(403);
      const deleted = await alice.page.request.delete(`${cluster.sites[1]!.baseURL}/api/docs/${id}`);
      expect(deleted.status()).toBe(204);
      await alice.editor.waitState('denied', 15_000);
      await expect(alice.page.getByRole('alert').filter({ hasText: /deleted/i })).toBeVisible();
      expect((await alice.page.request.get(`/api/docs/${id}`)).status()).toBe(404);
      await alice.context.close();
      await bob.context.close();
    });
  });
});
