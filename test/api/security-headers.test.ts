import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, syncOrigin } from '@/lib/csp';
import { proxy } from '@/proxy';

const saved = { PUBLIC_SYNC_URL: process.env.PUBLIC_SYNC_URL, SYNC_PORT: process.env.SYNC_PORT };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name ?? '', sources];
    }),
  );
}

describe('proxy security headers', () => {
  it('sets a CSP allowing only the app and the sync server, plus the fixed headers', () => {
    delete process.env.PUBLIC_SYNC_URL;
    process.env.SYNC_PORT = '4321';
    const response = proxy(new NextRequest('http://tandem.example:3000/'));
    const csp = directives(response.headers.get('content-security-policy') ?? '');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://tandem.example:4321']);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toContain("'strict-dynamic'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
  });

  it('uses a fresh nonce per request and hands it to Next through the request headers', () => {
    const nonceOf = (response: Response) =>
      /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    const first = proxy(new NextRequest('http://localhost:3000/'));
    const second = proxy(new NextRequest('http://localhost:3000/'));
    expect(nonceOf(first)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    // NextResponse.next({ request: { headers } }) forwards overridden request headers like this.
    expect(first.headers.get('x-middleware-request-x-nonce')).toBe(nonceOf(first));
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(
      first.headers.get('content-security-policy'),
    );
  });

  it('follows PUBLIC_SYNC_URL and https', () => {
    process.env.PUBLIC_SYNC_URL = 'wss://sync.example.org/ws';
    const response = proxy(new NextRequest('https://docs.example.org/s/abc'));
    expect(directives(response.headers.get('content-security-policy') ?? '').get('connect-src')).toEqual([
      "'self'",
      'wss://sync.example.org',
    ]);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sets the headers on refusals too', () => {
    const response = proxy(
      new NextRequest('http://localhost:3000/api/docs', {
        method: 'POST',
        headers: { origin: 'https://evil.example' },
      }),
    );
    expect(response.status).toBe(403);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('adds HSTS only when served over https', () => {
    expect(proxy(new NextRequest('http://localhost:3000/')).headers.get('strict-transport-security')).toBeNull();
    const forwarded = proxy(new NextRequest('http://localhost:3000/', { headers: { 'x-forwarded-proto': 'https' } }));
    expect(forwarded.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(proxy(new NextRequest('https://docs.example/')).headers.get('strict-transport-security')).toContain(
      'max-age=',
    );
  });
});

describe('csp helpers', () => {
  it('reduces a sync URL to its origin and ignores junk', () => {
    expect(syncOrigin('ws://127.0.0.1:1234/room')).toBe('ws://127.0.0.1:1234');
    expect(syncOrigin('not a url')).toBeNull();
    expect(syncOrigin('javascript:alert(1)')).toBeNull();
    const csp = buildContentSecurityPolicy({ nonce: 'n', syncUrl: 'nonsense' });
    expect(csp).toContain("connect-src 'self';");
  });

  it("adds 'unsafe-eval' only for the dev server", () => {
    expect(buildContentSecurityPolicy({ nonce: 'n', syncUrl: 'ws://h:1', dev: true })).toContain("'unsafe-eval'");
    expect(buildContentSecurityPolicy({ nonce: 'n', syncUrl: 'ws://h:1' })).not.toContain('unsafe-eval');
  });
});

describe('build assets', () => {
  it('get the fixed headers but no CSP', () => {
    const response = proxy(new NextRequest('http://localhost:3000/_next/static/chunks/app.js'));
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBeNull();
  });
});

describe('cross-site writes', () => {
  const write = (path: string, site: string | null, method = 'POST') =>
    proxy(
      new NextRequest(`http://localhost:3000${path}`, {
        method,
        headers: site === null ? {} : { 'sec-fetch-site': site },
      }),
    );

  it('refuses state-changing API requests a browser marks as cross-site', async () => {
    for (const [path, method] of [
      ['/api/docs', 'POST'],
      ['/api/docs/abc', 'DELETE'],
      ['/api/docs/abc', 'PATCH'],
      ['/api/links/abc/token', 'POST'],
      ['/api/auth/sign-in/email', 'POST'],
      ['/api/docs/abc/members', 'PUT'],
    ] as const) {
      for (const site of ['cross-site', 'same-site']) {
        const response = write(path, site, method);
        expect(response.status, `${method} ${path} ${site}`).toBe(403);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      }
    }
  });

  it('lets same-origin, user-initiated and non-browser requests through, and reads from anywhere', () => {
    for (const site of ['same-origin', 'none', null]) {
      expect(write('/api/docs', site).headers.get('x-middleware-next'), String(site)).toBe('1');
    }
    expect(write('/api/docs', 'cross-site', 'GET').headers.get('x-middleware-next')).toBe('1');
  });

  it('checks Origin on every state-changing request, pages and API alike', async () => {
    const withOrigin = (path: string, origin: string, method = 'POST', extra: Record<string, string> = {}) =>
      proxy(
        new NextRequest(`http://localhost:3000${path}`, {
          method,
          headers: { origin, host: 'localhost:3000', ...extra },
        }),
      );
    for (const path of ['/api/docs', '/api/auth/sign-out', '/api/setup', '/sign-in']) {
      for (const origin of ['https://evil.example', 'http://localhost:3001', 'null']) {
        expect(withOrigin(path, origin).status, `${path} from ${origin}`).toBe(403);
      }
      // Origin wins over a lying Sec-Fetch-Site.
      expect(withOrigin(path, 'https://evil.example', 'POST', { 'sec-fetch-site': 'same-origin' }).status).toBe(403);
      expect(withOrigin(path, 'http://localhost:3000').headers.get('x-middleware-next')).toBe('1');
    }
    expect(withOrigin('/api/docs/x', 'https://evil.example', 'DELETE').status).toBe(403);
    expect(withOrigin('/api/docs/x', 'https://evil.example', 'PATCH').status).toBe(403);
  });
});
