import 'server-only';
import { newDocId } from '../doc-id';
import { readAccountConfig } from './config';

/**
 * Someone who arrives through a document link without an account is a guest:
 * a random id in a cookie names them (the sync token's `sub` is
 * `guest:<id>`), so their edits are attributed to one guest, not to a name
 * they can change at will.
 */
export function guestCookieName(): string {
  return readAccountConfig().https ? '__Host-tandem.guest' : 'tandem.guest';
}

export function guestIdFrom(headers: Headers): string | null {
  const name = guestCookieName();
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      const id = value.join('=');
      return /^[A-Za-z0-9_-]{22}$/.test(id) ? id : null;
    }
  }
  return null;
}

/** The guest id to use and, when it is new, the Set-Cookie header that keeps it. */
export function ensureGuest(headers: Headers): { id: string; setCookie: string | null } {
  const existing = guestIdFrom(headers);
  if (existing) return { id: existing, setCookie: null };
  const id = newDocId();
  const secure = readAccountConfig().https ? '; Secure' : '';
  return {
    id,
    setCookie: `${guestCookieName()}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${180 * 24 * 3600}${secure}`,
  };
}
