/**
 * The editor's session lifecycle against the real sync server: token refresh
 * without a reconnect, refusal detection through the app, and deletion.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DeniedReason } from '@/components/editor/saved-state';
import { type CollaborationSession, SyncSession } from '@/components/editor/sync-session';
import type { TokenResult } from '@/components/editor/sync-token-client';
import { createDocument } from '@/lib/documents';
import { signAdminToken } from '@/lib/tokens';
import { syncFrame } from '../server/frames';
import { cleanup, onCleanup, SECRET, startServer, type TestServer } from '../server/helpers';
import { updateWithMissingDeletions } from '../server/updates';

afterEach(cleanup);

/** y-websocket's message type for awareness (the first byte of the frame). */
const MESSAGE_AWARENESS = 1;

function grant(server: TestServer, room: string, token: string, ttlSeconds: number): TokenResult {
  return {
    ok: true,
    access: {
      token,
      syncUrl: server.url,
      room,
      role: 'edit',
      expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString(),
      expiresIn: ttlSeconds,
    },
  };
}

function open(requestAccess: (signal: AbortSignal) => Promise<TokenResult>, timing = {}) {
  const events: { session: CollaborationSession | null; denied: DeniedReason | null } = { session: null, denied: null };
  const sync = new SyncSession({
    requestAccess,
    onSession: (session) => {
      events.session = session;
    },
    onDenied: (reason) => {
      events.denied = reason;
    },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    timing: { maxBackoffMs: 200, ...timing },
  });
  onCleanup(() => sync.destroy());
  sync.start();
  return { sync, events };
}

describe('SyncSession', () => {
  it("sends this tab's own awareness changes, never other people's back to the server", async () => {
    const server = await startServer();
    const { id } = createDocument(server.db, {});
    const { events } = open(async () => grant(server, id, await server.token(id, 'edit', 'Ada', 600), 600));
    await vi.waitFor(() => expect(events.session?.provider.synced).toBe(true));
    const { provider } = events.session!;
    const sent: number[] = [];
    const socket = provider.ws!;
    const send = socket.send.bind(socket);
    socket.send = ((data: Uint8Array) => {
      sent.push(data[0]!);
      send(data);
    }) as typeof socket.send;
    // Someone else's caret, applied as the provider applies what the server relays.
    const elsewhere = new Awareness(new Y.Doc());
    elsewhere.setLocalStateField('cursor', { anchor: 1, head: 1 });
    applyAwarenessUpdate(provider.awareness, encodeAwarenessUpdate(elsewhere, [elsewhere.clientID]), provider);
    expect(provider.awareness.getStates().has(elsewhere.clientID)).toBe(true);
    expect(sent.filter((type) => type === MESSAGE_AWARENESS)).toEqual([]);
    // This tab's own change still goes out.
    provider.awareness.setLocalStateField('cursor', { anchor: 2, head: 2 });
    expect(sent.filter((type) => type === MESSAGE_AWARENESS)).toEqual([MESSAGE_AWARENESS]);
    elsewhere.destroy();
  });

  it('refreshes the token before it expires without reconnecting, and reconnects later with the fresh one', async () => {
    const server = await startServer();
    const { id } = createDocument(server.db, {});
    const TTL = 3;
    const issued: string[] = [];
    const { events } = open(
      async () => {
        const token = await server.token(id, 'edit', 'Ada', TTL);
        issued.push(token);
        return grant(server, id, token, TTL);
      },
      { refreshMarginMs: 2_000, minRefreshDelayMs: 300 },
    );
    await vi.waitFor(() => expect(events.session?.provider.synced).toBe(true));
    const provider = events.session!.provider;
    const firstSocket = provider.ws;
    const statuses: string[] = [];
    provider.on('status', ({ status }) => statuses.push(status));

    await vi.waitFor(() => expect(issued.length).toBeGreaterThanOrEqual(3), { timeout: 5_000 });
    expect(provider.params.token).toBe(issued.at(-1));
    expect(provider.ws).toBe(firstSocket); // refreshed in place: same socket, no status change
    expect(statuses).toEqual([]);

    // Well past the first token's expiry, a reconnect must still be accepted.
    // Not a synchronisation sleep: the point is that the first token's lifetime has passed.
    await new Promise((resolve) => setTimeout(resolve, (TTL + 1) * 1000));
    provider.ws?.close();
    await vi.waitFor(() => expect(statuses).toContain('disconnected'));
    await vi.waitFor(() => expect(provider.synced).toBe(true), { timeout: 5_000 });
    expect(events.denied).toBeNull();
  }, 20_000);

  it('stops and reports the refusal when the upgrade fails and the app refuses a new token', async () => {
    const server = await startServer();
    const { id } = createDocument(server.db, {});
    const other = createDocument(server.db, {});
    let calls = 0;
    const { events } = open(async () => {
      calls++;
      // First a token for another room (the server answers 403), then the app itself refuses.
      if (calls === 1) return grant(server, id, await server.token(other.id), 600);
      return { ok: false, denied: 'revoked' };
    });
    await vi.waitFor(() => expect(events.denied).toBe('revoked'));
    expect(events.session?.provider.shouldConnect).toBe(false);
    const attempts = calls;
    await new Promise((resolve) => setTimeout(resolve, 600)); // several backoff periods: no more attempts
    expect(calls).toBe(attempts);
  });

  it('reports a deleted document (close code 4404) and does not reconnect', async () => {
    const server = await startServer();
    const { id } = createDocument(server.db, {});
    const { events } = open(async () => grant(server, id, await server.token(id), 600));
    await vi.waitFor(() => expect(events.session?.provider.synced).toBe(true));
    const response = await fetch(`${server.adminUrl}/admin/docs/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await signAdminToken(SECRET)}` },
    });
    expect(response.status).toBe(204);
    await vi.waitFor(() => expect(events.denied).toBe('deleted'));
    expect(events.session?.provider.shouldConnect).toBe(false);
  });

  it('reports a document moved to the trash (4411), keeps that reason although the app now refuses tokens', async () => {
    const server = await startServer();
    const { id } = createDocument(server.db, {});
    let trashed = false;
    const { events } = open(async () =>
      // Like the token route: a trashed document gets no token (it answers "not found").
      trashed ? { ok: false, denied: 'deleted' } : grant(server, id, await server.token(id), 600),
    );
    await vi.waitFor(() => expect(events.session?.provider.synced).toBe(true));
    trashed = true;
    const response = await fetch(`${server.adminUrl}/admin/docs/${id}/trashed`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await signAdminToken(SECRET)}` },
    });
    expect(response.status).toBe(204);
    await vi.waitFor(() => expect(events.denied).toBe('trashed'));
    expect(events.session?.provider.shouldConnect).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a late token answer would overwrite it
    expect(events.denied).toBe('trashed');
  });

  it.each([
    ['an update the document cannot take (4422)', 'refused', {}],
    ['a message the server cannot read (4400)', 'refused', {}],
    ['a document beyond the size bound (4413)', 'too-large', { maxDocumentBytes: 64 * 1024 }],
  ] as const)('stops on %s and reports it instead of reconnecting', async (name, reason, limits) => {
    const server = await startServer({ limits });
    const { id } = createDocument(server.db, {});
    let calls = 0;
    const { events } = open(async () => {
      calls++;
      return grant(server, id, await server.token(id), 600);
    });
    await vi.waitFor(() => expect(events.session?.provider.synced).toBe(true));
    const provider = events.session!.provider;
    const closes: number[] = [];
    provider.on('connection-close', (event) => {
      if (event) closes.push(event.code);
    });
    if (name.includes('4422')) provider.ws!.send(syncFrame('update', updateWithMissingDeletions()));
    else if (name.includes('4400')) provider.ws!.send(Uint8Array.of(0, 2, 0x80));
    else events.session!.doc.getText('body').insert(0, 'x'.repeat(80 * 1024));
    await vi.waitFor(() => expect(events.denied).toBe(reason));
    expect(provider.shouldConnect).toBe(false);
    const attempts = calls;
    await new Promise((resolve) => setTimeout(resolve, 600)); // several backoff periods: no reconnect
    expect(closes).toHaveLength(1);
    expect(calls).toBe(attempts);
  });
});
