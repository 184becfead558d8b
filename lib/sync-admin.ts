/**
 * The web app's client for the sync server's admin API (server/admin.ts).
 * Route handlers call it to delete a document everywhere or to rename it so
 * open editors see the new title at once.
 */
import { dataDir } from './data-dir';
import { loadOrCreateSecret } from './secret';
import { signAdminToken } from './tokens';

/** The sync server could not be reached (not running, wrong SYNC_INTERNAL_URL). */
export class SyncServerUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SyncServerUnavailableError';
  }
}

/** The sync server answered with an error status. */
export class SyncServerRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SyncServerRequestError';
  }
}

export function syncInternalUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SYNC_INTERNAL_URL) return env.SYNC_INTERNAL_URL.replace(/\/+$/, '');
  // The sync server's admin listener (SYNC_ADMIN_PORT, loopback by default), not its public port.
  return `http://127.0.0.1:${env.SYNC_ADMIN_PORT || '1235'}`;
}

/** Closes the document's connections (4404), deletes its stored state and tombstones it; idempotent. */
export async function deleteDocumentOnSyncServer(id: string): Promise<void> {
  await adminRequest('DELETE', `/admin/docs/${encodeURIComponent(id)}`);
}

/**
 * The document went to the trash: its open connections close at once (4411,
 * "moved to the trash") and new ones are refused until it is restored.
 */
export async function closeTrashedDocumentOnSyncServer(id: string): Promise<void> {
  await adminRequest('PUT', `/admin/docs/${encodeURIComponent(id)}/trashed`);
}

/** The document left the trash: the sync server accepts its connections again. */
export async function restoreDocumentOnSyncServer(id: string): Promise<void> {
  await adminRequest('DELETE', `/admin/docs/${encodeURIComponent(id)}/trashed`);
}

/** Sets the live title (broadcast to open editors and persisted like any edit). */
export async function setTitleOnSyncServer(id: string, title: string): Promise<void> {
  await adminRequest('PUT', `/admin/docs/${encodeURIComponent(id)}/title`, { title });
}

async function adminRequest(method: 'DELETE' | 'PUT' | 'POST', path: string, body?: unknown): Promise<void> {
  const token = await signAdminToken(loadOrCreateSecret(dataDir()), 60);
  let response: Response;
  try {
    response = await fetch(`${syncInternalUrl()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new SyncServerUnavailableError(`sync server unreachable at ${syncInternalUrl()}`, { cause: error });
  }
  if (response.ok) return;
  let code = 'unknown';
  let message = `sync server answered ${response.status}`;
  try {
    const parsed = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === 'string') code = parsed.error.code;
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // Not JSON (e.g. a proxy's error page): keep the status-based message.
  }
  throw new SyncServerRequestError(response.status, code, message);
}

/**
 * Tells the sync server that who may open the document changed (a role, a
 * removal, general access, a reset link, a new owner): it re-checks every open
 * connection on it at once, in every process. The permission rows are already
 * written; if the sync server cannot be told now, open connections still lose
 * what they lost when their token comes up for renewal (at most
 * SYNC_TOKEN_TTL_SECONDS), so the caller logs and carries on.
 */
export async function accessChangedOnSyncServer(id: string): Promise<void> {
  await adminRequest('POST', `/admin/docs/${encodeURIComponent(id)}/access`);
}
