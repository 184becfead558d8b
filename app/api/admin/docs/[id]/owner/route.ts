import { z } from 'zod';
import { ApiError, jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle, type Params } from '@/lib/http/route';
import { requireDocumentForAdmin } from '@/lib/permissions/document-access';
import { notifyAccessChanged } from '@/lib/permissions/notify';
import { readJsonBody } from '@/lib/request-body';

const transferSchema = z.strictObject({ email: z.email().max(320) });

/** `PUT /api/admin/docs/[id]/owner` with `{ email }`: the owner or an admin gives the document to someone else. */
export const PUT = handle(async (request: Request, { params }: Params<'id'>) => {
  const user = await requireUser(request);
  const { id } = await params;
  await requireDocumentForAdmin(user, id, 'transfer');
  const { email } = await readJsonBody(request, transferSchema);
  const { permissions } = await appStore();
  const target = await permissions.userByEmail(email);
  if (!target) throw new ApiError('bad_request', 'email: nobody with this email address has an account here.');
  await permissions.transfer(id, target.id);
  await notifyAccessChanged(id);
  return jsonResponse({ id, ownerId: target.id });
});
