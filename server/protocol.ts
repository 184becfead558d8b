/**
 * The wire protocol: y-websocket's message types plus Tandem's `saved`
 * acknowledgement (type 100). Every encoder and decoder lives here so handlers
 * never touch bytes. See PROTOCOL.md for the byte layouts.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { AUTH_RENEW_TOKEN } from '../lib/sync-auth';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;
/** Tandem extension: the document's persisted state vector, sent only to clients that opted in with `ack=1`. */
export const messageSaved = 100;

export const permissionDeniedReadOnly = 'read-only';

/**
 * A client message with its type read and its payload **not** parsed. Parsing
 * a Yjs update costs time and memory in proportion to its size, so it happens
 * only once the room knows the sender may write (finding: an 8 MB viewer frame
 * cost 1.5 s of CPU and 378 MB of heap when it was decoded before the role check).
 */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  /** The awareness update as sent; see `readAwarenessEntries`. */
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' }
  /** Tandem: the client presents a renewed sync token on the open socket (auth subtype 1). */
  | { type: 'auth-renew'; token: string }
  /** A type this server does not know: ignored, as the reference server does (forward compatibility). */
  | { type: 'unknown'; messageType: number };

/**
 * One entry of an awareness update, as bytes: `state` is the UTF-8 JSON text
 * (a view into the frame, not parsed, not copied).
 */
export interface RawAwarenessEntry {
  clientId: number;
  clock: number;
  state: Uint8Array;
}

/** One client's entry in an awareness update; `state` null means "this client left". */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** Thrown for bytes that are not a well-formed message; the connection is closed with `badMessage`. */
export class ProtocolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProtocolError';
  }
}

/**
 * Reads one binary frame's message type and framing. Work is O(1) in the
 * payload: Yjs payloads are checked by whoever may act on them (the update
 * gate applies an editor's update to a replica before it is stored; a
 * viewer's is never read).
 */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  return guard(() => {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case messageSync:
        return decodeSyncMessage(decoder);
      case messageAwareness:
        return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case messageQueryAwareness:
        return { type: 'query-awareness' };
      case messageAuth:
        return decodeAuthMessage(decoder);
      default:
        return { type: 'unknown', messageType: type };
    }
  });
}

/** Auth subtype 1 carries a renewed token (lib/sync-auth.ts); anything else in the auth channel means nothing from a client. */
const authRenewToken = AUTH_RENEW_TOKEN;
/** A JWT of ours is a few hundred bytes; anything near this is not one. */
const MAX_TOKEN_BYTES = 4096;

function decodeAuthMessage(decoder: decoding.Decoder): ClientMessage {
  if (!decoding.hasContent(decoder) || decoding.readVarUint(decoder) !== authRenewToken) return { type: 'auth' };
  const bytes = decoding.readVarUint8Array(decoder);
  if (bytes.byteLength > MAX_TOKEN_BYTES) throw new ProtocolError('token too long');
  return { type: 'auth-renew', token: new TextDecoder().decode(bytes) };
}

function decodeSyncMessage(decoder: decoding.Decoder): ClientMessage {
  const subtype = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (subtype) {
    case syncProtocol.messageYjsSyncStep1:
      Y.decodeStateVector(payload); // linear in its size, and the reply needs it anyway
      return { type: 'sync-step1', stateVector: payload };
    case syncProtocol.messageYjsSyncStep2:
      return { type: 'sync-step2', update: payload };
    case syncProtocol.messageYjsUpdate:
      return { type: 'update', update: payload };
    default:
      throw new ProtocolError(`unknown sync message type ${subtype}`);
  }
}

/** Runs a decoder; anything it throws becomes a ProtocolError (lib0 throws plain Errors on truncation). */
function guard<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`malformed message: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/**
 * True when an update carries neither structs nor deletions, decided from its
 * bytes: Yjs encodes that (v1) as exactly `[0, 0]` (no struct clients, no
 * delete-set clients), which is what a fresh client's sync step 2 holds.
 */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * Splits an awareness update into entries without parsing their JSON, so the
 * room can drop what it will not keep before paying for it. Returns null when
 * the update claims more than `maxEntries` entries (nothing is read then).
 * Throws ProtocolError when the bytes are truncated or malformed.
 */
export function readAwarenessEntries(update: Uint8Array, maxEntries: number): RawAwarenessEntry[] | null {
  return guard(() => {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > maxEntries) return null;
    const entries: RawAwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      entries.push({ clientId, clock, state: decoding.readVarUint8Array(decoder) });
    }
    return entries;
  });
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A type-1 message carrying the given entries as they were received (JSON bytes untouched). */
export function encodeAwarenessMessage(entries: Iterable<RawAwarenessEntry>, count: number): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, count);
  for (const entry of entries) {
    encoding.writeVarUint(update, entry.clientId);
    encoding.writeVarUint(update, entry.clock);
    encoding.writeVarUint8Array(update, entry.state);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
  return encoding.toUint8Array(encoder);
}

/** The awareness update inside an awareness message (`varUint 1 · varUint8Array update`). */
export function awarenessPayload(message: Uint8Array): Uint8Array {
  return guard(() => {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type !== messageAwareness) throw new ProtocolError(`not an awareness message: type ${type}`);
    return decoding.readVarUint8Array(decoder);
  });
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAuth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** Type 100: `varUint(100) · varUint8Array(Y.encodeStateVector(persisted doc))`. */
export function encodeSaved(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSaved);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Reads a type-100 message (for clients and tests); returns the persisted state vector. */
export function decodeSaved(data: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  if (type !== messageSaved) throw new ProtocolError(`not a saved message: type ${type}`);
  return decoding.readVarUint8Array(decoder);
}

/** Whether every client clock in `required` is covered by `persisted` (both Y.encodeStateVector outputs). */
export function stateVectorCovers(persisted: Uint8Array, required: Uint8Array): boolean {
  const have = Y.decodeStateVector(persisted);
  for (const [client, clock] of Y.decodeStateVector(required)) {
    if ((have.get(client) ?? 0) < clock) return false;
  }
  return true;
}
