/**
 * Token refresh is scheduled from the lifetime the app sends (`expiresIn`),
 * never from the client's clock: a laptop whose clock runs 14 minutes fast
 * used to see a 15-minute token as almost expired and refresh every 5 s forever.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SyncSession } from '@/components/editor/sync-session';
import type { TokenResult } from '@/components/editor/sync-token-client';

/** A WebSocket that never opens: this test is about the refresh schedule, not the connection. */
class SilentSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = 0;
  binaryType = 'arraybuffer';
  onopen: unknown = null;
  onclose: unknown = null;
  onerror: unknown = null;
  onmessage: unknown = null;
  send(): void {}
  close(): void {}
}

afterEach(() => {
  vi.useRealTimers();
});

describe('token refresh', () => {
  it('follows the lifetime the app sent even when the client clock is 14 minutes fast', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const serverNow = Date.now();
    let requests = 0;
    const requestAccess = async (): Promise<TokenResult> => {
      requests++;
      return {
        ok: true,
        access: {
          token: `t${requests}`,
          syncUrl: 'ws://127.0.0.1:9',
          room: 'room',
          role: 'edit',
          // Absolute expiry by the server's clock, as before, plus the lifetime.
          expiresAt: new Date(serverNow + 15 * 60_000).toISOString(),
          expiresIn: 15 * 60,
        },
      };
    };
    vi.setSystemTime(serverNow + 14 * 60_000); // this client's clock is 14 minutes ahead
    const sync = new SyncSession({
      requestAccess,
      onSession: () => {},
      onDenied: () => {},
      WebSocketPolyfill: SilentSocket as unknown as typeof WebSocket,
    });
    sync.start();
    await vi.waitFor(() => expect(sync.session).not.toBeNull());
    expect(requests).toBe(1);

    // Ten minutes on: a token that lives 15 needs no refresh yet.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(requests).toBe(1);
    // By its fourteenth minute (a minute before it runs out) it has been refreshed, once.
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(requests).toBe(2);
    sync.destroy();
  });
});
