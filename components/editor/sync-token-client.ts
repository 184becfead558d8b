import type { SyncAccess } from '@/lib/sync-access';
import type { DeniedReason } from './saved-state';

/** The outcome of asking the app for a sync token. */
export type TokenResult =
  | { ok: true; access: SyncAccess }
  | { ok: false; denied: DeniedReason }
  /** The app could not be reached or failed; worth retrying later. */
  | { ok: false; denied: null };

/** How the app's refusals read to a person. 404: the document is gone; 401/403: access was withdrawn. */
export function deniedReasonForStatus(status: number): DeniedReason | null {
  if (status === 404) return 'deleted';
  if (status === 401) return 'expired';
  if (status === 403) return 'revoked';
  return null;
}

function isSyncAccess(value: unknown): value is SyncAccess {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.token === 'string' &&
    typeof record.syncUrl === 'string' &&
    typeof record.room === 'string' &&
    (record.role === 'edit' || record.role === 'view') &&
    typeof record.expiresIn === 'number' &&
    Number.isFinite(record.expiresIn)
  );
}

/** `POST <tokenPath>` with the display name. Never throws except for an abort. */
export async function requestSyncAccess(tokenPath: string, name: string, signal: AbortSignal): Promise<TokenResult> {
  let response: Response;
  try {
    response = await fetch(tokenPath, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name }),
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, denied: null }; // network failure: the app is unreachable, not refusing
  }
  if (!response.ok) return { ok: false, denied: deniedReasonForStatus(response.status) };
  const body: unknown = await response.json().catch(() => null);
  return isSyncAccess(body) ? { ok: true, access: body } : { ok: false, denied: null };
}
