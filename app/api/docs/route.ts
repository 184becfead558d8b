import { ApiError, jsonResponse } from '@/lib/api-errors';
import { requireUser } from '@/lib/auth/session';
import { appStore } from '@/lib/db/app-db';
import { InvalidCursorError } from '@/lib/documents';
import { handle } from '@/lib/http/route';
import { describeIssues, readJsonBody } from '@/lib/request-body';
import { createDocumentSchema, listDocumentsQuerySchema } from './schema';

/**
 * `GET /api/docs?view=all|mine|shared|recent&q=&limit=&cursor=` →
 * `{ documents, nextCursor }`: only documents the caller owns or was added to.
 */
export const GET = handle(async (request: Request) => {
  const user = await requireUser(request);
  const parsed = listDocumentsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new ApiError('bad_request', describeIssues(parsed.error));
  const { q, limit, cursor, view } = parsed.data;
  try {
    return jsonResponse(await (await appStore()).permissions.list(user.id, { view, query: q, limit, cursor }));
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new ApiError('bad_request', 'cursor: not a cursor we issued');
    throw error;
  }
});

/** `POST /api/docs` with an optional `{ title }` → 201 and the new document, owned by the caller. */
export const POST = handle(async (request: Request) => {
  const user = await requireUser(request);
  const input = await readJsonBody(request, createDocumentSchema, { optional: true });
  const { catalogue, permissions } = await appStore();
  const record = await catalogue.create({ title: input.title });
  await permissions.initialise(record.id, user.id);
  return jsonResponse({ ...record, role: 'owner' }, 201);
});
