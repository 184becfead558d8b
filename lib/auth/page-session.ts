import 'server-only';
import { headers } from 'next/headers';
import { unauthorized } from 'next/navigation';
import { type SessionUser, sessionUser } from './session';

/**
 * The signed-in person for a page. Anyone else gets 401 and, in its place,
 * the sign-in form (app/unauthorized.tsx), which comes back to this page.
 */
export async function requirePageUser(_next: string): Promise<SessionUser> {
  const user = await sessionUser(await headers());
  if (user) return user;
  unauthorized();
}

export async function pageUser(): Promise<SessionUser | null> {
  return sessionUser(await headers());
}
