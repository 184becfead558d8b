import { type NextRequest, NextResponse } from 'next/server';
import { ACCESS_COOKIE_NAME, configuredAccessKey, requiresAccessKey, verifyAccessCookie } from '@/lib/access-key';
import { errorResponse } from '@/lib/api-errors';
import { buildContentSecurityPolicy, newNonce, staticSecurityHeaders } from '@/lib/csp';
import { dataDir } from '@/lib/data-dir';
import { loadOrCreateSecret } from '@/lib/secret';
import { syncUrlFor } from '@/lib/sync-url';

/**
 * Runs before every request (Next 16's proxy, formerly middleware; Node runtime):
 * 1. the optional access key gate for the dashboard, edit links and documents API;
 * 2. security headers, including a CSP with a fresh script nonce. Next reads the
 *    nonce from the *request's* CSP header and stamps it on its own scripts, so the
 *    policy is set on the forwarded request as well as on the response.
 */
export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith('/_next/static/')) {
    // Immutable build assets: no page, no nonce, no access check; only the fixed headers.
    return withStaticHeaders(NextResponse.next(), pathname);
  }
  const nonce = newNonce();
  const csp = buildContentSecurityPolicy({
    nonce,
    syncUrl: syncUrlFor(request),
    dev: process.env.NODE_ENV === 'development',
  });

  const refusal = checkCrossSite(request) ?? checkAccess(request);
  const response = refusal ?? forwardWithNonce(request, nonce, csp);
  response.headers.set('Content-Security-Policy', csp);
  return withStaticHeaders(response, pathname);
}

function withStaticHeaders(response: Response, pathname: string): Response {
  for (const [name, value] of Object.entries(staticSecurityHeaders(pathname))) response.headers.set(name, value);
  return response;
}

function forwardWithNonce(request: NextRequest, nonce: string, csp: string): NextResponse {
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  return NextResponse.next({ request: { headers } });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF guard for the API: a state-changing request that a browser marks as
 * coming from another site is refused. (A cross-site form or `text/plain` fetch
 * could otherwise create documents or post the unlock form without a preflight.)
 * Clients that send no Sec-Fetch-Site header (curl, scripts) are not browsers
 * acting for a visitor, and pass.
 */
function checkCrossSite(request: NextRequest): Response | null {
  if (SAFE_METHODS.has(request.method) || !request.nextUrl.pathname.startsWith('/api/')) return null;
  const site = request.headers.get('sec-fetch-site');
  if (site === null || site === 'same-origin' || site === 'none') return null;
  return errorResponse('forbidden', 'Cross-site requests to the API are not allowed.');
}

/** null when the request may proceed; otherwise the 401 (API) or redirect (page) to send. */
function checkAccess(request: NextRequest): Response | null {
  const accessKey = configuredAccessKey();
  const { pathname, search } = request.nextUrl;
  if (accessKey === null || !requiresAccessKey(pathname)) return null;
  const secret = instanceSecret();
  if (verifyAccessCookie(secret, accessKey, request.cookies.get(ACCESS_COOKIE_NAME)?.value)) return null;

  if (pathname.startsWith('/api/')) return errorResponse('unauthorized', 'This Tandem instance needs its access key.');
  const unlock = request.nextUrl.clone();
  unlock.pathname = '/unlock';
  unlock.search = `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(unlock, 303);
}

// The secret file never changes while we run; read it once per data directory.
let secretCache: { dir: string; secret: string } | undefined;

function instanceSecret(): string {
  const dir = dataDir();
  if (secretCache?.dir !== dir) secretCache = { dir, secret: loadOrCreateSecret(dir) };
  return secretCache.secret;
}

export const config = {
  // Every path, build assets included, so every response carries nosniff and friends.
  matcher: ['/:path*'],
};
