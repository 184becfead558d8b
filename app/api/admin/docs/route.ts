import { jsonResponse } from '@/lib/api-errors';
import { requireAdmin } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle } from '@/lib/http/route';

/** `GET /api/admin/docs` → every document's id, title and owner (admins only; not its content or link). */
export const GET = handle(async (request: Request) => {
  await requireAdmin(request);
  return jsonResponse({ documents: await (await appStore()).permissions.allDocuments() });
});
