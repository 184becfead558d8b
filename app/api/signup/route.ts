import { z } from 'zod';
import { ApiError, jsonResponse } from '@/lib/api-errors';
import { AccountError, createAccount } from '@/lib/auth/accounts';
import { readAccountConfig } from '@/lib/auth/config';
import { appStore } from '@/lib/db/app-db';
import { handle } from '@/lib/http/route';
import { readJsonBody } from '@/lib/request-body';

const signupSchema = z.strictObject({
  invite: z.string().min(1).max(100).optional(),
  name: z.string().trim().min(1).max(40),
  email: z.email().max(320),
  password: z.string().min(8, 'password: at least 8 characters').max(256),
});

/**
 * `POST /api/signup`: a new account, signed in at once. SIGNUP=invite (the
 * default) needs a valid invite (and an email in its domain, if it names
 * one); SIGNUP=open needs nothing; SIGNUP=closed refuses. Before the setup
 * link was used, nobody signs up.
 */
export const POST = handle(async (request: Request) => {
  const input = await readJsonBody(request, signupSchema);
  const { signup } = readAccountConfig();
  const { auth, permissions } = await appStore();
  if ((await permissions.countUsers()) === 0) throw new ApiError('forbidden', 'Set up this Tandem first.');
  if (signup === 'closed') throw new ApiError('forbidden', 'Sign-up is closed on this Tandem.');
  if (signup === 'invite' || input.invite !== undefined) {
    const invite = input.invite ? await permissions.invite(input.invite) : null;
    if (!invite || invite.revoked || invite.expiresAt <= Date.now()) {
      throw new ApiError('forbidden', 'You need a valid invite link to join this Tandem.');
    }
    const domain = input.email.split('@').pop()?.toLowerCase();
    if (invite.emailDomain && domain !== invite.emailDomain) {
      throw new ApiError('forbidden', `This invite is for @${invite.emailDomain} addresses.`);
    }
  }
  try {
    const { userId, setCookies } = await createAccount(auth, permissions, input);
    const response = jsonResponse({ userId }, 201);
    for (const cookie of setCookies) response.headers.append('Set-Cookie', cookie);
    return response;
  } catch (error) {
    if (error instanceof AccountError) throw new ApiError('bad_request', error.message);
    throw error;
  }
});
