/** Yjs updates no honest client sends, for refusal tests. */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** An update from client 2 that inserts after text of client 1, which the server never saw. */
export function updateWithMissingStructs(): Uint8Array {
  const origin = new Y.Doc();
  origin.clientID = 1;
  origin.getText('body').insert(0, 'unseen by the server');
  const other = new Y.Doc();
  other.clientID = 2;
  Y.applyUpdate(other, Y.encodeStateAsUpdate(origin));
  const before = Y.encodeStateVector(other);
  other.getText('body').insert(5, 'x'.repeat(4096));
  return Y.encodeStateAsUpdate(other, before);
}

/** No structs; a delete set for content of client 99 the server never saw (it stays in pendingDs). */
export function updateWithMissingDeletions(): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 0); // structs: no clients
  encoding.writeVarUint(update, 1); // delete set: one client
  encoding.writeVarUint(update, 99); // client id
  encoding.writeVarUint(update, 1); // one range
  encoding.writeVarUint(update, 10); // clock
  encoding.writeVarUint(update, 5); // length
  return encoding.toUint8Array(update);
}
