import 'server-only';
import { ApiError } from '../api-errors';
import { appStore } from '../db/app-db';
import type { Actor } from '../policies/document-policy';

/** The signed-in person as routes and pages see them. */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  color: string | null;
  admin: boolean;
}

/** The person behind the request's session cookie, or null. */
export async function sessionUser(headers: Headers): Promise<SessionUser | null> {
  const { auth } = await appStore();
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const user = session.user as typeof session.user & { color?: string | null; role?: string | null };
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    color: user.color ?? null,
    admin: user.role === 'admin',
  };
}

/** 401 without a session. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await sessionUser(request.headers);
  if (!user) throw new ApiError('unauthorized', 'Sign in first.');
  return user;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!user.admin) throw new ApiError('forbidden', 'Only administrators may do this.');
  return user;
}

export function actorOf(user: SessionUser | null, guestId: string | null = null): Actor {
  if (user) return { kind: 'user', id: user.id, admin: user.admin };
  if (guestId) return { kind: 'guest', id: guestId };
  return { kind: 'anonymous' };
}
