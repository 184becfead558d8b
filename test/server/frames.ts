/** Hand-built wire frames for protocol tests (see server/PROTOCOL.md for the layouts). */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { messageAwareness, messageSync } from '../../server/protocol';

/** An awareness frame whose states are given as raw JSON text (so tests can send what no client would). */
export function awarenessFrame(entries: readonly { clientId: number; clock: number; json: string }[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(update, entry.clientId);
    encoding.writeVarUint(update, entry.clock);
    encoding.writeVarString(update, entry.json);
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, messageAwareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

/** A sync frame (0) of the given subtype around any payload bytes. */
export function syncFrame(subtype: 'step2' | 'update', payload: Uint8Array): Uint8Array {
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, messageSync);
  encoding.writeVarUint(frame, subtype === 'step2' ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate);
  encoding.writeVarUint8Array(frame, payload);
  return encoding.toUint8Array(frame);
}

/** A sync step 1 (0, 0) carrying `doc`'s state vector, as a provider sends on open. */
export function step1Frame(doc: Y.Doc): Uint8Array {
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, messageSync);
  syncProtocol.writeSyncStep1(frame, doc);
  return encoding.toUint8Array(frame);
}

/** A JSON object of about `bytes` bytes. */
export function bigState(bytes: number, name = 'x'): string {
  return JSON.stringify({ user: { name }, pad: 'p'.repeat(Math.max(0, bytes - 40)) });
}
