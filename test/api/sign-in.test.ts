import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as authRoute } from '@/app/api/auth/[...all]/route';
import { createAccount } from '@/lib/auth/accounts';
import { MAX_ACCOUNT_FAILURES } from '@/lib/auth/throttle';
import { databaseFile } from '@/lib/data-dir';
import { openSqliteStore } from '@/lib/db/open-store';
import { createTestUser, type TestUser, useTempDataDir } from './helpers';

/** Sign-in through better-auth's real endpoint (the route Next serves), with the throttle in front. */
let dataDir: ReturnType<typeof useTempDataDir>;
let victim: TestUser;
let colleague: TestUser;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  dataDir = useTempDataDir();
  victim = await createTestUser('Victor Victim');
  colleague = await createTestUser('Colin Colleague');
});
afterAll(() => dataDir.cleanup());

function signIn(email: string, password: string, forwardedFor = '198.51.100.7'): Promise<Response> {
  return authRoute(
    new Request('http://localhost:3000/api/auth/sign-in/email', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        host: 'localhost:3000',
        origin: 'http://localhost:3000',
        'x-forwarded-for': forwardedFor,
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe('sign-in', () => {
  it('signs in with the right password and sets the session cookie; refuses a wrong one', async () => {
    const ok = await signIn(victim.email, PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.headers.getSetCookie().join()).toMatch(/tandem\.session_token=[^;]+;.*HttpOnly/i);
    expect((await signIn(victim.email, 'wrong password')).status).toBe(401);
  });

  it('locks an account after repeated failures from rotating addresses, and nobody else', async () => {
    for (let i = 0; i < MAX_ACCOUNT_FAILURES; i++) await signIn(victim.email, `guess ${i}`, `203.0.113.${i}`);
    // Even the right password waits now: guessing is bounded per account.
    const locked = await signIn(victim.email, PASSWORD, '192.0.2.50');
    expect(locked.status).toBe(429);
    // A colleague, from the very addresses the guesser used, signs in as usual.
    expect((await signIn(colleague.email, PASSWORD, '203.0.113.1')).status).toBe(200);
  });

  it('does not serve better-auth’s public sign-up', async () => {
    const response = await authRoute(
      new Request('http://localhost:3000/api/auth/sign-up/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
        body: JSON.stringify({ email: 'x@example.test', password: PASSWORD, name: 'X' }),
      }),
    );
    expect(response.status).toBe(404);
  });
});

describe('cookies over https', () => {
  it('use the __Host- prefix, Secure, Path=/ and no Domain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-https-'));
    const store = await openSqliteStore(databaseFile(dir), {
      ...process.env,
      DATA_DIR: dir,
      AUTH_SECRET: 'https-test-secret-https-test-secret-0123',
      PUBLIC_URL: 'https://docs.example.org',
    });
    try {
      const { setCookies } = await createAccount(store.auth, store.permissions, {
        name: 'Secure Sam',
        email: 'sam@example.test',
        password: PASSWORD,
      });
      const session = setCookies.find((cookie) => cookie.includes('session_token'));
      expect(session).toMatch(/^__Host-tandem\.session_token=/);
      expect(session).toMatch(/;\s*Secure/i);
      expect(session).toMatch(/;\s*Path=\//i);
      expect(session).not.toMatch(/Domain=/i);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
