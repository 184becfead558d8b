import { z } from 'zod';
import { jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { handle } from '@/lib/http/route';
import { readJsonBody } from '@/lib/request-body';

/** Invite links work for a week, for as many people as the inviter hands them to. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const inviteSchema = z.strictObject({
  emailDomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'emailDomain: a domain such as example.com')
    .optional(),
});

/** `POST /api/invites` with an optional `{ emailDomain }` → `{ path }` of a new invite link (any member). */
export const POST = handle(async (request: Request) => {
  const user = await requireUser(request);
  const { emailDomain } = await readJsonBody(request, inviteSchema, { optional: true });
  const token = await (await appStore()).permissions.createInvite(user.id, emailDomain ?? null, INVITE_TTL_MS);
  return jsonResponse({ token, path: `/invite/${token}`, emailDomain: emailDomain ?? null }, 201);
});
