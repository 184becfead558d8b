import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { test as base, expect } from './fixtures';
import { allowConsoleErrors } from './support/error-guard';
import { freePort, HOST } from './support/network';

/**
 * Single sign-on through OpenID Connect, against a tiny provider started
 * here (`oidc-provider`, its development login and consent pages): no
 * network. The stack is configured with OIDC_ISSUER / OIDC_CLIENT_ID /
 * OIDC_CLIENT_SECRET pointing at it, and SIGNUP=open so a first SSO sign-in
 * makes an account.
 */
const CLIENT = { id: 'tandem-e2e', secret: 'tandem-e2e-client-secret-0123456789' };

const test = base.extend<object, { oidcPort: number }>({
  oidcPort: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      await use(await freePort());
    },
    { scope: 'worker' },
  ],
  stackOptions: [
    async ({ oidcPort }, use) => {
      await use({
        env: {
          OIDC_ISSUER: `http://${HOST}:${oidcPort}`,
          OIDC_CLIENT_ID: CLIENT.id,
          OIDC_CLIENT_SECRET: CLIENT.secret,
          SIGNUP: 'open',
        },
      });
    },
    { scope: 'worker' },
  ],
});

test.use({
  signInAs: null,
  // The provider's development pages load a web font from the internet, which this machine does not reach.
  allowedConsoleErrors: allowConsoleErrors(/fonts\.googleapis\.com/, /net::ERR_/, /Failed to load resource/),
});

async function startProvider(port: number, appURL: string): Promise<Server> {
  const provider = new Provider(`http://${HOST}:${port}`, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [`${appURL}/api/auth/callback/oidc`, `${appURL}/api/auth/oauth2/callback/oidc`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@sso.example`, email_verified: true, name: 'Sam Single' }),
    }),
    features: { devInteractions: { enabled: true } },
  });
  const server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  return server;
}

test('signs in through the OpenID Connect provider and lands on the dashboard', async ({ page, stack, oidcPort }) => {
  const server = await startProvider(oidcPort, stack.baseURL);
  try {
    await page.goto('/sign-in');
    await page.getByTestId('sign-in-sso').click();
    await page.waitForURL(new RegExp(`^http://${HOST}:${oidcPort}/`));
    await page.locator('input[name="login"]').fill('sam');
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    // Consent, the first time.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${stack.baseURL}/**`);
    await expect(page.getByTestId('user-menu')).toContainText('Sam Single');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
