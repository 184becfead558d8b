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
import { syncFrame } from './frames';
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
