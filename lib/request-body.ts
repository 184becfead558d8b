import type { z } from 'zod';
import { ApiError } from './api-errors';

/** Request bodies are tiny JSON objects; anything larger is a mistake or an attack. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads and validates a JSON body. An empty body counts as `{}` when `optional`
 * (so `POST /api/docs` works without one). Every failure is a 4xx ApiError with a
 * message naming the offending field, never a crash.
 */
export async function readJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  { optional = false }: { optional?: boolean } = {},
): Promise<z.infer<Schema>> {
  const text = await readBodyText(request, MAX_BODY_BYTES);
  let value: unknown;
  if (text.trim() === '') {
    if (!optional) throw new ApiError('bad_request', 'Request body must be a JSON object.');
    value = {};
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError('bad_request', 'Request body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('bad_request', describeIssues(parsed.error));
  return parsed.data;
}

/** One readable line per zod issue, prefixed with the field path. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * The body as text, refusing it as soon as it exceeds `maxBytes`. Route
 * handlers get no body size limit from Next, so `request.text()` would buffer
 * whatever a client sends (gigabytes, or a body that never ends) before any
 * check could run; reading chunk by chunk stops at the limit.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new ApiError('payload_too_large', `Request body must be at most ${maxBytes} bytes.`);
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
