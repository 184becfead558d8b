/**
 * The wire protocol: y-websocket's message types plus Tandem's `saved`
 * acknowledgement (type 100). Every encoder and decoder lives here so handlers
 * never touch bytes. See PROTOCOL.md for the byte layouts.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;
/** Tandem extension: the document's persisted state vector, sent only to clients that opted in with `ack=1`. */
export const messageSaved = 100;

export const permissionDeniedReadOnly = 'read-only';

/** A client message, decoded and checked but not yet applied. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  /** `empty`: the update carries no structs and no deletions (nothing to store). */
  | { type: 'sync-step2'; update: Uint8Array; empty: boolean }
  | { type: 'update'; update: Uint8Array; empty: boolean }
  | { type: 'awareness'; entries: AwarenessEntry[] }
  | { type: 'query-awareness' }
  | { type: 'auth' };

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
 * Decodes one binary frame. Yjs payloads are parsed here too (state vectors,
 * updates) so that a malformed update is refused before it reaches storage:
 * a stored update that cannot be applied would break every later load.
 */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case messageSync:
        return decodeSyncMessage(decoder);
      case messageAwareness:
        return { type: 'awareness', entries: decodeAwarenessUpdate(decoding.readVarUint8Array(decoder)) };
      case messageQueryAwareness:
        return { type: 'query-awareness' };
      case messageAuth:
        return { type: 'auth' };
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`malformed message: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

function decodeSyncMessage(decoder: decoding.Decoder): ClientMessage {
  const subtype = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  switch (subtype) {
    case syncProtocol.messageYjsSyncStep1:
      Y.decodeStateVector(payload); // throws when malformed
      return { type: 'sync-step1', stateVector: payload };
    case syncProtocol.messageYjsSyncStep2:
      return { type: 'sync-step2', update: payload, empty: isEmptyUpdate(payload) };
    case syncProtocol.messageYjsUpdate:
      return { type: 'update', update: payload, empty: isEmptyUpdate(payload) };
    default:
      throw new ProtocolError(`unknown sync message type ${subtype}`);
  }
}

/**
 * True when an update carries neither structs nor deletions (e.g. step 2 from
 * an empty client). Parsing the whole update also rejects malformed ones.
 */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    entries.push({ clientId, clock, state });
  }
  return entries;
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

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Answers a client's sync step 1 with everything it lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: readonly number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessFor(awareness, clients));
  return encoding.toUint8Array(encoder);
}

function encodeAwarenessFor(awareness: awarenessProtocol.Awareness, clients: readonly number[]): Uint8Array {
  const entries: AwarenessEntry[] = clients.map((clientId) => ({
    clientId,
    clock: awareness.meta.get(clientId)?.clock ?? 0,
    state: awareness.states.get(clientId) ?? null,
  }));
  return encodeAwarenessEntries(entries);
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
