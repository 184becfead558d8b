import { ApiError, jsonResponse, toErrorResponse } from '@/lib/api-errors';
import { appCatalogue } from '@/lib/db/app-db';
import { InvalidCursorError } from '@/lib/documents';
import { describeIssues, readJsonBody } from '@/lib/request-body';
import { createDocumentSchema, listDocumentsQuerySchema } from './schema';

/** `GET /api/docs?q=&limit=&cursor=` → `{ documents, nextCursor }`, most recently edited first. */
export async function GET(request: Request): Promise<Response> {
  try {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = listDocumentsQuerySchema.safeParse(params);
    if (!parsed.success) throw new ApiError('bad_request', describeIssues(parsed.error));
    const { q, limit, cursor } = parsed.data;
    try {
      return jsonResponse(await (await appCatalogue()).list({ query: q, limit, cursor }));
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new ApiError('bad_request', 'cursor: not a cursor we issued');
      throw error;
    }
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** `POST /api/docs` with an optional `{ title }` → 201 and the new document. */
export async function POST(request: Request): Promise<Response> {
  try {
    const input = await readJsonBody(request, createDocumentSchema, { optional: true });
    return jsonResponse(await (await appCatalogue()).create({ title: input.title }), 201);
  } catch (error) {
    return toErrorResponse(error);
  }
}
