/**
 * Bus messages on the wire: lib0 encoding, one binary Redis message each.
 *   varUint version(1) · varUint kind · varString from · payload
 *   update:          varUint first · varUint last · varUint sentAt(ms) · varUint hasUpdate · [varUint8Array update]
 *   awareness:       varString principal · varUint8Array message
 *   awareness-query: (none)
 *   deleted:         (none)
 *   access:          (none)
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { BusMessage } from './bus';

const VERSION = 1;
const KINDS = ['update', 'awareness', 'awareness-query', 'deleted', 'access'] as const;

export function encodeBusMessage(message: BusMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, VERSION);
  encoding.writeVarUint(encoder, KINDS.indexOf(message.type));
  encoding.writeVarString(encoder, message.from);
  switch (message.type) {
    case 'update':
      encoding.writeVarUint(encoder, message.range.first);
      encoding.writeVarUint(encoder, message.range.last);
      encoding.writeVarUint(encoder, message.sentAt);
      encoding.writeVarUint(encoder, message.update ? 1 : 0);
      if (message.update) encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'awareness':
      encoding.writeVarString(encoder, message.principal);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'awareness-query':
    case 'deleted':
    case 'access':
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** Decodes a bus message; throws on anything malformed or from another version. */
export function decodeBusMessage(data: Uint8Array): BusMessage {
  const decoder = decoding.createDecoder(data);
  const version = decoding.readVarUint(decoder);
  if (version !== VERSION) throw new Error(`bus message version ${version}, expected ${VERSION}`);
  const kind = KINDS[decoding.readVarUint(decoder)];
  const from = decoding.readVarString(decoder);
  switch (kind) {
    case 'update': {
      const first = decoding.readVarUint(decoder);
      const last = decoding.readVarUint(decoder);
      const sentAt = decoding.readVarUint(decoder);
      const update = decoding.readVarUint(decoder) === 1 ? decoding.readVarUint8Array(decoder) : null;
      return { type: 'update', from, range: { first, last }, update, sentAt };
    }
    case 'awareness': {
      const principal = decoding.readVarString(decoder);
      return { type: 'awareness', from, principal, update: decoding.readVarUint8Array(decoder) };
    }
    case 'awareness-query':
    case 'deleted':
    case 'access':
      return { type: kind, from };
    default:
      throw new Error('unknown bus message kind');
  }
}
