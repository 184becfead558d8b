import { expect, test } from './fixtures';
import { allowConsoleErrors } from './support/error-guard';

/**
 * The suite's guard against page errors and console errors is itself tested, so
 * it cannot silently stop working. Each body first checks that the guard saw
 * exactly the error it provoked; the test is then expected to fail, and the only
 * thing left that can fail it is the guard's check at teardown.
 * These use a blank context of their own: no stack is needed to prove the guard.
 */
test.describe('error guard', () => {
  test('an uncaught page error fails the test', async ({ browser, errorGuard }) => {
    test.fail(true, 'the guard must fail a test whose page threw');
    const context = await browser.newContext();
    errorGuard.watch(context);
    const page = await context.newPage();
    const thrown = page.waitForEvent('pageerror');
    await page.setContent('<script>setTimeout(() => { throw new Error("deliberate page error"); });</script>');
    await thrown;
    expect(errorGuard.errors).toHaveLength(1);
    expect(errorGuard.errors[0]).toContain('deliberate page error');
    await context.close();
  });

  test('a console error fails the test', async ({ browser, errorGuard }) => {
    test.fail(true, 'the guard must fail a test whose page logged an error');
    const context = await browser.newContext();
    errorGuard.watch(context);
    const page = await context.newPage();
    const logged = page.waitForEvent('console', (message) => message.type() === 'error');
    await page.setContent('<script>console.error("deliberate console error");</script>');
    await logged;
    expect(errorGuard.errors).toEqual([expect.stringContaining('deliberate console error')]);
    await context.close();
  });

  test.describe('with an allow-list', () => {
    test.use({ allowedConsoleErrors: allowConsoleErrors(/deliberate and expected/, /also expected/) });

    test('allowed console errors are let through, others still fail the test', async ({ browser, errorGuard }) => {
      test.fail(true, 'the one error that is not allowed must still fail the test');
      const context = await browser.newContext();
      errorGuard.watch(context);
      const page = await context.newPage();
      const logged = page.waitForEvent('console', (message) => message.text() === 'not allowed');
      await page.setContent(
        '<script>console.error("deliberate and expected"); console.error("also expected"); console.error("not allowed");</script>',
      );
      await logged;
      expect(errorGuard.errors).toEqual([expect.stringContaining('not allowed')]);
      await context.close();
    });
  });
});
