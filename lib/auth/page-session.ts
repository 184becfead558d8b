import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { appStore } from '../db/app-db';
import { type SessionUser, sessionUser } from './session';
import { pendingSetupToken } from './setup';

/** The signed-in person for a page; everyone else goes to the sign-in page (and comes back to `next`). */
export async function requirePageUser(next: string): Promise<SessionUser> {
  const user = await sessionUser(await headers());
  if (user) return user;
  const { permissions } = await appStore();
  // A fresh instance has nobody to sign in as: say so instead of showing a form that cannot work.
  if ((await pendingSetupToken(permissions)) !== null) redirect('/sign-in?setup=1');
  redirect(`/sign-in?next=${encodeURIComponent(next)}`);
}

export async function pageUser(): Promise<SessionUser | null> {
  return sessionUser(await headers());
}
