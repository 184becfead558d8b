import { toNextJsHandler } from 'better-auth/next-js';
import { errorResponse } from '@/lib/api-errors';
import { appStore } from '@/lib/db/app-db';

/**
 * better-auth's endpoints (sign-in, sign-out, session, OIDC callback). Its
 * public sign-up is not served: accounts are made by the setup link
 * (`/api/setup`), `/api/signup` (which checks SIGNUP and invites) and
 * `npm run admin`.
 */
async function dispatch(request: Request): Promise<Response> {
  if (new URL(request.url).pathname.startsWith('/api/auth/sign-up')) {
    return errorResponse('not_found', 'Accounts are created through /api/signup.');
  }
  const handler = toNextJsHandler((await appStore()).auth);
  return request.method === 'GET' ? handler.GET(request) : handler.POST(request);
}

export const GET = dispatch;
export const POST = dispatch;
