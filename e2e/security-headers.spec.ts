import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name ?? '', sources];
    }),
  );
}

test.describe('security headers (built app)', () => {
  test('every page and API answer carries the CSP and the fixed headers', async ({ request, api, stack }) => {
    const doc = await api.createDocument();
    for (const path of ['/', `/d/${doc.id}`, '/sign-in', '/s/AAAAAAAAAAAAAAAAAAAAAA', '/no-such-page', '/api/docs']) {
      const response = await request.get(`${stack.baseURL}${path}`);
      const headers = response.headers();
      const csp = directives(headers['content-security-policy'] ?? '');
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      // The app and the sync server, nothing else.
      expect(csp.get('connect-src'), path).toEqual(["'self'", stack.syncURL]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(csp.get('script-src'), path).toEqual(
        expect.arrayContaining(["'strict-dynamic'", expect.stringMatching(/^'nonce-/)]),
      );
      expect(csp.get('script-src'), path).not.toContain("'unsafe-eval'");
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['referrer-policy'], path).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
      expect(headers['permissions-policy'], path).toBeTruthy();
    }

    // Build assets too (scripts the dashboard loads).
    const html = await (await request.get(`${stack.baseURL}/`)).text();
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await request.get(`${stack.baseURL}${script}`);
    expect(asset.status()).toBe(200);
    expect(asset.headers()['x-content-type-options']).toBe('nosniff');
  });

  test.describe('in the browser', () => {
    // Chromium logs the 404 of the not-found page itself as a console error; CSP violations
    // are console errors too, and the fixture's error guard fails the test on them.
    test.use({ allowedConsoleErrors: [/the server responded with a status of 404 \(Not Found\)$/] });

    test('the app works under the CSP: scripts run, the WebSocket connects, nothing is blocked', async ({
      api,
      newPerson,
    }) => {
      const alice = await newPerson('alice');
      const violations = recordViolations(alice.page);
      const doc = await api.createDocument('Under CSP');

      await alice.page.goto('/');
      await alice.page.getByTestId('search').fill('Under CSP'); // hydrated: React handles input
      await expect(alice.page.getByTestId('document-row')).toHaveCount(1);

      await alice.editor.goto(doc.id);
      await alice.editor.typeText('Connected through the CSP.');
      await expect(alice.editor.connectionStatus).toHaveAttribute('data-state', 'saved');

      await alice.page.goto('/no-such-page');
      await expect(alice.page.getByTestId('not-found')).toBeVisible();
      await alice.page.getByRole('link', { name: 'Go to the workspace' }).click();
      await expect(alice.page.getByTestId('new-document')).toBeVisible();

      expect(violations).toEqual([]);
    });
  });

  test.describe('injected markup', () => {
    test.use({ allowedConsoleErrors: [/inline event handler violates the following Content Security Policy/] });

    test('cannot run inline event handlers (the usual XSS vector)', async ({ newPerson }) => {
      const alice = await newPerson('alice');
      const violations = recordViolations(alice.page);
      await alice.page.goto('/');
      await expect(alice.page.getByTestId('new-document')).toBeVisible();
      await alice.page.evaluate(() => {
        const probe = document.createElement('div');
        probe.innerHTML = '<img src="data:," onerror="window.injectedRan = true">';
        document.body.append(probe);
      });
      await expect.poll(() => violations.length).toBeGreaterThan(0);
      expect(violations.every((text) => text.includes('inline event handler violates'))).toBe(true);
      expect(
        await alice.page.evaluate(() => (window as unknown as { injectedRan?: boolean }).injectedRan),
      ).toBeUndefined();
    });
  });
});

/** Collects the browser's CSP refusals (console errors naming the Content Security Policy) on a page. */
function recordViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text())) violations.push(message.text());
  });
  return violations;
}
