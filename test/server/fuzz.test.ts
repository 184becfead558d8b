/**
 * Random and damaged input, seeded so a failure reproduces. The decoder must
 * either return a message or throw ProtocolError (which closes only that
 * connection); anything else would reach the generic error path. The update
 * gate must admit only updates that apply, so whatever it lets through can be
 * stored and reloaded.
 */
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { PendingUpdate } from '../../server/persistence';
import {
  decodeClientMessage,
  encodeAwarenessEntries,
  messageAwareness,
  messageQueryAwareness,
  messageSync,
  ProtocolError,
} from '../../server/protocol';
import { UpdateGate } from '../../server/update-gate';

function editedDoc(): { base: Uint8Array; edit: Uint8Array } {
  const doc = new Y.Doc();
  doc.clientID = 1;
  doc.getText('title').insert(0, 'Plan');
  const paragraph = new Y.XmlElement('paragraph');
  doc.getXmlFragment('content').insert(0, [paragraph]);
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  text.insert(0, 'hello world', { bold: true });
  const base = Y.encodeStateAsUpdate(doc);
  const other = new Y.Doc();
  other.clientID = 2;
  Y.applyUpdate(other, base);
  const before = Y.encodeStateVector(other);
  other.getText('title').insert(2, 'XY');
  other.getText('title').delete(0, 1);
  return { base, edit: Y.encodeStateAsUpdate(other, before) };
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function mutate(gen: prng.PRNG, bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const flips = prng.int32(gen, 1, 3);
  for (let i = 0; i < flips; i++) copy[prng.int32(gen, 0, copy.length - 1)] = prng.uint32(gen, 0, 255);
  return copy;
}

describe('fuzz', () => {
  it('decodes random, truncated and mutated frames or throws ProtocolError, nothing else', () => {
    const gen = prng.create(20_261_122);
    const { base, edit } = editedDoc();
    const valid = [
      frame((e) => {
        encoding.writeVarUint(e, messageSync);
        syncProtocol.writeSyncStep1(e, new Y.Doc());
      }),
      frame((e) => {
        encoding.writeVarUint(e, messageSync);
        encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
        encoding.writeVarUint8Array(e, base);
      }),
      frame((e) => {
        encoding.writeVarUint(e, messageSync);
        syncProtocol.writeUpdate(e, edit);
      }),
      frame((e) => {
        encoding.writeVarUint(e, messageAwareness);
        encoding.writeVarUint8Array(e, encodeAwarenessEntries([{ clientId: 5, clock: 2, state: { user: 'a' } }]));
      }),
      Uint8Array.of(messageQueryAwareness),
    ];
    const inputs: Uint8Array[] = [];
    for (const message of valid) {
      for (let end = 0; end < message.length; end++) inputs.push(message.subarray(0, end));
      for (let i = 0; i < 500; i++) inputs.push(mutate(gen, message));
    }
    for (let i = 0; i < 3000; i++) {
      // Small values dominate so type and length prefixes often look plausible.
      const bytes = Array.from({ length: prng.int32(gen, 0, 40) }, () =>
        prng.bool(gen) ? prng.int32(gen, 0, 3) : prng.uint32(gen, 0, 255),
      );
      inputs.push(Uint8Array.from(bytes));
    }
    let decoded = 0;
    for (const input of inputs) {
      try {
        decodeClientMessage(input);
        decoded++;
      } catch (error) {
        if (!(error instanceof ProtocolError))
          throw new Error(`non-protocol error for ${Buffer.from(input).toString('hex')}`, { cause: error });
      }
    }
    // Not vacuous: some damaged frames still decode, the rest are refused.
    expect(decoded).toBeGreaterThan(valid.length);
    expect(decoded).toBeLessThan(inputs.length);
  });

  it('admits only updates that apply, so the stored log always reloads', () => {
    const gen = prng.create(7);
    const { base, edit } = editedDoc();
    const committed = new Y.Doc();
    Y.applyUpdate(committed, base);
    const stored = [base];
    const gate = new UpdateGate(committed);
    let refused = 0;
    for (let round = 0; round < 200; round++) {
      const batch: PendingUpdate[] = [];
      for (let i = 0; i < 10; i++) {
        const update = mutate(gen, prng.bool(gen) ? edit : base);
        try {
          Y.decodeUpdate(update); // what the protocol decoder checks
        } catch {
          continue;
        }
        batch.push({ update, origin: { source: 'admin' } });
      }
      const admitted = gate.admit(batch, () => refused++);
      // What the room does after the commit: apply to the live doc, which must never throw.
      for (const { update } of admitted) {
        Y.applyUpdate(committed, update);
        stored.push(update);
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(stored.length).toBeGreaterThan(1);
    // What a load does: every stored row applied in order (and then served as one encoded state).
    const merged = new Y.Doc();
    for (const update of stored) Y.applyUpdate(merged, update);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(merged));
    const roundTrip = new Y.Doc();
    Y.applyUpdate(roundTrip, Y.encodeStateAsUpdate(committed));
    expect(Y.encodeStateVector(reloaded)).toEqual(Y.encodeStateVector(roundTrip));
  });
});
