import { toErrorResponse } from '../api-errors';

/** Wraps a route handler so anything it throws becomes the JSON error response (lib/api-errors.ts). */
export function handle<Context = unknown>(
  handler: (request: Request, context: Context) => Promise<Response>,
): (request: Request, context?: Context) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, context as Context);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** Dynamic route params, as Next passes them. */
export interface Params<Keys extends string> {
  params: Promise<Record<Keys, string>>;
}
