/**
 * The saved indicator against the real sync server: a stock WebsocketProvider
 * with `ack=1`, exactly as the editor page connects, and the tracker that
 * turns the server's persisted-state acknowledgements into `data-state`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { ConnectionTracker } from '@/components/editor/connection-tracker';
import { createDocument } from '@/lib/documents';
import { cleanup, connectClient, startServer } from '../server/helpers';

afterEach(cleanup);

function track(client: { doc: Y.Doc; provider: ConstructorParameters<typeof ConnectionTracker>[1] }) {
  const tracker = new ConnectionTracker(client.doc, client.provider);
  return tracker;
}

describe('ConnectionTracker', () => {
  it('goes connecting → saved, saving while an edit is unacknowledged, saved once it is persisted', async () => {
    const server = await startServer();
    const { id } = createDocument(server.db, {});
    const client = connectClient(server.url, id, await server.token(id, 'edit', 'Ada'), { ack: '1' });
    const tracker = track(client);
    expect(tracker.getSnapshot().state).toBe('connecting');
    await vi.waitFor(() => expect(tracker.getSnapshot().state).toBe('saved'));

    const seen = new Set<string>();
    tracker.subscribe(() => seen.add(tracker.getSnapshot().state));
    client.doc.getText('title').insert(0, 'Hello');
    // The edit is local until the server's acknowledgement covers it.
    expect(tracker.getSnapshot()).toMatchObject({ state: 'saving', unsaved: true });
    await vi.waitFor(() => expect(tracker.getSnapshot()).toMatchObject({ state: 'saved', unsaved: false }));
    expect(seen).toEqual(new Set(['saving', 'saved']));

    // And the acknowledgement told the truth: a fresh client loads the edit from storage.
    const other = connectClient(server.url, id, await server.token(id), {});
    await vi.waitFor(() => expect(other.doc.getText('title').toString()).toBe('Hello'));
    tracker.destroy();
  });

  it('reports offline with a start time when the server goes away, keeps edits unsaved, and saves them after a restart', async () => {
    const server = await startServer();
    const { id } = createDocument(server.db, {});
    const token = await server.token(id);
    const client = connectClient(server.url, id, token, { ack: '1' });
    const tracker = track(client);
    await vi.waitFor(() => expect(tracker.getSnapshot().state).toBe('saved'));

    await server.stop();
    await vi.waitFor(() => expect(tracker.getSnapshot().state).toBe('offline'));
    expect(tracker.getSnapshot().offlineSince).toBeTypeOf('number');
    client.doc.getText('title').insert(0, 'offline edit');
    expect(tracker.getSnapshot()).toMatchObject({ state: 'offline', unsaved: true });

    // Same data, new port (the helper binds port 0): point the provider at it, as a restart would.
    const restarted = await startServer({ dataDir: server.dataDir });
    client.provider.serverUrl = restarted.url;
    await vi.waitFor(() => expect(tracker.getSnapshot()).toMatchObject({ state: 'saved', unsaved: false }), {
      timeout: 10_000,
    });
    tracker.destroy();
  });

  it('does not wait for acknowledgements of changes it only received', async () => {
    const server = await startServer();
    const { id } = createDocument(server.db, {});
    const writer = connectClient(server.url, id, await server.token(id), {});
    const reader = connectClient(server.url, id, await server.token(id, 'edit'), { ack: '1' });
    const tracker = track(reader);
    await vi.waitFor(() => expect(tracker.getSnapshot().state).toBe('saved'));
    writer.doc.getText('title').insert(0, 'from someone else');
    await vi.waitFor(() => expect(reader.doc.getText('title').toString()).toBe('from someone else'));
    expect(tracker.getSnapshot()).toMatchObject({ state: 'saved', unsaved: false });
    tracker.destroy();
  });

  it('never holds a view connection at "saving": the server drops its updates by design', async () => {
    const server = await startServer();
    const { viewId } = createDocument(server.db, {});
    const viewer = connectClient(server.url, viewId, await server.token(viewId, 'view'), { ack: '1' });
    const tracker = new ConnectionTracker(viewer.doc, viewer.provider, true);
    await vi.waitFor(() => expect(tracker.getSnapshot().state).toBe('saved'));
    viewer.doc.getText('title').insert(0, 'a local fix-up');
    expect(tracker.getSnapshot()).toMatchObject({ state: 'saved', unsaved: false });
    tracker.destroy();
  });
});
