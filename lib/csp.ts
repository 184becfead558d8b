/**
 * Security headers for every response. The CSP is built per request because its
 * script nonce is per request and `connect-src` depends on where the sync server
 * is (PUBLIC_SYNC_URL, or the request's host on SYNC_PORT), which is runtime config.
 */
export interface CspOptions {
  nonce: string;
  /** The WebSocket URL the browser uses for the sync server. */
  syncUrl: string;
  /** `next dev` evaluates code for React's debugging features and needs 'unsafe-eval'. */
  dev?: boolean;
}

/** `ws://host:1234/path` → `ws://host:1234`: the CSP source that allows exactly the sync server. */
export function syncOrigin(syncUrl: string): string | null {
  try {
    const url = new URL(syncUrl);
    if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) return null;
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}

/** A fresh 128-bit nonce, base64 (the CSP nonce-source grammar). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64');
}

export function buildContentSecurityPolicy({ nonce, syncUrl, dev = false }: CspOptions): string {
  const sync = syncOrigin(syncUrl);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // 'strict-dynamic' lets Next's nonce'd bootstrap load its chunks; the nonce
    // keeps injected inline scripts out.
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // TipTap/ProseMirror and React set inline style attributes (caret colours,
    // table widths) that cannot carry a nonce, so styles allow 'unsafe-inline'.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(sync ? [sync] : [])],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/**
 * Headers that do not depend on the request. Referrer: document links, share
 * links (`/s/<token>`), setup and invite links are capabilities or name
 * documents, so those pages send no Referer at all; elsewhere only the origin
 * leaves the site.
 */
export function staticSecurityHeaders(pathname: string): Record<string, string> {
  const isDocumentLink = ['/d/', '/s/', '/setup', '/invite/'].some((prefix) => pathname.startsWith(prefix));
  return {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': isDocumentLink ? 'no-referrer' : 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}
