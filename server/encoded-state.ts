/**
 * Encodings of one room's document, cached until the document changes.
 * Every sync step 1 used to be answered with a fresh encode, so N clients
 * joining (or reconnecting after a restart, all at the same state vector)
 * cost N full encodes; now they cost one per document version and state
 * vector. Also tracks the encoded size, for the document size bound.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { messageSync } from './protocol';

/** Distinct state vectors remembered per version (fresh joiners share one, reconnecting clients a few). */
const MAX_CACHED_REPLIES = 16;
const EMPTY_STATE_VECTOR = 'AA=='; // Buffer's base64 of Y.encodeStateVector(new Y.Doc()): [0]

export class EncodedState {
  private full: Uint8Array | null = null;
  private readonly replies = new Map<string, Uint8Array>();
  private stepOne: Uint8Array | null = null;
  /** Upper bound of the encoded size: exact after a full encode, plus the bytes of every update since. */
  private estimate: number;

  constructor(
    private readonly doc: Y.Doc,
    /** Called for every encode of document content (metrics: tandem_sync_state_encodes_total). */
    private readonly encoded: () => void = () => {},
  ) {
    this.estimate = 0;
  }

  /**
   * Starts following the document's changes, once it is loaded (a doc with an
   * 'update' listener re-encodes every transaction, the whole loaded state
   * included: ~15 ms for automerge-paper on a cold process). `loaded.exact`:
   * an encoding of exactly the current state (the stored snapshot), served as
   * the full update without encoding it again; `loaded.bytes`: the size bound
   * of what was loaded.
   */
  watch(loaded: { exact: Uint8Array | null; bytes: number } = { exact: null, bytes: 0 }): void {
    this.full = loaded.exact;
    this.stepOne = null;
    this.replies.clear();
    this.estimate = loaded.exact ? loaded.exact.byteLength : loaded.bytes;
    this.doc.on('update', (update: Uint8Array) => {
      this.full = null;
      this.stepOne = null;
      this.replies.clear();
      this.estimate += update.byteLength;
    });
  }

  /** `Y.encodeStateAsUpdate(doc)`, cached. */
  fullUpdate(): Uint8Array {
    if (!this.full) {
      this.full = Y.encodeStateAsUpdate(this.doc);
      this.encoded();
      this.estimate = this.full.byteLength;
    }
    return this.full;
  }

  /** The encoded size, computed only when the cheap upper bound exceeds `bound`. */
  sizeBeyond(bound: number): number | null {
    if (this.estimate <= bound) return null;
    const exact = this.fullUpdate().byteLength;
    return exact > bound ? exact : null;
  }

  /** Our sync step 1 message (the document's state vector). */
  syncStep1(): Uint8Array {
    if (!this.stepOne) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.stepOne = encoding.toUint8Array(encoder);
    }
    return this.stepOne;
  }

  /** The sync step 2 message answering a client's state vector. */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    const key = Buffer.from(stateVector).toString('base64');
    let reply = this.replies.get(key);
    if (!reply) {
      let update: Uint8Array;
      if (key === EMPTY_STATE_VECTOR) update = this.fullUpdate();
      else {
        update = Y.encodeStateAsUpdate(this.doc, stateVector);
        this.encoded();
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, update);
      reply = encoding.toUint8Array(encoder);
      if (this.replies.size >= MAX_CACHED_REPLIES) this.replies.delete(this.replies.keys().next().value!);
      this.replies.set(key, reply);
    }
    return reply;
  }
}
