import { join } from 'node:path';
import { expect, test } from './fixtures';
import { printedSetupPath, TEST_PASSWORD } from './support/accounts';

/**
 * A stack nobody has set up: the web app prints a one-time setup link, which
 * creates the owner account; the owner invites a second person; sign out.
 * (Its own file: a fresh stack needs a worker of its own.)
 */
test.use({
  stackOptions: { fresh: true },
  signInAs: null,
  // Pages that need an account answer 401 (with the sign-in form); Chromium logs that as a console error.
  allowedConsoleErrors: [/the server responded with a status of 401 \(Unauthorized\)$/],
});

test.describe('first start', () => {
  test('the printed setup link creates the owner, who invites a second person; sign out', async ({
    browser,
    stack,
    page,
  }) => {
    const setupPath = printedSetupPath(join(stack.logDir, 'app.log'));
    expect(setupPath, 'the web app prints a setup link at first start').not.toBeNull();

    // Before setup, nobody can sign up or sign in; the sign-in page says what to do.
    const closed = await page.goto('/');
    expect(closed?.status()).toBe(401);
    await expect(page.getByTestId('sign-in-form')).toContainText('setup link');

    await page.goto(setupPath!);
    await page.getByLabel('Your name').fill('Olga Owner');
    await page.getByLabel('Email').fill('olga@tandem.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByTestId('account-submit').click();
    await expect(page.getByTestId('new-document')).toBeVisible();
    await expect(page.getByTestId('user-menu')).toContainText('Olga Owner');
    await expect(page.getByTestId('admin-link')).toBeVisible();

    // The link worked once.
    const again = await browser.newContext();
    const stranger = await again.newPage();
    await stranger.goto(`${stack.baseURL}${setupPath}`);
    await expect(stranger.getByTestId('need-access')).toContainText('does not work');

    // An invite for a second person.
    await page.getByTestId('invite-people').click();
    const invite = await page.getByTestId('invite-link').inputValue();
    expect(invite).toMatch(/\/invite\/[A-Za-z0-9_-]{22}$/);
    await stranger.goto(invite);
    await stranger.getByLabel('Your name').fill('Ivan Invited');
    await stranger.getByLabel('Email').fill('ivan@tandem.test');
    await stranger.getByLabel('Password').fill(TEST_PASSWORD);
    await stranger.getByTestId('account-submit').click();
    await expect(stranger.getByTestId('user-menu')).toContainText('Ivan Invited');
    await expect(stranger.getByTestId('admin-link')).toHaveCount(0);

    // Sign-up without an invite is refused (SIGNUP=invite by default).
    const open = await stranger.request.post(`${stack.baseURL}/api/signup`, {
      data: { name: 'Nobody', email: 'nobody@tandem.test', password: TEST_PASSWORD },
      headers: { origin: stack.baseURL },
    });
    expect(open.status()).toBe(403);

    // Sign out: back to the sign-in page, and the dashboard is closed again.
    await stranger.getByTestId('sign-out').click();
    await expect(stranger).toHaveURL(/\/sign-in/);
    expect((await stranger.goto(`${stack.baseURL}/`))?.status()).toBe(401);
    await expect(stranger.getByTestId('sign-in-form')).toBeVisible();
    await stranger.getByLabel('Email').fill('ivan@tandem.test');
    await stranger.getByLabel('Password').fill('wrong password');
    await stranger.getByTestId('account-submit').click();
    await expect(stranger.getByTestId('sign-in-form').getByRole('alert')).toContainText('Wrong email or password');
    await again.close();
  });
});
