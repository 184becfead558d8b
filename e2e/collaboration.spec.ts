import { expect, openTogether, test } from './fixtures';
import { DashboardPage } from './pages/dashboard-page';

test.describe('two people on one document', () => {
  test('the dashboard button creates a document and opens its editor', async ({ page }) => {
    const dashboard = new DashboardPage(page);
    await dashboard.goto();
    const id = await dashboard.createDocument();
    // 128 random bits in base64url: 22 characters.
    expect(id).toMatch(/^[A-Za-z0-9_-]{22,64}$/);
    await expect(page.getByTestId('editor').locator('.ProseMirror')).toBeVisible();
  });

  test('what one types appears in the other', async ({ api, twoPeople: { alice, bob } }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);

    await alice.editor.typeText('Hello from Alice');
    await bob.editor.expectContent('Hello from Alice');

    await bob.editor.typeParagraph('And hello back from Bob');
    await expect.poll(() => alice.editor.blocks('p')).toEqual(['Hello from Alice', 'And hello back from Bob']);
  });

  test('typing at the same time in the same paragraph converges to one text with both inputs', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    const prefix = 'Shared: ';
    await alice.editor.typeText(prefix);
    await bob.editor.expectContent(prefix.trim());

    // Disjoint alphabets: whatever the interleaving, each person's input can be read back on its own.
    const aliceInput = 'alicetypesthesewordsinlowercase';
    const bobInput = 'BOBTYPES1234567890INUPPERCASE';
    await Promise.all([alice.editor.focusEnd(), bob.editor.focusEnd()]);
    await Promise.all([
      alice.page.keyboard.type(aliceInput, { delay: 15 }),
      bob.page.keyboard.type(bobInput, { delay: 15 }),
    ]);

    const expectedLength = prefix.length + aliceInput.length + bobInput.length;
    await expect.poll(async () => (await alice.editor.content()).length).toBe(expectedLength);
    await expect.poll(() => bob.editor.content()).toBe(await alice.editor.content());

    const merged = await alice.editor.content();
    expect(merged.startsWith(prefix)).toBe(true);
    const typed = merged.slice(prefix.length);
    // Each person's characters arrive in the order they were typed, none lost, none doubled.
    expect(typed.replace(/[^a-z]/g, '')).toBe(aliceInput);
    expect(typed.replace(/[^A-Z0-9]/g, '')).toBe(bobInput);
    await expect(alice.editor.prose.locator('p')).toHaveCount(1);
    await expect(bob.editor.prose.locator('p')).toHaveCount(1);
  });

  test('the title is live for everyone', async ({ api, twoPeople: { alice, bob } }) => {
    const doc = await api.createDocument();
    await openTogether([alice, bob], doc.id);
    await alice.editor.title.fill('Minutes of the meeting');
    await expect(bob.editor.title).toHaveValue('Minutes of the meeting');
  });
});
