import { jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument } from '@/lib/permissions/document-access';
import { notifyAccessChanged } from '@/lib/permissions/notify';
import { sharingState } from '@/lib/permissions/sharing';

/** `DELETE /api/docs/[id]/members/[userId]` → removes them; their open tabs are closed within seconds. */
export const DELETE = handle(async (request: Request, { params }: Params<'id' | 'userId'>) => {
  const user = await requireUser(request);
  const { id, userId } = await params;
  const opened = await requireDocument(user, id, 'share');
  await (await appStore()).permissions.removeMember(id, userId);
  await notifyAccessChanged(id);
  return jsonResponse(await sharingState(opened));
});
