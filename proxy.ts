import { type NextRequest, NextResponse } from 'next/server';
import { errorResponse } from '@/lib/api-errors';
import { readAccountConfig } from '@/lib/auth/config';
import { buildContentSecurityPolicy, newNonce, staticSecurityHeaders } from '@/lib/csp';
import { isCrossOrigin } from '@/lib/http/origin';
import { syncUrlFor } from '@/lib/sync-url';

/**
 * Runs before every request (Next 16's proxy, formerly middleware; Node runtime):
 * 1. the cross-site request guard for every state-changing request;
 * 2. security headers (HSTS when served over https), including a CSP with a fresh script nonce. Next reads the
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

  const refusal = checkCrossSite(request);
  const response = refusal ?? forwardWithNonce(request, nonce, csp);
  response.headers.set('Content-Security-Policy', csp);
  return withStaticHeaders(response, pathname, isHttps(request));
}

/** Served over https: PUBLIC_URL says so, or the (trusted) proxy in front forwarded https. */
function isHttps(request: NextRequest): boolean {
  if (request.nextUrl.protocol === 'https:') return true;
  if (readAccountConfig().https) return true;
  return request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

function withStaticHeaders(response: Response, pathname: string, https = false): Response {
  for (const [name, value] of Object.entries(staticSecurityHeaders(pathname))) response.headers.set(name, value);
  // Two years, the preload list's minimum; only ever over https (RFC 6797 §7.2).
  if (https) response.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
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
 * CSRF guard for every state-changing request (API routes, the sign-in
 * endpoints, form posts): one whose `Origin` names another origin is refused,
 * and so is one a browser marks cross-site without sending an Origin.
 * Browsers send Origin with every cross-origin POST/PUT/PATCH/DELETE;
 * clients that send neither header (curl, scripts) act for nobody's browser
 * session and pass.
 */
function checkCrossSite(request: NextRequest): Response | null {
  if (SAFE_METHODS.has(request.method)) return null;
  if (!isCrossOrigin(request.headers, readAccountConfig().publicUrl)) return null;
  return errorResponse('forbidden', 'Cross-site requests are not allowed.');
}

export const config = {
  // Every path, build assets included, so every response carries nosniff and friends.
  matcher: ['/:path*'],
};
