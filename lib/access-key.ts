import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Optional instance protection. When `TANDEM_ACCESS_KEY` is set, the dashboard,
 * edit links and the documents API need a cookie that proves the key was typed
 * once. The cookie holds no secret: it is `<expiry>.<HMAC(expiry)>`, keyed with a
 * key derived from the instance secret *and* the access key, so rotating either
 * one logs everybody out, and a cookie from another instance is worthless.
 */
export const ACCESS_COOKIE_NAME = 'tandem_access';

/** How long one unlock lasts. */
export const ACCESS_COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Reads the configured key; empty or whitespace means "not protected". */
export function configuredAccessKey(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const key = env.TANDEM_ACCESS_KEY?.trim();
  return key ? key : null;
}

/**
 * Compares a typed key with the configured one in constant time. Hashing both
 * first gives equal-length inputs to timingSafeEqual, so not even the length of
 * the real key leaks through timing.
 */
export function accessKeyMatches(provided: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(provided), digest(expected));
}

function cookieKey(secret: string, accessKey: string): Buffer {
  return createHmac('sha256', secret).update(`tandem-access-cookie-v1\0${accessKey}`, 'utf8').digest();
}

function signature(key: Buffer, expiresAt: number): Buffer {
  return createHmac('sha256', key).update(`tandem-access\0${expiresAt}`, 'utf8').digest();
}

/** Issues a cookie value valid until `now + ACCESS_COOKIE_MAX_AGE_SECONDS`. */
export function issueAccessCookie(secret: string, accessKey: string, now = Date.now()): string {
  const expiresAt = Math.floor(now / 1000) + ACCESS_COOKIE_MAX_AGE_SECONDS;
  return `${expiresAt}.${signature(cookieKey(secret, accessKey), expiresAt).toString('base64url')}`;
}

/** True when the cookie was issued by this instance for this key and has not expired. */
export function verifyAccessCookie(
  secret: string,
  accessKey: string,
  value: string | undefined,
  now = Date.now(),
): boolean {
  if (!value) return false;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const expiresAt = Number(match[1]);
  if (expiresAt * 1000 <= now) return false;
  const expected = signature(cookieKey(secret, accessKey), expiresAt);
  const provided = Buffer.from(match[2]!, 'base64url');
  return provided.length === expected.length && timingSafeEqual(provided, expected);
}

/**
 * Where to go after unlocking. Only same-origin relative paths are accepted
 * (`/d/abc?x=1`), never `//evil.example`, `/\evil.example` or `https://…`, so
 * the unlock form cannot be turned into an open redirect.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const base = 'http://tandem.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  // Resolving dot segments can leave a path that starts with "//" ("/.//evil.example",
  // "/x/..//evil.example"): same origin here, but as a Location header a browser
  // reads it as a protocol-relative URL to another host.
  if (url.pathname.startsWith('//')) return '/';
  // The unlock form itself is never a useful destination (and would loop).
  if (url.pathname === '/unlock') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Paths that need the access key when one is configured. */
export function requiresAccessKey(pathname: string): boolean {
  return (
    pathname === '/' ||
    pathname === '/d' ||
    pathname.startsWith('/d/') ||
    pathname === '/api/docs' ||
    pathname.startsWith('/api/docs/') ||
    pathname === '/trash' ||
    pathname === '/api/trash'
  );
}
