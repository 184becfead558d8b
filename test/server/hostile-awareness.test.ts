/**
 * Findings 1 and 2 of the hostile-clients issue: one viewer's awareness frame
 * must cost the room in proportion to what is kept (one entry per client id,
 * states bounded), and presence must never make a new connection's first
 * message exceed the send bound.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../server/close-codes';
import { awarenessFrame, bigState } from './frames';
import { cleanup, connectClient, metric, rawClient, startServer } from './helpers';

afterEach(cleanup);

const slowConsumerCloses = (url: string) =>
  metric(url, 'tandem_sync_connections_closed_total', `{code="${CloseCode.slowConsumer}"}`);

describe('awareness from a hostile viewer', () => {
  it('relays one entry per client id with a bounded state: a repeated-id frame closes nobody', async () => {
    const t = await startServer();
    const watchers = [0, 1].map(async () => connectClient(t.url, 'amp', await t.token('amp')));
    const [a, b] = await Promise.all(watchers);
    await vi.waitFor(() => expect(a!.provider.synced && b!.provider.synced).toBe(true));
    const viewer = await rawClient(t.url, 'amp', await t.token('amp', 'view'));
    const id = 777_001;
    // 300 entries for its own id, the last carrying a 256 KB state (the report's was 1,500 and 1 MB).
    const entries = Array.from({ length: 300 }, (_, i) => ({ clientId: id, clock: i + 1, json: '{"n":1}' }));
    entries[entries.length - 1]!.json = bigState(256 * 1024);
    const sentBefore = await metric(t.url, 'tandem_sync_bytes_sent_total');
    viewer.send(awarenessFrame(entries));
    // Then a small state of its own: once the watchers see it, the big frame was handled.
    viewer.send(awarenessFrame([{ clientId: id, clock: 1000, json: '{"user":{"name":"marker"}}' }]));
    await vi.waitFor(() => expect(a!.provider.awareness.getStates().get(id)).toEqual({ user: { name: 'marker' } }));
    await vi.waitFor(() => expect(b!.provider.awareness.getStates().get(id)).toEqual({ user: { name: 'marker' } }));
    expect(await slowConsumerCloses(t.url)).toBe(0);
    expect(a!.provider.wsconnected && b!.provider.wsconnected).toBe(true);
    expect(viewer.closeCode).toBeNull();
    // The frame was not amplified: far less than one copy of the big state per watcher left the server.
    expect((await metric(t.url, 'tandem_sync_bytes_sent_total')) - sentBefore).toBeLessThan(64 * 1024);
    expect(await metric(t.url, 'tandem_sync_awareness_dropped_total', '{reason="state_too_large"}')).toBe(1);
  });

  it('keeps presence small enough that a new connection is never closed by its first messages', async () => {
    // 1 MiB frames: the send bound of the old server was 4 MiB, which five 900 KB states exceed.
    const t = await startServer({ maxMessageBytes: 1024 * 1024 });
    const viewers = await Promise.all(
      [1, 2, 3, 4, 5].map(async () => rawClient(t.url, 'heavy', await t.token('heavy', 'view'))),
    );
    viewers.forEach((viewer, i) => {
      viewer.send(awarenessFrame([{ clientId: 500 + i, clock: 1, json: bigState(900 * 1024, `v${i}`) }]));
      viewer.send(awarenessFrame([{ clientId: 600 + i, clock: 1, json: '{"user":{"name":"small"}}' }]));
    });
    const late = connectClient(t.url, 'heavy', await t.token('heavy'));
    await vi.waitFor(() => expect(late.provider.synced).toBe(true));
    // Every viewer's small state arrives; none of the big ones do.
    await vi.waitFor(() => {
      const states = late.provider.awareness.getStates();
      for (let i = 0; i < 5; i++) expect(states.get(600 + i)).toEqual({ user: { name: 'small' } });
    });
    for (let i = 0; i < 5; i++) expect(late.provider.awareness.getStates().has(500 + i)).toBe(false);
    expect(await slowConsumerCloses(t.url)).toBe(0);
    expect(late.provider.wsconnected).toBe(true);
  });
});

describe('awareness ownership (finding 9)', () => {
  it('lets a new socket with the same credential take over a half-open one’s id, and nobody else', async () => {
    const t = await startServer();
    const watcher = connectClient(t.url, 'own', await t.token('own'));
    await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
    const token = await t.token('own', 'edit', 'Ada');
    const id = 4242;
    const stale = await rawClient(t.url, 'own', token);
    stale.send(awarenessFrame([{ clientId: id, clock: 1, json: '{"user":{"name":"Ada"}}' }]));
    await vi.waitFor(() => expect(watcher.provider.awareness.getStates().get(id)).toEqual({ user: { name: 'Ada' } }));
    // The old socket is silent (half-open); the reconnected provider presents the same token and id.
    const fresh = await rawClient(t.url, 'own', token);
    fresh.send(awarenessFrame([{ clientId: id, clock: 2, json: '{"user":{"name":"Ada again"}}' }]));
    await vi.waitFor(() =>
      expect(watcher.provider.awareness.getStates().get(id)).toEqual({ user: { name: 'Ada again' } }),
    );
    // Another credential cannot, live or after Ada left.
    const mallory = await rawClient(t.url, 'own', await t.token('own', 'view', 'Mallory'));
    mallory.send(awarenessFrame([{ clientId: id, clock: 3, json: '{"user":{"name":"Mallory"}}' }]));
    // The half-open socket finally goes: the id is no longer its to remove.
    stale.ws.terminate();
    fresh.send(awarenessFrame([{ clientId: id, clock: 4, json: '{"user":{"name":"marker"}}' }]));
    await vi.waitFor(() =>
      expect(watcher.provider.awareness.getStates().get(id)).toEqual({ user: { name: 'marker' } }),
    );
    fresh.ws.close();
    await vi.waitFor(() => expect(watcher.provider.awareness.getStates().has(id)).toBe(false));
    mallory.send(awarenessFrame([{ clientId: id, clock: 10, json: '{"user":{"name":"Mallory"}}' }]));
    mallory.send(awarenessFrame([{ clientId: 31337, clock: 1, json: '{"user":{"name":"own id"}}' }]));
    await vi.waitFor(() => expect(watcher.provider.awareness.getStates().has(31337)).toBe(true));
    expect(watcher.provider.awareness.getStates().has(id)).toBe(false);
  });
});

describe('awareness takeover after a half-open drop (finding 9)', () => {
  it('a reconnect with a refreshed token takes the id over; the stale socket can no longer speak for it', async () => {
    const t = await startServer();
    const watcher = connectClient(t.url, 'takeover', await t.token('takeover'));
    await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
    const id = 5151;
    // The first token, then a refreshed one (the editor renews its token before expiry): not the same string.
    const first = await t.token('takeover', 'edit', 'Ada', 600);
    const refreshed = await t.token('takeover', 'edit', 'Ada', 900);
    expect(refreshed).not.toBe(first);
    const stale = await rawClient(t.url, 'takeover', first);
    stale.send(awarenessFrame([{ clientId: id, clock: 1, json: '{"user":{"name":"Ada"}}' }]));
    await vi.waitFor(() => expect(watcher.provider.awareness.getStates().get(id)).toEqual({ user: { name: 'Ada' } }));
    // The old socket is half-open (it never closed); the reconnected provider presents the same id.
    const fresh = await rawClient(t.url, 'takeover', refreshed);
    fresh.send(awarenessFrame([{ clientId: id, clock: 2, json: '{"user":{"name":"Ada back"}}' }]));
    await vi.waitFor(() =>
      expect(watcher.provider.awareness.getStates().get(id)).toEqual({ user: { name: 'Ada back' } }),
    );
    // The stale socket wakes up: what it says for the id is ignored (no ping-pong of ownership), removals too.
    stale.send(awarenessFrame([{ clientId: id, clock: 3, json: '{"user":{"name":"stale"}}' }]));
    stale.send(awarenessFrame([{ clientId: id, clock: 4, json: 'null' }]));
    fresh.send(awarenessFrame([{ clientId: id, clock: 5, json: '{"user":{"name":"marker"}}' }]));
    await vi.waitFor(() =>
      expect(watcher.provider.awareness.getStates().get(id)).toEqual({ user: { name: 'marker' } }),
    );
    stale.send(awarenessFrame([{ clientId: id, clock: 6, json: '{"user":{"name":"stale again"}}' }]));
    // The stale socket closing does not remove the cursor it no longer owns.
    stale.ws.close();
    await vi.waitFor(() => expect(stale.closeCode).not.toBeNull());
    fresh.send(awarenessFrame([{ clientId: 9191, clock: 1, json: '{"user":{"name":"second marker"}}' }]));
    await vi.waitFor(() => expect(watcher.provider.awareness.getStates().has(9191)).toBe(true));
    expect(watcher.provider.awareness.getStates().get(id)).toEqual({ user: { name: 'marker' } });
    expect(await metric(t.url, 'tandem_sync_awareness_dropped_total', '{reason="taken_over"}')).toBeGreaterThan(0);
  });

  it('a viewer’s token for the same document cannot take over an editor’s id', async () => {
    const t = await startServer();
    const watcher = connectClient(t.url, 'nohijack', await t.token('nohijack'));
    await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
    const editor = await rawClient(t.url, 'nohijack', await t.token('nohijack', 'edit', 'Ada'));
    editor.send(awarenessFrame([{ clientId: 77, clock: 1, json: '{"user":{"name":"Ada"}}' }]));
    await vi.waitFor(() => expect(watcher.provider.awareness.getStates().has(77)).toBe(true));
    const viewer = await rawClient(t.url, 'nohijack', await t.token('nohijack', 'view', 'Ada'));
    viewer.send(awarenessFrame([{ clientId: 77, clock: 2, json: '{"user":{"name":"not Ada"}}' }]));
    viewer.send(awarenessFrame([{ clientId: 78, clock: 1, json: '{"user":{"name":"marker"}}' }]));
    await vi.waitFor(() => expect(watcher.provider.awareness.getStates().has(78)).toBe(true));
    expect(watcher.provider.awareness.getStates().get(77)).toEqual({ user: { name: 'Ada' } });
  });
});
