import { jsonResponse } from '@/lib/api-errors';
import { requireAdmin } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle } from '@/lib/http/route';

/** `GET /api/admin/users` → every account (admins only). */
export const GET = handle(async (request: Request) => {
  await requireAdmin(request);
  return jsonResponse({ users: await (await appStore()).permissions.users() });
});
