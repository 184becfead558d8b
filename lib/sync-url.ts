/**
 * Where the browser reaches the sync server. Behind a reverse proxy the public
 * address differs from anything the app can infer, so `PUBLIC_SYNC_URL` wins;
 * otherwise the sync server is assumed to listen on the same host as the page,
 * on `SYNC_PORT`, with `wss:` whenever the page itself was served over https
 * (browsers block `ws:` from an https page as mixed content).
 */
export const DEFAULT_SYNC_PORT = 1234;

export interface SyncUrlRequest {
  /** The request URL as the app saw it (`request.url`). */
  url: string;
  headers: Pick<Headers, 'get'>;
}

/** Reads `PUBLIC_SYNC_URL` and `SYNC_PORT`; `process.env` by default. */
export type SyncUrlEnv = Readonly<Record<string, string | undefined>>;

export function syncUrlFor(request: SyncUrlRequest, env: SyncUrlEnv = process.env): string {
  const configured = env.PUBLIC_SYNC_URL?.trim();
  if (configured) return configured.replace(/\/+$/, '');

  const requestUrl = new URL(request.url);
  const secure = forwardedProto(request.headers) === 'https' || requestUrl.protocol === 'https:';
  const host = publicHostname(request.headers) ?? requestUrl.hostname;
  return `${secure ? 'wss' : 'ws'}://${host}:${syncPort(env)}`;
}

function syncPort(env: SyncUrlEnv): number {
  const port = Number(env.SYNC_PORT);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_SYNC_PORT;
}

/** First value of `x-forwarded-proto` (proxies may append a list). */
function forwardedProto(headers: Pick<Headers, 'get'>): string | undefined {
  return headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
}

/**
 * The hostname the browser used, without its port: `x-forwarded-host` first
 * (set by proxies), then `host`. Anything that does not look like a hostname or
 * an IP literal is ignored, so a forged header cannot inject a path or scheme.
 */
function publicHostname(headers: Pick<Headers, 'get'>): string | undefined {
  const raw = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host')?.trim();
  if (!raw) return undefined;
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d+)?$/.exec(raw);
  return match?.[1];
}
