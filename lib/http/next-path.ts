/**
 * Where to go after signing in. Only same-origin relative paths are accepted
 * (`/d/abc?x=1`), never `//evil.example`, `/\evil.example` or `https://…`, so
 * the sign-in form cannot be turned into an open redirect.
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
  // The sign-in form itself is never a useful destination (and would loop).
  if (url.pathname === '/sign-in') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
