import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { readTitle, writeTitle } from '../../lib/doc-model';
import { createDocument, getDocument } from '../../lib/documents';
import { defaultLimits } from '../../server/limits';
import {
  type AwarenessEntry,
  decodeSaved,
  encodeAwarenessEntries,
  messageAuth,
  messageAwareness,
  messageSaved,
  messageSync,
  stateVectorCovers,
} from '../../server/protocol';
import { cleanup, connectClient, onCleanup, rawClient, startServer, storedUpdate, text } from './helpers';

afterEach(cleanup);

describe('sync with stock WebsocketProvider clients', () => {
  it('converges two clients and serves a late joiner the full document', async () => {
    const t = await startServer();
    const a = connectClient(t.url, 'doc1', await t.token('doc1'));
    const b = connectClient(t.url, 'doc1', await t.token('doc1'));
    await vi.waitFor(() => expect(a.provider.synced && b.provider.synced).toBe(true));
    a.doc.getText('body').insert(0, 'hello ');
    b.doc.getText('body').insert(0, 'world ');
    await vi.waitFor(() => {
      expect(text(a)).toHaveLength(12);
      expect(text(a)).toBe(text(b));
    });
    const late = connectClient(t.url, 'doc1', await t.token('doc1'));
    await vi.waitFor(() => expect(text(late)).toBe(text(a)));
  });

  it('keeps the document across a restart (stored, not only in memory)', async () => {
    const first = await startServer();
    const a = connectClient(first.url, 'kept', await first.token('kept'));
    a.doc.getText('body').insert(0, 'durable');
    await vi.waitFor(() => expect(first.storage.logLength('kept')).toBeGreaterThan(0));
    a.destroy();
    await first.stop();
    const second = await startServer({ dataDir: first.dataDir });
    const b = connectClient(second.url, 'kept', await second.token('kept'));
    await vi.waitFor(() => expect(text(b)).toBe('durable'));
  });

  it('shares awareness and removes a client’s state when its socket closes', async () => {
    const t = await startServer();
    const a = connectClient(t.url, 'aw', await t.token('aw'));
    const b = connectClient(t.url, 'aw', await t.token('aw'));
    a.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    const aId = a.doc.clientID;
    await vi.waitFor(() => expect(b.provider.awareness.getStates().get(aId)).toEqual({ user: { name: 'Ada' } }));
    // Close the socket abruptly (no awareness goodbye from the client): the server must clean up.
    a.provider.shouldConnect = false;
    a.provider.ws?.close();
    await vi.waitFor(() => expect(b.provider.awareness.getStates().has(aId)).toBe(false));
  });

  it('drops awareness entries for client ids another connection introduced', async () => {
    const t = await startServer();
    const a = connectClient(t.url, 'spoof', await t.token('spoof'));
    const b = connectClient(t.url, 'spoof', await t.token('spoof'));
    a.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    const aId = a.doc.clientID;
    await vi.waitFor(() => expect(b.provider.awareness.getStates().get(aId)).toEqual({ user: { name: 'Ada' } }));
    const mallory = await rawClient(t.url, 'spoof', await t.token('spoof', 'view'));
    const frame = (entries: AwarenessEntry[]) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageAwareness);
      encoding.writeVarUint8Array(encoder, encodeAwarenessEntries(entries));
      return encoding.toUint8Array(encoder);
    };
    mallory.send(frame([{ clientId: aId, clock: 1000, state: { user: { name: 'Mallory' } } }]));
    mallory.send(frame([{ clientId: aId, clock: 1001, state: null }]));
    // A marker of Mallory's own: once B sees it, the frames before it were handled.
    mallory.send(frame([{ clientId: 424242, clock: 1, state: { user: { name: 'Mallory' } } }]));
    await vi.waitFor(() => expect(b.provider.awareness.getStates().get(424242)).toEqual({ user: { name: 'Mallory' } }));
    expect(b.provider.awareness.getStates().get(aId)).toEqual({ user: { name: 'Ada' } });
    mallory.ws.close();
    await vi.waitFor(() => expect(b.provider.awareness.getStates().has(424242)).toBe(false));
    expect(b.provider.awareness.getStates().get(aId)).toEqual({ user: { name: 'Ada' } });
  });

  it('lets one connection introduce only a few awareness client ids (no cursor flood)', async () => {
    const t = await startServer();
    const watcher = connectClient(t.url, 'flood-cursors', await t.token('flood-cursors'));
    await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
    const flooder = await rawClient(t.url, 'flood-cursors', await t.token('flood-cursors', 'view'));
    const entries = Array.from({ length: 1000 }, (_, i) => ({ clientId: 10_000 + i, clock: 1, state: { i } }));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, encodeAwarenessEntries(entries));
    flooder.send(encoding.toUint8Array(encoder));
    const others = () => [...watcher.provider.awareness.getStates().keys()].filter((id) => id >= 10_000 && id < 11_000);
    await vi.waitFor(() => expect(others().length).toBeGreaterThan(0));
    // A marker sent after the flood: once the watcher sees it, the flood was handled.
    const marker = connectClient(t.url, 'flood-cursors', await t.token('flood-cursors'));
    marker.provider.awareness.setLocalStateField('user', { name: 'marker' });
    await vi.waitFor(() => expect(watcher.provider.awareness.getStates().has(marker.doc.clientID)).toBe(true));
    expect(others().length).toBeLessThanOrEqual(defaultLimits().maxAwarenessClients);
    expect(others()).toContain(10_000);
  });

  it('ignores a viewer’s document writes but shares its cursor', async () => {
    const t = await startServer();
    const editor = connectClient(t.url, 'ro', await t.token('ro', 'edit'));
    editor.doc.getText('body').insert(0, 'original');
    const viewer = connectClient(t.url, 'ro', await t.token('ro', 'view'));
    await vi.waitFor(() => expect(text(viewer)).toBe('original'));
    const denied: string[] = [];
    viewer.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, viewer.doc, (_doc, reason) => denied.push(reason));
    };
    viewer.doc.getText('body').insert(0, 'HACK ');
    viewer.provider.awareness.setLocalStateField('user', { name: 'Viewer' });
    await vi.waitFor(() =>
      expect(editor.provider.awareness.getStates().get(viewer.doc.clientID)).toEqual({ user: { name: 'Viewer' } }),
    );
    // A marker edit after the viewer's write: once it arrives, the viewer's write would have too.
    editor.doc.getText('body').insert(8, '!');
    await vi.waitFor(() => expect(text(viewer)).toContain('!'));
    expect(text(editor)).toBe('original!');
    expect(denied).toEqual(['read-only']);
    const late = connectClient(t.url, 'ro', await t.token('ro'));
    await vi.waitFor(() => expect(text(late)).toBe('original!'));
    await t.server.registry.get('ro')!.flush();
    const stored = await storedUpdate(t.storage, 'ro');
    const check = new Y.Doc();
    Y.applyUpdate(check, stored!);
    expect(check.getText('body').toString()).toBe('original!');
  });

  it('drops a hand-crafted viewer update and answers permission-denied once', async () => {
    const t = await startServer();
    const viewer = await rawClient(t.url, 'crafted', await t.token('crafted', 'view'));
    const forged = new Y.Doc();
    forged.getText('body').insert(0, 'forged');
    const frame = (subtype: 'step2' | 'update') => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      if (subtype === 'step2') syncProtocol.writeSyncStep2(encoder, forged);
      else syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(forged));
      return encoding.toUint8Array(encoder);
    };
    viewer.send(frame('step2'));
    viewer.send(frame('update'));
    await vi.waitFor(() => expect(viewer.types()).toContain(messageAuth));
    const editor = connectClient(t.url, 'crafted', await t.token('crafted'));
    await vi.waitFor(() => expect(editor.provider.synced).toBe(true));
    editor.doc.getText('body').insert(0, 'real');
    await vi.waitFor(() => expect(t.storage.logLength('crafted')).toBe(1));
    expect(text(editor)).toBe('real');
    expect(viewer.types().filter((type) => type === messageAuth)).toHaveLength(1);
    expect(viewer.closeCode).toBeNull();
  });

  it('acknowledges durable commits with type 100 to clients that asked (ack=1) only', async () => {
    const t = await startServer();
    const acked = connectClient(t.url, 'ack', await t.token('ack'), { ack: '1' });
    const savedVectors: Uint8Array[] = [];
    acked.provider.messageHandlers[messageSaved] = (_encoder, decoder) => {
      savedVectors.push(new Uint8Array(decoder.arr.subarray(decoder.pos)));
    };
    const plain = await rawClient(t.url, 'ack', await t.token('ack'));
    const errors = vi.spyOn(console, 'error');
    onCleanup(() => errors.mockRestore());
    const stock = connectClient(t.url, 'ack', await t.token('ack'));
    await vi.waitFor(() => expect(acked.provider.synced && stock.provider.synced).toBe(true));
    acked.doc.getText('body').insert(0, 'saved?');
    stock.doc.getText('body').insert(0, 'also ');
    await vi.waitFor(() => {
      const last = savedVectors.at(-1);
      expect(last).toBeDefined();
      const persisted = decodeSaved(Uint8Array.of(messageSaved, ...last!));
      // Only the connection's own client id is acknowledged (finding 8).
      expect([...Y.decodeStateVector(persisted).keys()]).toEqual([acked.doc.clientID]);
      expect(stateVectorCovers(persisted, Y.encodeStateVector(acked.doc))).toBe(false);
      const own = Y.encodeStateVector(new Map([[acked.doc.clientID, Y.getState(acked.doc.store, acked.doc.clientID)]]));
      expect(stateVectorCovers(persisted, own)).toBe(true);
      expect(text(acked)).toHaveLength(11);
    });
    await vi.waitFor(() => expect(text(stock)).toBe(text(acked)));
    expect(plain.types()).not.toContain(messageSaved);
    expect(errors).not.toHaveBeenCalled();
  });

  it('serves a viewId alias as a read-only view of the real document', async () => {
    const t = await startServer();
    const record = createDocument(t.db, { title: 'Aliased' });
    const editor = connectClient(t.url, record.id, await t.token(record.id, 'edit', 'Ada'));
    editor.doc.getText('body').insert(0, 'shared text');
    // Even an edit-role token for the alias room only grants viewing.
    const viewer = connectClient(t.url, record.viewId, await t.token(record.viewId, 'edit'));
    viewer.provider.messageHandlers[messageAuth] = () => {};
    await vi.waitFor(() => expect(text(viewer)).toBe('shared text'));
    expect(readTitle(viewer.doc)).toBe('Aliased');
    viewer.doc.getText('body').insert(0, 'nope ');
    editor.doc.getText('body').insert(0, '>');
    await vi.waitFor(() => expect(text(viewer)).toHaveLength('nope >shared text'.length));
    await vi.waitFor(() => expect(text(editor)).toBe('>shared text'));
    expect(t.server.registry.get(record.viewId)).toBeUndefined();
  });

  it('keeps the catalogue row following the live document', async () => {
    const t = await startServer();
    const record = createDocument(t.db, { title: 'Seeded' });
    t.db.prepare('UPDATE documents SET updated_at = 0 WHERE id = ?').run(record.id);
    const a = connectClient(t.url, record.id, await t.token(record.id, 'edit', 'Grace'));
    await vi.waitFor(() => expect(readTitle(a.doc)).toBe('Seeded'));
    writeTitle(a.doc, 'Renamed by Grace');
    a.doc.getText('body').insert(0, 'x');
    await vi.waitFor(() => {
      const row = getDocument(t.db, record.id)!;
      expect(row.title).toBe('Renamed by Grace');
      expect(row.lastEditor).toBe('Grace');
      expect(Date.parse(row.updatedAt)).toBeGreaterThan(0);
    });
    const before = getDocument(t.db, record.id)!.updatedAt;
    const b = connectClient(t.url, record.id, await t.token(record.id, 'edit', 'Linus'));
    b.doc.getText('body').insert(0, 'y');
    // Commits within a second of the previous catalogue write are folded into one write a second later.
    await vi.waitFor(
      () => {
        const row = getDocument(t.db, record.id)!;
        expect(row.lastEditor).toBe('Linus');
        expect(row.updatedAt >= before).toBe(true);
      },
      { timeout: 3_000 },
    );
  });
});
