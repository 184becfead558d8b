import { ApiError, jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle, type Params } from '@/lib/http/route';
import { requireDocument } from '@/lib/permissions/document-access';
import { notifyAccessChanged } from '@/lib/permissions/notify';
import { sharingState } from '@/lib/permissions/sharing';
import { readJsonBody } from '@/lib/request-body';
import { memberSchema } from '../sharing/schema';

/**
 * `PUT /api/docs/[id]/members` with `{ person, role }` (an email address or
 * an account id) adds someone or changes their role; their open tabs follow
 * within seconds (the sync server re-checks them).
 */
export const PUT = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const { id } = await params;
  const opened = await requireDocument(user, id, 'share');
  const { person, role } = await readJsonBody(request, memberSchema);
  const { permissions } = await appStore();
  const target = person.includes('@') ? await permissions.userByEmail(person) : await permissions.user(person);
  if (!target) throw new ApiError('bad_request', 'person: nobody with this email address has an account here.');
  if (target.id === opened.facts.ownerId) throw new ApiError('bad_request', 'person: that is the owner.');
  await permissions.setMember(id, target.id, role);
  await notifyAccessChanged(id);
  return jsonResponse(await sharingState(opened));
});
