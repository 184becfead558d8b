import { randomBytes } from 'node:crypto';
import { getURLFromRedirectError } from 'next/dist/client/components/redirect';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as unlockRoute } from '@/app/api/unlock/route';
import UnlockPage from '@/app/unlock/page';
import {
  ACCESS_COOKIE_MAX_AGE_SECONDS,
  ACCESS_COOKIE_NAME,
  issueAccessCookie,
  safeNextPath,
  verifyAccessCookie,
} from '@/lib/access-key';
import { proxy } from '@/proxy';
import { BASE, type ErrorBody, useTempDataDir } from './helpers';

/** `next` values that must never leave the site, whichever way they are spelled. */
const OFF_SITE_NEXT = [
  '//evil.example/x',
  'https://evil.example',
  '/\\evil.example',
  '/\t/evil.example',
  '/.//evil.example',
  '/x/..//evil.example',
];

const secret = randomBytes(32).toString('base64url');
const KEY = 'correct horse battery staple';
let dataDir: ReturnType<typeof useTempDataDir>;
const savedEnv = { AUTH_SECRET: process.env.AUTH_SECRET, TANDEM_ACCESS_KEY: process.env.TANDEM_ACCESS_KEY };

beforeAll(() => {
  dataDir = useTempDataDir();
  process.env.AUTH_SECRET = secret;
});
afterEach(() => {
  delete process.env.TANDEM_ACCESS_KEY;
});
afterAll(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  dataDir.cleanup();
});

function request(path: string, init: { cookie?: string; headers?: Record<string, string> } = {}): NextRequest {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', `${ACCESS_COOKIE_NAME}=${init.cookie}`);
  return new NextRequest(`${BASE}${path}`, { headers });
}

/** NextResponse.next() marks a request that continues to the route. */
function passedThrough(response: Response): boolean {
  return response.headers.get('x-middleware-next') === '1';
}

function unlock(fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return unlockRoute(new Request(`${BASE}/api/unlock`, { method: 'POST', body: new URLSearchParams(fields), headers }));
}

describe('access key unset', () => {
  it('leaves every path open', () => {
    for (const path of ['/', '/d/abc', '/api/docs', '/api/docs/abc', '/v/xyz']) {
      expect(passedThrough(proxy(request(path))), path).toBe(true);
    }
  });
});

describe('access key set', () => {
  it('answers API calls without the cookie with 401 JSON', async () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    for (const path of ['/api/docs', '/api/docs/abc', '/api/docs/abc/token']) {
      const response = proxy(request(path));
      expect(response.status, path).toBe(401);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(((await response.json()) as ErrorBody).error.code).toBe('unauthorized');
    }
  });

  it('redirects pages to the unlock form, remembering where to go', () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    const dashboard = proxy(request('/'));
    expect(dashboard.status).toBe(303);
    expect(dashboard.headers.get('location')).toBe(`${BASE}/unlock?next=%2F`);
    const editor = proxy(request('/d/abc?new=1'));
    expect(editor.headers.get('location')).toBe(`${BASE}/unlock?next=${encodeURIComponent('/d/abc?new=1')}`);
  });

  it('keeps view links, their token route, the unlock form and other paths open', () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    for (const path of ['/v/xyz', '/api/view/xyz/token', '/unlock', '/api/unlock', '/favicon.ico']) {
      expect(passedThrough(proxy(request(path))), path).toBe(true);
    }
  });

  it('lets a valid cookie through and refuses forged, expired or other-key cookies', () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    const valid = issueAccessCookie(secret, KEY);
    expect(passedThrough(proxy(request('/api/docs', { cookie: valid })))).toBe(true);
    expect(passedThrough(proxy(request('/', { cookie: valid })))).toBe(true);

    const [expiry, signature] = valid.split('.') as [string, string];
    const forged = `${Number(expiry) + 1}.${signature}`;
    const expired = issueAccessCookie(secret, KEY, Date.now() - (ACCESS_COOKIE_MAX_AGE_SECONDS + 60) * 1000);
    const otherKey = issueAccessCookie(secret, 'another key');
    const otherSecret = issueAccessCookie(randomBytes(32).toString('base64url'), KEY);
    for (const cookie of [forged, expired, otherKey, otherSecret, 'garbage', `${expiry}.`]) {
      expect(proxy(request('/api/docs', { cookie })).status, cookie).toBe(401);
    }
  });
});

describe('POST /api/unlock', () => {
  it('sets an httpOnly, SameSite=Lax, signed cookie for the right key and goes to `next`', async () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    const response = await unlock({ key: KEY, next: '/d/abc?x=1' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/d/abc?x=1');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${ACCESS_COOKIE_NAME}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const value = /^[^=]+=([^;]+)/.exec(cookie)?.[1];
    expect(verifyAccessCookie(secret, KEY, value)).toBe(true);
    expect(passedThrough(proxy(request('/api/docs', { cookie: value })))).toBe(true);
  });

  it('marks the cookie Secure behind https', async () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    const response = await unlock({ key: KEY, next: '/' }, { 'x-forwarded-proto': 'https' });
    expect(response.headers.get('set-cookie')).toMatch(/Secure/i);
  });

  it('sends a wrong key back to the form without a cookie', async () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    for (const key of ['wrong', '', KEY.slice(0, -1), `${KEY} `, 'x'.repeat(5000)]) {
      const response = await unlock({ key, next: '/d/abc' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/unlock?error=1&next=%2Fd%2Fabc');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('stops comparing keys after too many wrong ones from one client', async () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    const guesser = { 'x-forwarded-for': '192.0.2.99' };
    for (let i = 0; i < 10; i++) await unlock({ key: `guess ${i}`, next: '/' }, guesser);
    const blocked = await unlock({ key: KEY, next: '/' }, guesser);
    expect(blocked.headers.get('location')).toBe('/unlock?error=throttled&next=%2F');
    expect(blocked.headers.get('set-cookie')).toBeNull();
    // Someone else is not affected.
    const other = await unlock({ key: KEY, next: '/' }, { 'x-forwarded-for': '192.0.2.100' });
    expect(other.headers.get('set-cookie')).toMatch(new RegExp(`^${ACCESS_COOKIE_NAME}=`));
  });

  it('survives a body that is not a form', async () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    const response = await unlockRoute(
      new Request(`${BASE}/api/unlock`, {
        method: 'POST',
        body: '{"key":1}',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('never redirects off-site', async () => {
    process.env.TANDEM_ACCESS_KEY = KEY;
    for (const next of OFF_SITE_NEXT) {
      const response = await unlock({ key: KEY, next });
      expect(new URL(response.headers.get('location') ?? '', BASE).origin, next).toBe(BASE);
      expect(response.headers.get('location'), next).toBe('/');
    }
  });

  it('never redirects off-site when no key is configured either', async () => {
    for (const next of OFF_SITE_NEXT) {
      const response = await unlock({ next });
      expect(response.status).toBe(303);
      expect(response.headers.get('location'), next).toBe('/');
    }
  });
});

describe('unlock page', () => {
  it('without a configured key, redirects only to same-origin paths', async () => {
    for (const next of OFF_SITE_NEXT) {
      const redirected = await UnlockPage({ searchParams: Promise.resolve({ next }) }).catch((error: unknown) => error);
      expect(isRedirectError(redirected), next).toBe(true);
      expect(getURLFromRedirectError(redirected as Parameters<typeof getURLFromRedirectError>[0]), next).toBe('/');
    }
  });
});

describe('safeNextPath', () => {
  it.each([
    [null, '/'],
    ['', '/'],
    ['/d/abc?x=1#h', '/d/abc?x=1#h'],
    ['d/abc', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/d/abc', '/'],
    ['javascript:alert(1)', '/'],
    ['/unlock?next=/', '/'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    // Dot segments that resolve to a protocol-relative "//host" path.
    ['/.//evil.example', '/'],
    ['/%2e//evil.example/x', '/'],
    ['/d/..//evil.example', '/'],
    ['/./\\evil.example', '/'],
    ['/d/./abc', '/d/abc'],
  ])('%s → %s', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});
