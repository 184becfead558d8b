import { ApiError, jsonResponse } from '@/lib/api-errors';
import { ensureGuest } from '@/lib/auth/guest';
import { sessionUser } from '@/lib/auth/session';
import { handle, type Params } from '@/lib/http/route';
import { openByLink } from '@/lib/permissions/document-access';
import { readJsonBody } from '@/lib/request-body';
import { issueSyncAccess, MAX_GUEST_NAME_LENGTH, tokenRequestSchema } from '@/lib/sync-access';

/**
 * `POST /api/links/[token]/token` → a sync token through a document's link
 * (general access "anyone with the link"). Signed-in people get their own
 * name and the stronger of their own role and the link's; guests get a
 * guest id (cookie) and the name they chose, marked as a guest. 404 for a
 * reset or unknown link and for a restricted document.
 */
export const POST = handle(async (request: Request, { params }: Params<'token'>) => {
  const { token } = await params;
  const user = await sessionUser(request.headers);
  const guest = user ? null : ensureGuest(request.headers);
  const opened = await openByLink(user, token, guest?.id ?? null);
  if (!opened) throw new ApiError('not_found', 'This link does not work (any more).');
  const { name } = await readJsonBody(request, tokenRequestSchema, { optional: true });
  const identity = user
    ? { sub: user.id, name: user.name }
    : { sub: `guest:${guest!.id}`, name: `${(name || 'Guest').slice(0, MAX_GUEST_NAME_LENGTH)} (guest)` };
  const response = jsonResponse(await issueSyncAccess(request, opened, identity));
  if (guest?.setCookie) response.headers.append('Set-Cookie', guest.setCookie);
  return response;
});
