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
import { loadOrCreateSecret } from '@/lib/secret';

/** Longest key we bother comparing; anything longer is not a key someone typed. */
const MAX_KEY_LENGTH = 1024;

/**
 * The unlock form posts here (a plain HTML form, so it works before any script
 * loads). Right key: set the cookie and go to `next`. Wrong key: back to the form
 * with an error flag. 303 turns the POST into a GET of the destination.
 */
export async function POST(request: Request): Promise<Response> {
  const accessKey = configuredAccessKey();
  let form: FormData | null = null;
  try {
    form = await request.formData();
  } catch {
    form = null;
  }
  const next = safeNextPath(stringField(form, 'next'));
  const target = (path: string) => new URL(path, request.url);

  if (accessKey === null) return NextResponse.redirect(target(next), 303);

  const provided = stringField(form, 'key');
  if (provided === null || provided.length > MAX_KEY_LENGTH || !accessKeyMatches(provided, accessKey)) {
    return NextResponse.redirect(target(`/unlock?error=1&next=${encodeURIComponent(next)}`), 303);
  }

  const response = NextResponse.redirect(target(next), 303);
  response.cookies.set(ACCESS_COOKIE_NAME, issueAccessCookie(loadOrCreateSecret(dataDir()), accessKey), {
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(request),
    path: '/',
    maxAge: ACCESS_COOKIE_MAX_AGE_SECONDS,
  });
  return response;
}

function stringField(form: FormData | null, name: string): string | null {
  const value = form?.get(name);
  return typeof value === 'string' ? value : null;
}

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' || new URL(request.url).protocol === 'https:';
}
