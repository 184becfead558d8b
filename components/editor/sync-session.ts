import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeAuthRenew } from '@/lib/sync-auth';
import type { Role } from '@/lib/tokens';
import { ConnectionTracker } from './connection-tracker';
import type { DeniedReason } from './saved-state';
import type { TokenResult } from './sync-token-client';

/** One live connection to a document. */
export interface CollaborationSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  role: Role;
  /** Created with the provider, before it connects, so no acknowledgement can arrive unhandled. */
  tracker: ConnectionTracker;
}

/**
 * Close codes after which reconnecting cannot help (`server/close-codes.ts`,
 * PROTOCOL.md). Reconnecting after 4400/4422 used to resend the refused update
 * forever, the indicator flipping between Saving and Offline; now the session
 * stops and the person is told. Every other code (1001, 1003, 1006, 1013,
 * 4500, 4503) is transient: back off, reconnect, resync.
 */
export const TERMINAL_CLOSE_CODES: ReadonlyMap<number, DeniedReason> = new Map([
  [4400, 'refused'], // badMessage: this tab sent something the server cannot read
  [4403, 'revoked'], // accessRevoked: removed from the document
  [4404, 'deleted'], // documentDeleted
  [4410, 'link-reset'], // linkReset: came through a link that was reset or turned off
  [4411, 'trashed'], // documentTrashed: moved to the trash while open
  [4413, 'too-large'], // documentTooLarge: beyond the server's document size bound
  [4422, 'refused'], // updateRefused: an update the document cannot take
]);

/** accessChanged: the role changed; reopen with a token for the new role (server/close-codes.ts). */
export const ACCESS_CHANGED_CLOSE_CODE = 4409;

export interface SyncSessionTiming {
  /** Refresh this long before the token expires, so a reconnect never presents an expired one. */
  refreshMarginMs: number;
  /** Never refresh more often than this, whatever the expiry says. */
  minRefreshDelayMs: number;
  /** Wait between attempts while the app itself is unreachable. */
  retryDelayMs: number;
  /** After a failed connection we ask the app whether we are still allowed in; at most this often. */
  revalidateIntervalMs: number;
  /** Upper bound of y-websocket's reconnect backoff. */
  maxBackoffMs: number;
}

const DEFAULT_TIMING: SyncSessionTiming = {
  refreshMarginMs: 60_000,
  minRefreshDelayMs: 5_000,
  retryDelayMs: 5_000,
  revalidateIntervalMs: 10_000,
  maxBackoffMs: 5_000,
};

export interface SyncSessionOptions {
  /** Asks the app for a token (throws only when aborted). */
  requestAccess: (signal: AbortSignal) => Promise<TokenResult>;
  onSession: (session: CollaborationSession) => void;
  onDenied: (reason: DeniedReason) => void;
  /** `ws` in Node tests; the browser's WebSocket otherwise. */
  WebSocketPolyfill?: typeof WebSocket;
  timing?: Partial<SyncSessionTiming>;
}

/**
 * Gets a sync token, opens a Y.Doc + WebsocketProvider on the room it names,
 * and keeps the token fresh: a new one is put into `provider.params` before
 * the old one expires, so the next reconnect presents it and the open socket
 * is left alone (no visible reconnect).
 *
 * Refusals: the sync server refuses bad tokens at the HTTP upgrade, which a
 * browser only sees as a failed connection (no status code). So after a failed
 * connection we ask the app for a new token; if the app refuses too (the
 * document was deleted, the access key cookie is gone), we stop instead of
 * reconnecting forever. A fresh token also recovers from an expired one, e.g.
 * after a laptop slept through its expiry.
 */
export class SyncSession {
  private readonly abort = new AbortController();
  private readonly timing: SyncSessionTiming;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRevalidation = 0;
  private current: CollaborationSession | null = null;
  private destroyed = false;

  constructor(private readonly options: SyncSessionOptions) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  get session(): CollaborationSession | null {
    return this.current;
  }

  start(): void {
    void this.open();
  }

  destroy(): void {
    this.destroyed = true;
    this.abort.abort();
    for (const timer of this.timers) clearTimeout(timer);
    clearTimeout(this.refreshTimer);
    if (this.current) {
      this.current.tracker.destroy();
      this.current.provider.destroy();
      this.current.doc.destroy();
    }
  }

  private later(delay: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delay);
    this.timers.add(timer);
  }

  /** null when destroyed meanwhile: nothing may happen after that. */
  private async fetchToken(): Promise<TokenResult | null> {
    try {
      const result = await this.options.requestAccess(this.abort.signal);
      return this.destroyed ? null : result;
    } catch {
      return null; // aborted
    }
  }

  private async open(): Promise<void> {
    const result = await this.fetchToken();
    if (result === null) return;
    if (!result.ok) {
      if (result.denied !== null) this.options.onDenied(result.denied);
      else this.later(this.timing.retryDelayMs, () => void this.open()); // app unreachable: keep trying quietly
      return;
    }
    const { access } = result;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(access.syncUrl, access.room, doc, {
      connect: false,
      params: { token: access.token, ack: '1' },
      // Every change goes through the server, so "saved" means persisted and a
      // view tab never receives edits from an edit tab behind the server's back.
      disableBc: true,
      maxBackoffTime: this.timing.maxBackoffMs,
      // Final only for the codes above (y-websocket's default would be every 44xx).
      shouldReconnect: (event) => !TERMINAL_CLOSE_CODES.has(event.code) && event.code !== ACCESS_CHANGED_CLOSE_CODE,
      ...(this.options.WebSocketPolyfill ? { WebSocketPolyfill: this.options.WebSocketPolyfill } : {}),
    });
    sendOwnAwarenessOnly(provider);
    provider.on('closed', (event) => {
      if (event.code === ACCESS_CHANGED_CLOSE_CODE) this.reopen();
      else this.options.onDenied(TERMINAL_CLOSE_CODES.get(event.code) ?? 'revoked');
    });
    provider.on('connection-close', (event) => {
      // After a final code (e.g. 4411 trashed) there is nothing to ask the app (its answer, "not found", would only blur the reason).
      if (event === null || event.code === ACCESS_CHANGED_CLOSE_CODE || TERMINAL_CLOSE_CODES.has(event.code)) return;
      void this.revalidate();
    });
    this.current = {
      doc,
      provider,
      role: access.role,
      tracker: new ConnectionTracker(doc, provider, access.role === 'view'),
    };
    provider.connect();
    this.options.onSession(this.current);
    this.scheduleRefresh(access.expiresIn);
  }

  /**
   * The person's role changed while connected (4409): a new session with a
   * token for the new role (a downgraded editor's unsent changes could not be
   * stored anyway; an upgraded viewer loses nothing).
   */
  private reopen(): void {
    if (this.destroyed) return;
    const old = this.current;
    this.current = null;
    if (old) {
      old.tracker.destroy();
      old.provider.destroy();
      old.doc.destroy();
    }
    void this.open();
  }

  private deny(reason: DeniedReason): void {
    this.current?.provider.disconnect();
    this.options.onDenied(reason);
  }

  /** Puts a fresh token where the next connection attempt will read it. */
  private apply(result: TokenResult): void {
    if (!result.ok) {
      if (result.denied !== null) this.deny(result.denied);
      return;
    }
    // The role changed while we were away (the app now grants another room or role): start over with it.
    if (
      this.current &&
      (this.current.role !== result.access.role || this.current.provider.roomname !== result.access.room)
    ) {
      this.reopen();
      return;
    }
    if (this.current) {
      const { provider } = this.current;
      provider.params = { ...provider.params, token: result.access.token };
      // The open socket gets it too, so the server does not close it when the old token expires.
      if (provider.ws?.readyState === 1) provider.ws.send(encodeAuthRenew(result.access.token));
    }
    this.scheduleRefresh(result.access.expiresIn);
  }

  /**
   * One pending refresh at a time: a revalidation that got a new token
   * reschedules it. Timed from the token's lifetime as the app stated it when
   * it answered, so this client's clock (which may be minutes off) plays no part.
   */
  private scheduleRefresh(expiresInSeconds: number): void {
    clearTimeout(this.refreshTimer);
    const delay = Math.max(this.timing.minRefreshDelayMs, expiresInSeconds * 1000 - this.timing.refreshMarginMs);
    this.refreshTimer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const result = await this.fetchToken();
    if (result === null) return;
    if (result.ok || result.denied !== null) this.apply(result);
    // The app is unreachable; the current token is still valid for a while.
    else this.later(this.timing.retryDelayMs, () => void this.refresh());
  }

  private async revalidate(): Promise<void> {
    const now = Date.now();
    if (now - this.lastRevalidation < this.timing.revalidateIntervalMs) return;
    this.lastRevalidation = now;
    const result = await this.fetchToken();
    if (result !== null) this.apply(result);
  }
}

/**
 * y-websocket sends every awareness change, other people's included (a relay
 * meant for BroadcastChannel, which is off here): each remote caret move,
 * one per keystroke of theirs, went straight back to the server, which parses
 * and drops it (a client may only speak for its own awareness entries,
 * server/awareness-relay.ts). Only changes this tab made are sent; those the
 * provider applied from the server (origin: the provider) are not.
 */
function sendOwnAwarenessOnly(provider: WebsocketProvider): void {
  const { awareness } = provider;
  const send = provider._awarenessUpdateHandler;
  awareness.off('update', send);
  awareness.on('update', (changes: Parameters<typeof send>[0], origin: unknown) => {
    if (origin !== provider) send(changes, origin);
  });
}
