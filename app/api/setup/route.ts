import { z } from 'zod';
import { ApiError, jsonResponse } from '@/lib/api-errors';
import { AccountError, createAccount } from '@/lib/auth/accounts';
import { claimSetupToken } from '@/lib/auth/setup';
import { appStore } from '@/lib/db/app-db';
import { handle } from '@/lib/http/route';
import { readJsonBody } from '@/lib/request-body';

const setupSchema = z.strictObject({
  token: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(40),
  email: z.email().max(320),
  password: z.string().min(8, 'password: at least 8 characters').max(256),
});

/**
 * `POST /api/setup` with the token from the printed setup link: creates the
 * owner account (an admin), signs them in, and gives them every document
 * that has no owner yet (an existing data directory from before accounts).
 * The token works once.
 */
export const POST = handle(async (request: Request) => {
  const input = await readJsonBody(request, setupSchema);
  const { auth, permissions } = await appStore();
  if (!(await claimSetupToken(permissions, input.token))) {
    throw new ApiError('forbidden', 'This setup link was already used or is not valid.');
  }
  try {
    const { userId, setCookies } = await createAccount(auth, permissions, input, { admin: true });
    const adopted = await permissions.adoptOrphans(userId);
    const response = jsonResponse({ userId, adoptedDocuments: adopted }, 201);
    for (const cookie of setCookies) response.headers.append('Set-Cookie', cookie);
    return response;
  } catch (error) {
    if (error instanceof AccountError) throw new ApiError('bad_request', error.message);
    throw error;
  }
});
