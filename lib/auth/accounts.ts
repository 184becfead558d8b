import type { PermissionStore } from '../permissions/store';
import type { TandemAuth } from './auth';

export interface NewAccount {
  name: string;
  email: string;
  password: string;
  color?: string;
}

/** The one way accounts are made (setup, invites, open sign-up, `npm run admin`): better-auth hashes and stores. */
export async function createAccount(
  auth: TandemAuth,
  permissions: PermissionStore,
  input: NewAccount,
  options: { admin?: boolean } = {},
): Promise<{ userId: string; setCookies: string[] }> {
  const response = await auth.api.signUpEmail({
    body: { name: input.name, email: input.email.trim().toLowerCase(), password: input.password, color: input.color },
    asResponse: true,
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string; code?: string } | null;
    throw new AccountError(body?.message ?? `could not create the account (${response.status})`, body?.code ?? null);
  }
  const { user } = (await response.json()) as { user: { id: string } };
  if (options.admin) await permissions.setUserRole(user.id, 'admin');
  return { userId: user.id, setCookies: response.headers.getSetCookie() };
}

export class AccountError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

/** Sets a new password for an existing account (operators: `npm run admin -- reset-password`). */
export async function resetPassword(auth: TandemAuth, userId: string, password: string): Promise<void> {
  const context = await auth.$context;
  const hash = await context.password.hash(password);
  await context.internalAdapter.updatePassword(userId, hash);
}
