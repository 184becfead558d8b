/**
 * Findings 3 and 5 of the hostile-clients issue: a viewer's update is refused
 * before its payload is read, and an editor's update that would stay pending
 * (structs or deletions referencing content the document lacks) is refused
 * before it is stored.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../server/close-codes';
import { messageAuth } from '../../server/protocol';
import { step1Frame, syncFrame } from './frames';
import { cleanup, connectClient, rawClient, startServer, storedUpdate, text } from './helpers';
import { updateWithMissingDeletions, updateWithMissingStructs } from './updates';

afterEach(cleanup);

describe('a viewer’s update', () => {
  it('is refused before its payload is read: garbage bytes get read-only, not a decoding error', async () => {
    const t = await startServer();
    const viewer = await rawClient(t.url, 'view-big', await t.token('view-big', 'view'));
    // 4 MB that no Yjs decoder accepts: reading it would close the connection with a decoding error.
    const garbage = new Uint8Array(4 * 1024 * 1024).fill(0xff);
    viewer.send(syncFrame('update', garbage));
    viewer.send(syncFrame('step2', garbage));
    await vi.waitFor(() => expect(viewer.types()).toContain(messageAuth));
    const editor = connectClient(t.url, 'view-big', await t.token('view-big'));
    editor.doc.getText('body').insert(0, 'still here');
    await vi.waitFor(() => expect(t.storage.logLength('view-big')).toBe(1));
    expect(viewer.closeCode).toBeNull();
    expect(viewer.types().filter((type) => type === messageAuth)).toHaveLength(1);
  });
});

describe('an editor’s update with missing dependencies', () => {
  it.each([
    ['structs after unknown content', updateWithMissingStructs],
    ['deletions of unknown content', updateWithMissingDeletions],
  ])('%s: refused with 4422 (final), never stored, the room keeps syncing', async (_name, build) => {
    const t = await startServer();
    const a = connectClient(t.url, 'pending', await t.token('pending'));
    const b = connectClient(t.url, 'pending', await t.token('pending'));
    await vi.waitFor(() => expect(a.provider.synced && b.provider.synced).toBe(true));
    const attacker = await rawClient(t.url, 'pending', await t.token('pending'));
    attacker.send(syncFrame('update', build()));
    await vi.waitFor(() => expect(attacker.closeCode).toBe(CloseCode.updateRefused));
    a.doc.getText('body').insert(0, 'fine');
    await vi.waitFor(() => expect(text(b)).toBe('fine'));
    expect(t.storage.logLength('pending')).toBe(1);
    const room = t.server.registry.get('pending')!;
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(room.doc.store.pendingDs).toBeNull();
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await storedUpdate(t.storage, 'pending'))!);
    expect(stored.store.pendingStructs).toBeNull();
    expect(stored.store.pendingDs).toBeNull();
  });
});

describe('an honest client racing its own handshake (found by the fault checker)', () => {
  it('is not refused for an update sent before its step 2: the step 2 brings what it depends on', async () => {
    const t = await startServer();
    const watcher = connectClient(t.url, 'race', await t.token('race'));
    await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
    // Typed while offline (never sent), then more typed just after the socket opened.
    const local = new Y.Doc();
    local.getText('body').insert(0, 'offline ');
    const offline = Y.encodeStateVector(local);
    local.getText('body').insert(8, 'and online');
    const online = Y.encodeStateAsUpdate(local, offline);
    const client = await rawClient(t.url, 'race', await t.token('race'));
    // As a stock provider does on open: its step 1; then the edit goes out before it has answered ours.
    client.send(step1Frame(local));
    client.send(syncFrame('update', online));
    client.send(syncFrame('step2', Y.encodeStateAsUpdate(local)));
    await vi.waitFor(() => expect(text(watcher)).toBe('offline and online'));
    expect(client.closeCode).toBeNull();
    // After the handshake the same kind of update is refused (4422), as before.
    const later = new Y.Doc();
    later.getText('body').insert(0, 'x');
    const sv = Y.encodeStateVector(later);
    later.getText('body').insert(1, 'y');
    client.send(syncFrame('update', Y.encodeStateAsUpdate(later, sv)));
    await vi.waitFor(() => expect(client.closeCode).toBe(CloseCode.updateRefused));
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await storedUpdate(t.storage, 'race'))!);
    expect(stored.getText('body').toString()).toBe('offline and online');
    expect(stored.store.pendingStructs).toBeNull();
  });
});
