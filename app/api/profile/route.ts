import { z } from 'zod';
import { jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle } from '@/lib/http/route';
import { readJsonBody } from '@/lib/request-body';

const profileSchema = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-f]{6}$/i, 'color: #rrggbb')
    .optional(),
});

/** `GET /api/profile` → the signed-in person. */
export const GET = handle(async (request: Request) => jsonResponse(await requireUser(request)));

/** `PATCH /api/profile` with `{ name?, color? }`: the display name and caret colour everyone sees. */
export const PATCH = handle(async (request: Request) => {
  await requireUser(request);
  const body = await readJsonBody(request, profileSchema);
  const { auth } = await appStore();
  await auth.api.updateUser({ headers: request.headers, body });
  return jsonResponse(await requireUser(request));
});
