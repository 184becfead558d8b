/**
 * The only link targets Tandem renders: absolute http(s) and mailto links, and
 * links inside this app (`/d/abc`, `#heading`). Everything else (`javascript:`,
 * `data:`, `vbscript:`, protocol-relative `//host`) is refused, whether typed
 * here or received from another client.
 */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** A stand-in origin for resolving relative links; nothing is ever fetched from it. */
const APP_ORIGIN = 'https://tandem.invalid';

/** `/path` or `#anchor`, but not `//host` or `/\host` (which browsers read as another site). */
function isAppRelative(href: string): boolean {
  if (href.startsWith('#')) return true;
  if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/\\')) return false;
  try {
    return new URL(href, APP_ORIGIN).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function isSafeLinkHref(href: string): boolean {
  if (isAppRelative(href)) return true;
  // The WHATWG URL parser is what the browser uses when the link is followed: it
  // drops surrounding control characters and tabs/newlines inside the scheme
  // ("java\tscript:"), so checking its `protocol` checks what would really run.
  try {
    return ALLOWED_PROTOCOLS.has(new URL(href).protocol);
  } catch {
    return false;
  }
}

/** `localhost:3000`, `example.com:8080/x`: a host and a port, which URL syntax would read as a scheme. */
const HOST_WITH_PORT = /^[a-z0-9.-]+:\d{1,5}(?:[/?#]|$)/i;
const LOCAL_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::|\/|$)/i;

/**
 * Turns what someone typed into the link field into a safe href, or null.
 * A bare "example.com" becomes https://example.com ("localhost:3000" becomes
 * http://, as nothing local speaks TLS by default); an address with "@" and
 * no scheme becomes a mailto: link; `/d/abc` and `#intro` stay relative.
 */
export function normalizeLinkInput(input: string): string | null {
  const value = input.trim();
  if (value === '') return null;
  if (value.startsWith('/') || value.startsWith('#')) return isAppRelative(value) ? value : null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) && !HOST_WITH_PORT.test(value);
  let candidate = value;
  if (!hasScheme) {
    if (/^[^\s/@]+@[^\s/@]+\.[^\s/@]+$/.test(value)) candidate = `mailto:${value}`;
    else candidate = `${LOCAL_HOST.test(value) ? 'http' : 'https'}://${value}`;
  }
  if (!isSafeLinkHref(candidate)) return null;
  // "https://" + nonsense still parses; require a host for web links.
  if (candidate.startsWith('http') && new URL(candidate).hostname === '') return null;
  return candidate;
}
