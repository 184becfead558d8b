import { readFileSync } from 'node:fs';
import { type APIRequestContext, type BrowserContext, expect, request as playwrightRequest } from '@playwright/test';

/** The password every test account gets (long enough for the sign-up rules). */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestAccount {
  id: string;
  name: string;
  email: string;
  color: string;
  password: string;
}

/** `Alice Archer` → `alice.archer@tandem.test`. */
export function emailFor(name: string): string {
  return `${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '')}@tandem.test`;
}

/** The one-time setup link the web app printed at its first start (what an operator would copy). */
export function printedSetupPath(logFile: string): string | null {
  const match = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(readFileSync(logFile, 'utf8'));
  return match ? `/setup?token=${match[1]}` : null;
}

/**
 * A request context signed in as one account (its own cookie jar). Requests
 * carry the app's own Origin, as the browser's would, for the cross-site guard.
 */
export async function signedInRequest(baseURL: string, account: TestAccount): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const response = await context.post('/api/auth/sign-in/email', {
    data: { email: account.email, password: account.password },
  });
  expect(response.status(), `sign-in of ${account.email}: ${await response.text()}`).toBe(200);
  return context;
}

/**
 * The accounts of one stack: the admin made through the printed setup link,
 * and people who joined through an invite the admin made. Made once per
 * stack (worker) and remembered, so each test's people exist already.
 */
export class StackAccounts {
  private readonly accounts = new Map<string, TestAccount>();
  private admin: { account: TestAccount; request: APIRequestContext } | null = null;
  private invite: string | null = null;

  constructor(
    private readonly baseURL: string,
    private readonly appLog: string,
  ) {}

  get all(): TestAccount[] {
    return [...this.accounts.values()];
  }

  find(name: string): TestAccount | undefined {
    return this.accounts.get(emailFor(name));
  }

  /** First start: the owner account through the printed setup link. */
  async setUp(): Promise<TestAccount> {
    if (this.admin) return this.admin.account;
    await expect.poll(() => printedSetupPath(this.appLog), { timeout: 30_000 }).not.toBeNull();
    const token = new URL(printedSetupPath(this.appLog)!, this.baseURL).searchParams.get('token')!;
    const account: TestAccount = {
      id: '',
      name: 'Tandem Admin',
      email: emailFor('Tandem Admin'),
      color: '#5f6368',
      password: TEST_PASSWORD,
    };
    const context = await playwrightRequest.newContext({
      baseURL: this.baseURL,
      extraHTTPHeaders: { origin: this.baseURL },
    });
    const response = await context.post('/api/setup', {
      data: { token, name: account.name, email: account.email, password: account.password },
    });
    expect(response.status(), `setup: ${await response.text()}`).toBe(201);
    account.id = ((await response.json()) as { userId: string }).userId;
    this.admin = { account, request: context };
    return account;
  }

  /** The account for a person, joining through an invite when it does not exist yet. */
  async ensure(person: { name: string; color: string }): Promise<TestAccount> {
    const existing = this.find(person.name);
    if (existing) return existing;
    await this.setUp();
    const admin = this.admin!.request;
    if (this.invite === null) {
      const invite = await admin.post('/api/invites', { data: {} });
      expect(invite.status(), await invite.text()).toBe(201);
      this.invite = ((await invite.json()) as { token: string }).token;
    }
    const account: TestAccount = { id: '', ...person, email: emailFor(person.name), password: TEST_PASSWORD };
    const joining = await playwrightRequest.newContext({
      baseURL: this.baseURL,
      extraHTTPHeaders: { origin: this.baseURL },
    });
    try {
      const signup = await joining.post('/api/signup', {
        data: { invite: this.invite, name: account.name, email: account.email, password: account.password },
      });
      expect(signup.status(), `sign-up of ${account.email}: ${await signup.text()}`).toBe(201);
      account.id = ((await signup.json()) as { userId: string }).userId;
      const profile = await joining.patch('/api/profile', { data: { color: person.color } });
      expect(profile.status(), await profile.text()).toBe(200);
    } finally {
      await joining.dispose();
    }
    this.accounts.set(account.email, account);
    return account;
  }

  async dispose(): Promise<void> {
    await this.admin?.request.dispose();
  }
}

/** Signs a browser context in (its cookie jar is the browser's), as the sign-in form would. */
export async function signIn(context: BrowserContext, baseURL: string, account: TestAccount): Promise<void> {
  const response = await context.request.post(`${baseURL}/api/auth/sign-in/email`, {
    data: { email: account.email, password: account.password },
    headers: { origin: baseURL },
  });
  expect(response.status(), `sign-in of ${account.email}: ${await response.text()}`).toBe(200);
  // A test may have renamed this person (the profile is the name everyone sees): each test starts from the preset.
  const profile = await context.request.patch(`${baseURL}/api/profile`, {
    data: { name: account.name, color: account.color },
    headers: { origin: baseURL },
  });
  expect(profile.status(), await profile.text()).toBe(200);
}
