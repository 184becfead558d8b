/**
 * The one error type route handlers throw. Its code decides the HTTP status, so
 * handlers never pick numbers by hand and clients can switch on `error.code`.
 * Anything that is not an ApiError is logged and answered as a bare 500: internal
 * messages (SQL, file paths) never reach the client.
 */
export type ApiErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'sync_unavailable'
  | 'internal';

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  sync_unavailable: 503,
  internal: 500,
};

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = STATUS[code];
  }
}

/** API answers must never be cached: they reflect live, possibly access-protected state. */
export const NO_STORE_HEADERS = { 'Cache-Control': 'no-store' } as const;

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

export function errorResponse(code: ApiErrorCode, message: string): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status: STATUS[code], headers: NO_STORE_HEADERS });
}

/** Turns anything thrown by a handler into a JSON error response. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return errorResponse(error.code, error.message);
  console.error('[api] unexpected error', error);
  return errorResponse('internal', 'Something went wrong on the server.');
}

/** JSON success response that is never cached. */
export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE_HEADERS });
}
