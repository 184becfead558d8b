import type { APIRequestContext } from '@playwright/test';
import type { DocumentRecord } from '../lib/documents';
import { expect, test } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';
import { expectNoSeriousA11yViolations } from './support/axe';

const ACCESS_KEY = 'e2e open sesame';

test.use({ stackOptions: { env: { TANDEM_ACCESS_KEY: ACCESS_KEY } } });

/** Unlocks an API client the way the form does, then creates a document with its cookie. */
async function createUnlocked(request: APIRequestContext, baseURL: string, title: string): Promise<DocumentRecord> {
  const unlock = await request.post(`${baseURL}/api/unlock`, {
    form: { key: ACCESS_KEY, next: '/' },
    maxRedirects: 0,
  });
  expect(unlock.status()).toBe(303);
  const created = await request.post(`${baseURL}/api/docs`, { data: { title } });
  expect(created.status()).toBe(201);
  return (await created.json()) as DocumentRecord;
}

test.describe('with TANDEM_ACCESS_KEY set', () => {
  test('the dashboard asks for the key once, then works', async ({ newPerson }) => {
    const alice = await newPerson('alice');
    await alice.page.goto('/');
    await expect(alice.page).toHaveURL(/\/unlock\?next=%2F$/);
    const key = alice.page.getByLabel('Access key');
    await expect(key).toBeFocused();
    await expectNoSeriousA11yViolations(alice.page);

    await key.fill('not the key');
    await key.press('Enter');
    await expect(alice.page.getByRole('alert').filter({ hasText: 'That key is not right' })).toBeVisible();
    await expect(alice.page).toHaveURL(/\/unlock\?error=1/);

    await alice.page.getByLabel('Access key').fill(ACCESS_KEY);
    await alice.page.getByRole('button', { name: 'Unlock' }).click();
    const dashboard = new DashboardPage(alice.page);
    await expect(dashboard.newDocumentButton).toBeVisible();
    await expect(alice.page).toHaveURL(/\/$/);

    const cookies = await alice.context.cookies();
    const access = cookies.find((cookie) => cookie.name === 'tandem_access');
    expect(access).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    // Once unlocked, creating and opening a document works as usual.
    await dashboard.newDocumentButton.click();
    await alice.page.waitForURL(/\/d\/[A-Za-z0-9_-]+/);
    await alice.editor.waitReady();
  });

  test('an edit link asks for the key and then opens the document', async ({ newPerson, playwright, baseURL }) => {
    const request = await playwright.request.newContext();
    const doc = await createUnlocked(request, baseURL!, 'Behind the key');
    await request.dispose();

    const bob = await newPerson('bob');
    await bob.page.goto(`/d/${doc.id}`);
    await expect(bob.page).toHaveURL(new RegExp(`/unlock\\?next=${encodeURIComponent(`/d/${doc.id}`)}$`));
    await bob.page.getByLabel('Access key').fill(ACCESS_KEY);
    await bob.page.getByRole('button', { name: 'Unlock' }).click();
    await expect(bob.page).toHaveURL(new RegExp(`/d/${doc.id}$`));
    await bob.editor.waitReady();
    await expect(bob.editor.title).toHaveValue('Behind the key');
  });

  test('the unlock form only ever returns to this site', async ({ newPerson, baseURL }) => {
    const alice = await newPerson('alice');
    // "/.//evil.example" resolves to the protocol-relative "//evil.example".
    await alice.page.goto('/unlock?next=/.//evil.example/');
    await expect(alice.page.locator('input[name="next"]')).toHaveValue('/');
    await alice.page.getByLabel('Access key').fill(ACCESS_KEY);
    await alice.page.getByRole('button', { name: 'Unlock' }).click();
    await expect(new DashboardPage(alice.page).newDocumentButton).toBeVisible();
    expect(new URL(alice.page.url()).origin).toBe(new URL(baseURL!).origin);
  });

  test('a view link still works without the key, and the API refuses', async ({ newPerson, playwright, baseURL }) => {
    const request = await playwright.request.newContext();
    const doc = await createUnlocked(request, baseURL!, 'Public view');
    await request.dispose();

    const carol = await newPerson('carol');
    await carol.editor.gotoView(doc.viewId);
    await expect(carol.editor.viewOnlyBanner).toBeVisible();
    await expect(carol.editor.title).toHaveText('Public view'); // read-only: a heading, not an input

    const anonymous = await playwright.request.newContext();
    const list = await anonymous.get(`${baseURL}/api/docs`);
    expect(list.status()).toBe(401);
    expect(await list.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const edit = await anonymous.post(`${baseURL}/api/docs/${doc.id}/token`, { data: {} });
    expect(edit.status()).toBe(401);
    const view = await anonymous.post(`${baseURL}/api/view/${doc.viewId}/token`, { data: {} });
    expect(view.status()).toBe(200);
    await anonymous.dispose();
  });
});
