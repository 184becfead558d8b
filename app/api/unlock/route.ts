import { NextResponse } from 'next/server';
import {
  ACCESS_COOKIE_MAX_AGE_SECONDS,
  ACCESS_COOKIE_NAME,
  accessKeyMatches,
  configuredAccessKey,
  issueAccessCookie,
  safeNextPath,
} from '@/lib/access-key';
import { dataDir } from '@/lib/data-dir';
import { readBodyText } from '@/lib/request-body';
import { loadOrCreateSecret } from '@/lib/secret';
import { clientKey, UnlockThrottle } from '@/lib/unlock-throttle';

/** Longest key we bother comparing; anything longer is not a key someone typed. */
const MAX_KEY_LENGTH = 1024;
/** The key, the `next` path and their encoding fit in far less. */
const MAX_FORM_BYTES = 8 * 1024;

/** One per server process (route modules are evaluated once). */
const throttle = new UnlockThrottle();

/**
 * The unlock form posts here (a plain HTML form, so it works before any script
 * loads). Right key: set the cookie and go to `next`. Wrong key: back to the form
 * with an error flag. 303 turns the POST into a GET of the destination.
 */
export async function POST(request: Request): Promise<Response> {
  const accessKey = configuredAccessKey();
  const form = await readForm(request);
  const next = safeNextPath(form.get('next'));

  if (accessKey === null) return seeOther(next);

  const client = clientKey(request.headers);
  if (throttle.isBlocked(client)) return seeOther(`/unlock?error=throttled&next=${encodeURIComponent(next)}`);
  const provided = form.get('key');
  if (provided === null || provided.length > MAX_KEY_LENGTH || !accessKeyMatches(provided, accessKey)) {
    throttle.recordFailure(client);
    return seeOther(`/unlock?error=1&next=${encodeURIComponent(next)}`);
  }
  throttle.recordSuccess(client);

  const response = seeOther(next);
  response.cookies.set(ACCESS_COOKIE_NAME, issueAccessCookie(loadOrCreateSecret(dataDir()), accessKey), {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request),
    path: '/',
    maxAge: ACCESS_COOKIE_MAX_AGE_SECONDS,
  });
  return response;
}

/**
 * A redirect with a *relative* Location: behind `next start -H 127.0.0.1` or a
 * reverse proxy, `request.url` may name another host than the browser used, and
 * an absolute Location there would be cross-origin, which `form-action 'self'` blocks.
 */
function seeOther(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { Location: path, 'Cache-Control': 'no-store' } });
}

/**
 * The form's fields (the browser posts them url-encoded), read with a size
 * limit: this route is open to anyone, and an unbounded body would be buffered
 * whole. Anything unreadable or oversized counts as an empty form, i.e. a wrong key.
 */
async function readForm(request: Request): Promise<URLSearchParams> {
  try {
    return new URLSearchParams(await readBodyText(request, MAX_FORM_BYTES));
  } catch {
    return new URLSearchParams();
  }
}

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' || new URL(request.url).protocol === 'https:';
}
