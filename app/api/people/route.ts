import { ApiError, jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle } from '@/lib/http/route';

/** `GET /api/people?q=` → up to 8 accounts whose email or name contains q (for the share dialog; members only). */
export const GET = handle(async (request: Request) => {
  await requireUser(request);
  const q = new URL(request.url).searchParams.get('q')?.trim() ?? '';
  if (q.length < 1 || q.length > 100) throw new ApiError('bad_request', 'q: 1 to 100 characters');
  return jsonResponse({ people: await (await appStore()).permissions.findPeople(q) });
});
