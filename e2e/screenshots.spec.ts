import { join } from 'node:path';
import { expect, test } from './fixtures';
import { REPO_ROOT } from './support/stack';

/**
 * The README's screenshots, taken from a real session of two people. Runs with
 * the suite (it is cheap and doubles as a check that the scene renders), but
 * writes into docs/screenshots only with E2E_UPDATE_SCREENSHOTS=1, so an
 * ordinary run leaves the working tree alone:
 *   E2E_UPDATE_SCREENSHOTS=1 npx playwright test --grep @screenshots
 */
function screenshotPath(name: string, outputPath: (name: string) => string): string {
  return process.env.E2E_UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs', 'screenshots', name) : outputPath(name);
}

test('the editor with two people in it', { tag: '@screenshots' }, async ({ api, newPerson }, testInfo) => {
  const doc = await api.createDocument('Launch plan');
  const alice = await newPerson('alice');
  const bob = await newPerson('bob', { viewport: { width: 375, height: 812 } });
  await alice.editor.goto(doc.id);
  await bob.editor.goto(doc.id);

  const { editor, page } = alice;
  await editor.focusEnd();
  await editor.toolbarButton('Heading 1').click();
  await page.keyboard.type('Launch plan');
  await page.keyboard.press('Enter');
  await page.keyboard.type('We ship the beta on ');
  await editor.toolbarButton('Bold').click();
  await page.keyboard.type('Monday');
  await editor.toolbarButton('Bold').click();
  await page.keyboard.type('. Everyone edits this page at the same time.');
  await page.keyboard.press('Enter');
  await editor.toolbarButton('Bullet list').click();
  await page.keyboard.type('Write the release notes');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Check the sign-up flow on a phone');

  await expect(bob.editor.prose.locator('ul li')).toHaveCount(2);
  await bob.editor.typeParagraph('Bob: I will take the phone check.');
  await editor.expectToContain('I will take the phone check.');
  // Each caret sits mid-text in the other's view, where a phone screen has room for its label.
  await bob.editor.prose.locator('h1').click();
  await editor.prose.locator('strong').click();

  await expect(editor.caretLabels).toHaveText([bob.name]);
  await expect(bob.editor.caretLabels).toHaveText([alice.name]);
  await expect.poll(() => editor.presenceNames()).toEqual([bob.name]);
  await editor.waitSaved();
  await bob.editor.waitSaved();

  await page.screenshot({ path: screenshotPath('editor-two-people.png', (n) => testInfo.outputPath(n)) });
  await bob.page.screenshot({ path: screenshotPath('editor-phone.png', (n) => testInfo.outputPath(n)) });
});

/** The smallest valid PNG, scaled up by the editor: stands in for a picture. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

test('the writing tools', { tag: '@screenshots' }, async ({ api, newPerson }, testInfo) => {
  const doc = await api.createDocument('Release notes');
  const alice = await newPerson('alice');
  const bob = await newPerson('bob');
  await alice.editor.goto(doc.id);
  await bob.editor.goto(doc.id);
  const { editor, page } = alice;

  await editor.focusEnd();
  await page.keyboard.type('/h1');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Release notes');
  await page.keyboard.press('Enter');
  await page.keyboard.type('The beta ships on Monday with ');
  await page.keyboard.press('Control+Shift+h');
  await page.keyboard.type('find and replace');
  await page.keyboard.press('Control+Shift+h');
  await page.keyboard.type(', tables, images and a block menu :tada:');
  await page.keyboard.press('Enter');
  await page.keyboard.type('/table');
  await page.keyboard.press('Enter');
  for (const cell of ['Feature', 'Owner', 'Status', 'Find and replace', 'Alice', 'Done', 'Images', 'Bob', 'Review']) {
    await page.keyboard.type(cell);
    await page.keyboard.press('Tab');
  }
  await bob.editor.prose.locator('h1').click();
  await page.keyboard.press('Control+f');
  await page.getByRole('search', { name: 'Find and replace' }).getByLabel('Find', { exact: true }).fill('and');
  await expect(bob.editor.prose.locator('table')).toHaveCount(1);
  await editor.waitSaved();
  await page.screenshot({ path: screenshotPath('editor-writing-tools.png', (n) => testInfo.outputPath(n)) });

  await page.keyboard.press('Escape');
  await bob.editor.prose.locator('h1').click();
  await bob.page.keyboard.press('End');
  await bob.page.keyboard.press('Enter');
  const chooser = bob.page.waitForEvent('filechooser');
  await bob.editor.toolbarButton('Insert image').click();
  await (await chooser).setFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: PIXEL });
  await expect(editor.prose.locator('img[src^="/api/files/"]')).toHaveCount(1);
  await editor.prose.locator('h1').click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('/');
  await expect(page.getByRole('listbox', { name: 'Insert block' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('editor-slash-menu.png', (n) => testInfo.outputPath(n)) });
  await page.keyboard.press('Escape');
});

test.describe('accounts', () => {
  test.use({ signInAs: null });

  test('the sign-in page', { tag: '@screenshots' }, async ({ page }, testInfo) => {
    await page.goto('/sign-in');
    await expect(page.getByTestId('sign-in-form')).toBeVisible();
    await page.screenshot({ path: screenshotPath('sign-in.png', (n) => testInfo.outputPath(n)) });
  });
});

test('the share dialog and the dashboard', { tag: '@screenshots' }, async ({ api, newPerson }, testInfo) => {
  const [alice, bob] = [await newPerson('alice'), await newPerson('bob')];
  const shared = await api.createDocument('Product launch plan');
  for (const title of ['Meeting notes: design review', 'Onboarding checklist']) await api.createDocument(title);
  await api.share(shared.id, bob.account.email, 'viewer');
  await api.setGeneralAccess(shared.id, 'view');
  await alice.editor.goto(shared.id);
  await alice.editor.typeText('Goals for the launch, owners and dates.');
  await alice.editor.waitSaved();
  await alice.page.getByTestId('share-button').click();
  const dialog = alice.page.getByTestId('share-dialog');
  await expect(dialog.getByTestId('share-link')).toBeVisible();
  await expect(dialog.getByTestId('share-member')).not.toHaveCount(0);
  await alice.page.screenshot({ path: screenshotPath('share-dialog.png', (n) => testInfo.outputPath(n)) });

  await alice.page.goto('/');
  await expect(alice.page.locator(`[data-testid="document-row"][data-id="${shared.id}"]`)).toContainText(
    `by ${alice.name}`,
  );
  await alice.page.screenshot({ path: screenshotPath('dashboard.png', (n) => testInfo.outputPath(n)) });
});
