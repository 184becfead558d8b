/**
 * SavedAcks reads the client ids an update wrote with once per committed
 * update; the common update (one client's structs) is read from its first
 * bytes instead of a full `Y.parseUpdateMeta`. The ids must be the same.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { structClientIds } from '../../server/saved-acks';

function docWithClient(clientId: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  return doc;
}

const metaIds = (update: Uint8Array) => [...Y.parseUpdateMeta(update).to.keys()].sort((a, b) => a - b);
const fastIds = (update: Uint8Array) => [...structClientIds(update)].sort((a, b) => a - b);

describe('structClientIds', () => {
  it('reads the same client ids as Y.parseUpdateMeta', () => {
    const a = docWithClient(7);
    const updates: Uint8Array[] = [];
    a.on('update', (update: Uint8Array) => updates.push(update));
    a.getArray<number>('a').push([1]); // one client, one struct
    a.getText('t').insert(0, 'hello'); // a second type, same client
    a.getText('t').delete(1, 2); // deletion only: no structs
    const b = docWithClient(2 ** 31 + 5); // a client id beyond 31 bits (varUint of 5 bytes)
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    b.getText('t').insert(0, 'x');
    const merged = Y.encodeStateAsUpdate(b); // two clients
    const cases = [...updates, merged, Y.encodeStateAsUpdate(new Y.Doc()), Y.mergeUpdates(updates)];
    for (const update of cases) expect(fastIds(update)).toEqual(metaIds(update));
    expect(fastIds(updates[0]!)).toEqual([7]);
    expect(fastIds(updates[2]!)).toEqual([]);
    expect(fastIds(merged)).toEqual([7, 2 ** 31 + 5].sort((x, y) => x - y));
  });
});
