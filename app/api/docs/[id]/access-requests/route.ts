import { jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { isValidDocId } from '@/lib/doc-id';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument } from '@/lib/permissions/document-access';
import { sharingState } from '@/lib/permissions/sharing';
import { readJsonBody } from '@/lib/request-body';
import { dismissSchema } from '../sharing/schema';

/**
 * `POST /api/docs/[id]/access-requests`: "Request access" from the "You need
 * access" page. Answers 202 whether or not the document exists (or the
 * person already has access), so it tells a prober nothing; the owner sees the
 * request in the share dialog.
 */
export const POST = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const { id } = await params;
  if (isValidDocId(id)) {
    const { permissions } = await appStore();
    const facts = await permissions.facts(id);
    if (facts && facts.ownerId !== user.id && (await permissions.memberRole(id, user.id)) === null) {
      await permissions.requestAccess(id, user.id);
    }
  }
  return jsonResponse({ requested: true }, 202);
});

/** `DELETE /api/docs/[id]/access-requests` with `{ userId }`: the owner declines a request. */
export const DELETE = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const { id } = await params;
  const opened = await requireDocument(user, id, 'share');
  const { userId } = await readJsonBody(request, dismissSchema);
  await (await appStore()).permissions.dismissRequest(id, userId);
  return jsonResponse(await sharingState(opened));
});
