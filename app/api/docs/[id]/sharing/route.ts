import { jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument } from '@/lib/permissions/document-access';
import { notifyAccessChanged } from '@/lib/permissions/notify';
import { sharingState } from '@/lib/permissions/sharing';
import { readJsonBody } from '@/lib/request-body';
import { generalAccessSchema } from './schema';

/** `GET /api/docs/[id]/sharing` → owner, people, access requests, general access and the link (owner only). */
export const GET = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  return jsonResponse(await sharingState(await requireDocument(user, (await params).id, 'share')));
});

/** `PATCH /api/docs/[id]/sharing` with `{ generalAccess }` → the new state; open link connections follow at once. */
export const PATCH = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const { id } = await params;
  await requireDocument(user, id, 'share');
  const { generalAccess } = await readJsonBody(request, generalAccessSchema);
  await (await appStore()).permissions.setGeneralAccess(id, generalAccess);
  await notifyAccessChanged(id);
  return jsonResponse(await sharingState(await requireDocument(user, id, 'share')));
});
