/**
 * Finding 6: an update that changes nothing (a resend, a duplicate) is not
 * stored again: the same 100 KB update sent 20 times used to become 20 rows.
 * Its sender is still answered as saved: the document already holds it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { syncFrame } from './frames';
import { cleanup, connectClient, rawClient, startServer, text } from './helpers';

afterEach(cleanup);

describe('no-op updates', () => {
  it('stores an update once however often it is sent, and acknowledges every sender', async () => {
    const t = await startServer();
    const watcher = connectClient(t.url, 'noop', await t.token('noop'));
    await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
    const source = new Y.Doc();
    source.getText('body').insert(0, 'x'.repeat(100 * 1024));
    const update = Y.encodeStateAsUpdate(source);
    const sender = await rawClient(t.url, 'noop', await t.token('noop'), '&ack=1');
    for (let i = 0; i < 20; i++) sender.send(syncFrame('update', update));
    await vi.waitFor(() => expect(text(watcher)).toHaveLength(100 * 1024));
    // Again later, in batches of their own, and from another connection.
    const again = await rawClient(t.url, 'noop', await t.token('noop'), '&ack=1');
    for (let i = 0; i < 5; i++) again.send(syncFrame('step2', update));
    // A real change after them: once it is stored, everything before it was handled.
    watcher.doc.getText('body').insert(0, 'end');
    await vi.waitFor(() => expect(t.storage.logLength('noop')).toBe(2));
    await vi.waitFor(() => expect(again.types()).toContain(100));
    expect(sender.types()).toContain(100);
    expect(sender.closeCode).toBeNull();
    expect(again.closeCode).toBeNull();
  });
});
