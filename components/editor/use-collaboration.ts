'use client';

import { useEffect, useRef, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Role } from '@/lib/tokens';
import type { DeniedReason } from './saved-state';
import { requestSyncAccess, type TokenResult } from './sync-token-client';

/** One live connection to a document: created and destroyed with the component. */
export interface CollaborationSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  role: Role;
}

/** Close codes after which reconnecting cannot help (mirror the sync server's server/close-codes.ts). */
const TERMINAL_CLOSE_CODES: ReadonlyMap<number, DeniedReason> = new Map([
  [4401, 'expired'],
  [4403, 'revoked'],
  [4404, 'deleted'],
]);

/** Refresh this long before the token expires, so a reconnect never presents an expired one. */
const REFRESH_MARGIN_MS = 60_000;
const RETRY_DELAY_MS = 5_000;
/** After a failed connection we ask the app whether we are still allowed in; at most this often. */
const REVALIDATE_INTERVAL_MS = 10_000;

/**
 * Fetches a sync token from `tokenPath`, opens a Y.Doc + WebsocketProvider on
 * the room it names and keeps the token fresh. Everything is created inside an
 * effect and destroyed in its cleanup, so StrictMode's mount-unmount-mount
 * leaves exactly one socket.
 *
 * Refusals: the sync server refuses bad tokens at the HTTP upgrade, which a
 * browser only sees as a failed connection (no status code). So after a failed
 * connection we ask the app for a new token; if the app refuses too (the
 * document was deleted, the access key cookie is gone), we stop instead of
 * reconnecting forever. A fresh token also recovers from an expired one, e.g.
 * after the laptop slept through its expiry.
 */
export function useCollaboration(
  tokenPath: string,
  /** The display name for the token; `null` until known, and nothing starts before it is. */
  name: string | null,
): { session: CollaborationSession | null; denied: DeniedReason | null } {
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const [denied, setDenied] = useState<DeniedReason | null>(null);
  // The name only matters for the next token; renaming must not tear the session down.
  const nameRef = useRef(name ?? '');
  nameRef.current = name ?? '';
  const ready = name !== null;

  useEffect(() => {
    if (!ready) return;
    const abort = new AbortController();
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let current: CollaborationSession | null = null;
    let lastRevalidation = 0;

    const later = (delay: number, run: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, delay);
      timers.add(timer);
    };

    const fetchToken = async (): Promise<TokenResult | null> => {
      try {
        return await requestSyncAccess(tokenPath, nameRef.current, abort.signal);
      } catch {
        return null; // aborted: the component is gone
      }
    };

    const deny = (reason: DeniedReason) => {
      current?.provider.disconnect();
      setDenied(reason);
    };

    /** Swaps the token used by the *next* connection attempt; the open socket is left alone. */
    const applyToken = (result: TokenResult | null): boolean => {
      if (result === null) return false;
      if (!result.ok) {
        if (result.denied !== null) deny(result.denied);
        return false;
      }
      if (current) current.provider.params = { ...current.provider.params, token: result.access.token };
      scheduleRefresh(result.access.expiresAt);
      return true;
    };

    const refresh = async () => {
      const result = await fetchToken();
      if (result === null) return;
      if (result.ok || result.denied !== null) applyToken(result);
      else later(RETRY_DELAY_MS, refresh); // app unreachable: the current token is still valid for a while
    };

    // One pending refresh at a time: a revalidation that got a new token reschedules it.
    let refreshTimer: ReturnType<typeof setTimeout> | undefined;
    const scheduleRefresh = (expiresAt: string) => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(refresh, Math.max(5_000, Date.parse(expiresAt) - Date.now() - REFRESH_MARGIN_MS));
    };

    const revalidate = async () => {
      const now = Date.now();
      if (now - lastRevalidation < REVALIDATE_INTERVAL_MS) return;
      lastRevalidation = now;
      applyToken(await fetchToken());
    };

    const start = async () => {
      const result = await fetchToken();
      if (result === null) return;
      if (!result.ok) {
        if (result.denied !== null) setDenied(result.denied);
        else later(RETRY_DELAY_MS, start); // the app is unreachable: keep trying quietly
        return;
      }
      const { access } = result;
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(access.syncUrl, access.room, doc, {
        params: { token: access.token, ack: '1' },
        // Every change goes through the server, so "saved" means persisted and
        // a view tab never receives edits from an edit tab behind the server's back.
        disableBc: true,
        maxBackoffTime: 5_000,
        // y-websocket's default treats every 44xx code as final, which would also
        // stop us after a heartbeat timeout (4408) or a rate limit (4429).
        shouldReconnect: (event) => !TERMINAL_CLOSE_CODES.has(event.code),
      });
      provider.on('closed', (event) => setDenied(TERMINAL_CLOSE_CODES.get(event.code) ?? 'revoked'));
      provider.on('connection-close', (event) => {
        if (event !== null) void revalidate();
      });
      current = { doc, provider, role: access.role };
      setSession(current);
      scheduleRefresh(access.expiresAt);
    };

    void start();
    return () => {
      abort.abort();
      for (const timer of timers) clearTimeout(timer);
      clearTimeout(refreshTimer);
      if (current) {
        current.provider.destroy();
        current.doc.destroy();
      }
      setSession(null);
      setDenied(null);
    };
  }, [tokenPath, ready]);

  return { session, denied };
}
