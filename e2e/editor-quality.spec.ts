import { expect, openTogether, test } from './fixtures';

/** WCAG relative luminance of a computed `rgb(…)` / `rgba(…)` colour. */
function luminance(cssColor: string): number {
  const channels = (cssColor.match(/[\d.]+/g) ?? []).slice(0, 3).map((value) => Number(value) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test.describe('editor quality', () => {
  test('people joining and leaving are announced politely to screen readers', async ({
    api,
    twoPeople: { alice, bob },
  }) => {
    const doc = await api.createDocument();
    await alice.editor.goto(doc.id);
    const politeRegions = alice.page.locator('[aria-live="polite"]');

    await bob.editor.goto(doc.id);
    await expect(politeRegions.filter({ hasText: `${bob.name} joined` })).toHaveCount(1);
    await bob.context.close();
    await expect(politeRegions.filter({ hasText: `${bob.name} left` })).toHaveCount(1);
  });

  test('follows a dark colour scheme', async ({ api, newPerson }) => {
    const doc = await api.createDocument();
    const light = await newPerson('alice');
    const dark = await newPerson('bob', { colorScheme: 'dark' });
    await openTogether([light, dark], doc.id);
    const background = (person: typeof light) =>
      person.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const text = (person: typeof light) => person.editor.prose.evaluate((element) => getComputedStyle(element).color);

    expect(luminance(await background(light))).toBeGreaterThan(0.5);
    expect(luminance(await background(dark))).toBeLessThan(0.2);
    // Text stays readable on it: light text on the dark page.
    expect(luminance(await text(dark))).toBeGreaterThan(0.5);
  });

  test('fits a 375 px wide phone without sideways scrolling, and typing works there', async ({ api, newPerson }) => {
    const doc = await api.createDocument();
    const phone = await newPerson('alice', { viewport: { width: 375, height: 812 } });
    await phone.editor.goto(doc.id);
    await phone.editor.typeText('Written on a phone.');
    await phone.editor.waitSaved();
    await expect(phone.editor.prose).toBeInViewport();
    const overflow = await phone.page.evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow, 'pixels the page scrolls sideways').toBeLessThanOrEqual(0);
  });

  test('keyboard shortcut help opens with Ctrl+/ and with ?, and closes with Escape', async ({ api, newPerson }) => {
    const doc = await api.createDocument();
    const alice = await newPerson('alice');
    await alice.editor.goto(doc.id);
    const help = alice.page.getByRole('dialog');

    await alice.editor.focusEnd();
    await alice.page.keyboard.press('Control+/');
    await expect(help).toBeVisible();
    await alice.page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    // The shortcut typed nothing into the document.
    await alice.editor.expectContent('');

    // "?" outside the text opens it too, while "?" in the text is just a character.
    await alice.editor.typeText('Why?');
    await expect(help).toBeHidden();
    await alice.editor.expectContent('Why?');
    await alice.editor.prose.blur();
    await alice.page.keyboard.press('?');
    await expect(help).toBeVisible();
    await alice.page.keyboard.press('Escape');
    await expect(help).toBeHidden();
  });
});
