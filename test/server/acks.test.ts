/**
 * Finding 8 of the hostile-clients issue: the `saved` acknowledgement tells an
 * editing connection about its own client ids only, however many clients
 * ever wrote to the document, and tells viewers nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { decodeSaved, messageSaved } from '../../server/protocol';
import { awarenessFrame, syncFrame } from './frames';
import { cleanup, connectClient, rawClient, startServer } from './helpers';

afterEach(cleanup);

const savedVectors = (messages: Uint8Array[]) =>
  messages.filter((message) => message[0] === messageSaved).map((message) => Y.decodeStateVector(decodeSaved(message)));

describe('saved acknowledgements', () => {
  it('carry only the connection’s own client ids, and go to no viewer', async () => {
    const t = await startServer();
    // Keeps the room loaded (no unload compaction), so the log counts every commit.
    await rawClient(t.url, 'acks', await t.token('acks'));
    // Forty earlier sessions, each a client id of its own in the document's state vector.
    for (let i = 0; i < 40; i++) {
      const past = connectClient(t.url, 'acks', await t.token('acks'));
      past.doc.getText('body').insert(0, `${i};`);
      await vi.waitFor(() => expect(t.storage.logLength('acks')).toBe(i + 1));
      past.destroy();
    }
    const viewer = await rawClient(t.url, 'acks', await t.token('acks', 'view'), '&ack=1');
    const editor = await rawClient(t.url, 'acks', await t.token('acks'), '&ack=1');
    const own = new Y.Doc();
    own.clientID = 777;
    // Its presence first (as the stock provider does on open): the ack for that id comes at once.
    editor.send(awarenessFrame([{ clientId: 777, clock: 1, json: '{}' }]));
    await vi.waitFor(() => expect(savedVectors(editor.messages)).toEqual([new Map([[777, 0]])]));
    own.getText('body').insert(0, 'mine');
    editor.send(syncFrame('update', Y.encodeStateAsUpdate(own)));
    await vi.waitFor(() => expect(savedVectors(editor.messages).at(-1)).toEqual(new Map([[777, 4]])));
    viewer.send(awarenessFrame([{ clientId: 888, clock: 1, json: '{}' }]));
    const marker = connectClient(t.url, 'acks', await t.token('acks'));
    marker.doc.getText('body').insert(0, '!');
    await vi.waitFor(() => expect(t.storage.logLength('acks')).toBe(42));
    await vi.waitFor(() => expect(viewer.messages.filter((m) => m[0] === 0).length).toBeGreaterThan(2));
    expect(viewer.types()).not.toContain(messageSaved);
    for (const vector of savedVectors(editor.messages)) expect([...vector.keys()].every((id) => id === 777)).toBe(true);
  });
});
