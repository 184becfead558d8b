import { jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument } from '@/lib/permissions/document-access';
import { notifyAccessChanged } from '@/lib/permissions/notify';
import { sharingState } from '@/lib/permissions/sharing';

/**
 * `POST /api/docs/[id]/link` resets the document's link: the old one stops
 * working at once, and connections that came through it are closed.
 */
export const POST = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const { id } = await params;
  await requireDocument(user, id, 'share');
  await (await appStore()).permissions.resetLink(id);
  await notifyAccessChanged(id);
  return jsonResponse(await sharingState(await requireDocument(user, id, 'share')));
});
