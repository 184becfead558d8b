/**
 * fast-check arbitraries for hostile frames (protocol-fuzz.test.ts): random
 * bytes, mutated valid messages, truncated varints, huge length prefixes,
 * repeated and foreign awareness ids, server-only and unknown message types,
 * text and empty frames. Updates are built by docs whose client ids come from
 * a range per role, so a test can tell a viewer's bytes anywhere they land.
 */
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { messageAuth, messageAwareness, messageQueryAwareness, messageSaved, messageSync } from '../../server/protocol';
import { awarenessFrame, syncFrame } from './frames';

/** Client ids of updates sent with an edit token, and with a view token: never stored from the latter. */
export const EDIT_IDS = { min: 1_000_000, max: 1_999_999 };
export const VIEW_IDS = { min: 2_000_000, max: 2_999_999 };

export type Frame = Uint8Array | string;

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A real update from a fresh doc with `clientId`: inserts, formatting, deletes; optionally one that depends on missing structs. */
function updateFrom(clientId: number, words: readonly string[], detached: boolean): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const body = doc.getText('body');
  for (const word of words)
    body.insert(Math.min(body.length, word.length), word, word.length % 2 ? { bold: true } : {});
  if (body.length > 2) body.delete(1, 1);
  if (!detached) return Y.encodeStateAsUpdate(doc);
  // Only what came after the first insert: its structs reference content the server never saw.
  const before = new Y.Doc();
  before.clientID = clientId;
  before.getText('body').insert(0, words[0] ?? 'x');
  const update = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(before));
  before.destroy();
  doc.destroy();
  return update;
}

const words = fc.array(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 });

function validFrames(ids: { min: number; max: number }, foreignIds: readonly number[]): fc.Arbitrary<Uint8Array> {
  const clientId = fc.integer(ids);
  return fc.oneof(
    fc
      .tuple(clientId, words, fc.boolean(), fc.constantFrom<'step2' | 'update'>('step2', 'update'))
      .map(([id, text, detached, subtype]) => syncFrame(subtype, updateFrom(id, text, detached))),
    fc.constant(frame((e) => syncProtocol.writeSyncStep1(e, new Y.Doc()))),
    // Awareness: repeated ids, foreign ids (the honest clients'), nulls, non-JSON, non-objects.
    fc
      .array(
        fc.record({
          clientId: fc.oneof(clientId, fc.constantFrom(...foreignIds), fc.constant(0)),
          clock: fc.oneof(fc.nat(5), fc.constant(2 ** 32), fc.constant(Number.MAX_SAFE_INTEGER)),
          json: fc.oneof(
            fc.constant('{"user":{"name":"fuzz"}}'),
            fc.constant('null'),
            fc.constant('[1,2]'),
            fc.constant('"text"'),
            fc.constant('{'),
            fc.json({ maxDepth: 2 }),
          ),
        }),
        { minLength: 1, maxLength: 12 },
      )
      .map((entries) => awarenessFrame(entries)),
    fc.constant(frame((e) => encoding.writeVarUint(e, messageQueryAwareness))),
  );
}

/** One hostile frame, for a connection whose updates carry client ids from `ids`. */
export function hostileFrame(ids: { min: number; max: number }, foreignIds: readonly number[]): fc.Arbitrary<Frame> {
  const valid = validFrames(ids, foreignIds);
  const hugeLength = fc.constantFrom(2 ** 31, 2 ** 32 - 1, 2 ** 53, Number.MAX_SAFE_INTEGER);
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    // Random bytes, and random bytes after each message type (known, server-only, unknown).
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 512 }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.oneof(
            fc.constantFrom(messageSync, messageAwareness, messageAuth, messageQueryAwareness, messageSaved),
            fc.integer({ min: 4, max: 2 ** 20 }),
          ),
          fc.uint8Array({ maxLength: 64 }),
        )
        .map(([type, rest]) =>
          frame((e) => {
            encoding.writeVarUint(e, type);
            encoding.writeUint8Array(e, rest);
          }),
        ),
    },
    // Mutations of a valid message: flipped bytes, truncation, bytes spliced in.
    {
      weight: 3,
      arbitrary: fc
        .tuple(valid, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.nat())
        .map(([message, flips, cut]) => {
          const copy = message.slice();
          for (const [at, value] of flips) if (copy.length > 0) copy[at % copy.length] = value;
          return cut % 3 === 0 ? copy.slice(0, cut % (copy.length + 1)) : copy;
        }),
    },
    // Truncated varints: continuation bits with nothing after them, in the type or a length.
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        new Uint8Array([0x80]),
        new Uint8Array([0xff, 0xff, 0xff]),
        new Uint8Array([messageSync, 0x80]),
        new Uint8Array([messageSync, syncProtocol.messageYjsUpdate, 0xff, 0xff]),
        new Uint8Array([messageAwareness, 0x85]),
        new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
      ),
    },
    // Huge length prefixes (2^31, 2^53) in front of a few bytes.
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          hugeLength,
          fc.constantFrom(
            [messageSync, syncProtocol.messageYjsUpdate],
            [messageSync, syncProtocol.messageYjsSyncStep2],
            [messageSync, syncProtocol.messageYjsSyncStep1],
            [messageAwareness],
          ),
          fc.uint8Array({ maxLength: 16 }),
        )
        .map(([length, prefix, rest]) =>
          frame((e) => {
            for (const value of prefix) encoding.writeVarUint(e, value);
            encoding.writeVarUint(e, length);
            encoding.writeUint8Array(e, rest);
          }),
        ),
    },
    // Awareness claiming 2^31 entries, and text and empty frames.
    {
      weight: 1,
      arbitrary: hugeLength.map((count) => {
        const payload = frame((e) => encoding.writeVarUint(e, count));
        return frame((e) => {
          encoding.writeVarUint(e, messageAwareness);
          encoding.writeVarUint8Array(e, payload);
        });
      }),
    },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 64 }), fc.constant(new Uint8Array(0))) },
  );
}
