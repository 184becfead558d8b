/**
 * The only link targets Tandem renders. Everything else (`javascript:`,
 * `data:`, `vbscript:`, relative paths) is refused, whether typed here or
 * received from another client.
 */
const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

export function isSafeLinkHref(href: string): boolean {
  // The WHATWG URL parser is what the browser uses when the link is followed: it
  // drops surrounding control characters and tabs/newlines inside the scheme
  // ("java\tscript:"), so checking its `protocol` checks what would really run.
  try {
    return ALLOWED_PROTOCOLS.has(new URL(href).protocol);
  } catch {
    return false;
  }
}

/**
 * Turns what someone typed into the link field into a safe href, or null.
 * A bare "example.com" becomes https://example.com; an address with "@" and
 * no scheme becomes a mailto: link.
 */
export function normalizeLinkInput(input: string): string | null {
  const value = input.trim();
  if (value === '') return null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(value);
  let candidate = value;
  if (!hasScheme) candidate = /^[^\s/@]+@[^\s/@]+\.[^\s/@]+$/.test(value) ? `mailto:${value}` : `https://${value}`;
  if (!isSafeLinkHref(candidate)) return null;
  // "https://" + nonsense still parses; require a host for web links.
  if (candidate.startsWith('http') && new URL(candidate).hostname === '') return null;
  return candidate;
}
