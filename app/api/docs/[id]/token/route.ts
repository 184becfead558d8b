import { jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument } from '@/lib/permissions/document-access';
import { issueSyncAccess } from '@/lib/sync-access';

/**
 * `POST /api/docs/[id]/token` → a sync token for the signed-in person, for
 * the role the policy gives them (404 when none). The name is their profile's,
 * never one the request chose. Also notes the visit for "Recent".
 */
export const POST = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const opened = await requireDocument(user, (await params).id, 'read');
  await (await appStore()).permissions.recordVisit(user.id, opened.facts.id);
  return jsonResponse(await issueSyncAccess(request, opened, { sub: user.id, name: user.name }));
});
