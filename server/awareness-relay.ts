/**
 * Presence (awareness) for one room, relayed as bytes.
 *
 * Written here rather than with y-protocols' `Awareness` because a relay must
 * bound work before it is done, and that class parses every entry, keeps
 * repeated entries of one client id, and re-encodes (JSON.stringify) each
 * listed id's state on every broadcast: one ~1 MB viewer frame of 1,500
 * entries for its own id blocked the event loop for 14 s and peaked at 4.5 GB.
 * Here a frame is split into byte views, only the last entry per client id
 * this connection may speak for is kept, a state's JSON is parsed only to
 * check it and is stored and relayed as the sender's bytes, and the clock
 * rules are y-protocols' own, so stock clients see the same behaviour.
 */
import { encodeAwarenessMessage, ProtocolError, type RawAwarenessEntry, readAwarenessEntries } from './protocol';

export interface AwarenessLimits {
  /** Largest JSON text of one client's state, in bytes. */
  maxStateBytes: number;
  /** Entries one frame may claim; larger frames are dropped unread. */
  maxEntriesPerFrame: number;
  /** Client ids one connection may speak for (a stock provider uses one). */
  maxClientsPerConnection: number;
  /** All states of the room together, in bytes: bounds the message every new connection receives. */
  maxRoomBytes: number;
}

/** Who sends awareness: a connection, identified for takeovers by its credential. */
export interface AwarenessOwner {
  /** Same value for connections presenting the same credential (see Connection.identity.principal). */
  readonly principal: string;
  /** Set when the owner stands for a connection of another process (its id): see `applyFromPeer`. */
  readonly peer?: string;
}

export type AwarenessDropReason =
  | 'too_many_entries'
  | 'foreign_client'
  | 'too_many_clients'
  | 'state_too_large'
  | 'room_full'
  | 'budget'
  | 'taken_over';

interface Present {
  clock: number;
  /** The JSON bytes as received; null once the client left (its clock is kept, as y-protocols does). */
  state: Uint8Array | null;
  lastUpdated: number;
}

interface Ownership {
  /** null: the owning connection closed; the id stays reserved for the same principal. */
  owner: AwarenessOwner | null;
  principal: string;
}

/** Stock clients renew their state every 15 s and drop others' after 30 s without renewal. */
export const AWARENESS_OUTDATED_MS = 30_000;
/** Released ids kept reserved for their principal; beyond this many, the oldest become free. */
const MAX_RESERVED_IDS = 10_000;
const NULL_STATE = new TextEncoder().encode('null');
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface ApplyResult {
  /** The awareness message to send to every connection of the room, or null when nothing changed. */
  message: Uint8Array | null;
  dropped: AwarenessDropReason[];
  /** The frame gave the sender new client ids. */
  claimed: boolean;
}

export class AwarenessRelay {
  private readonly clients = new Map<number, Present>();
  private readonly ownership = new Map<number, Ownership>();
  private readonly owned = new Map<AwarenessOwner, Set<number>>();
  /**
   * Ids taken over from a connection by a newer one: the old (half-open)
   * socket may never speak for them again, or the two would trade the cursor
   * back and forth. Weak: it goes with the connection.
   */
  private readonly lost = new WeakMap<AwarenessOwner, Set<number>>();
  private roomBytes = 0;
  private cachedSnapshot: Uint8Array | null = null;

  constructor(
    private readonly limits: AwarenessLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Client ids a connection speaks for. */
  idsOf(owner: AwarenessOwner): ReadonlySet<number> {
    return this.owned.get(owner) ?? new Set();
  }

  /**
   * Applies one frame from `owner`. `afford(bytes)` is asked, before anything
   * changes, whether the sender's budget covers relaying `bytes` to the room.
   * Throws ProtocolError for malformed bytes or a state that is not JSON.
   */
  apply(owner: AwarenessOwner, update: Uint8Array, afford: (messageBytes: number) => boolean): ApplyResult {
    const dropped: AwarenessDropReason[] = [];
    const entries = readAwarenessEntries(update, this.limits.maxEntriesPerFrame);
    if (entries === null) return { message: null, dropped: ['too_many_entries'], claimed: false };
    // The last entry per client id wins: repeats would otherwise each be applied and relayed.
    const last = new Map<number, RawAwarenessEntry>();
    for (const entry of entries) last.set(entry.clientId, entry);
    const accepted: RawAwarenessEntry[] = [];
    const claims: number[] = [];
    let claimable = this.limits.maxClientsPerConnection - this.idsOf(owner).size;
    for (const entry of last.values()) {
      const verdict = this.mayWrite(owner, entry, claimable);
      if (verdict !== 'ok' && verdict !== 'claim' && verdict !== 'takeover') {
        dropped.push(verdict);
        continue;
      }
      if (entry.state.byteLength > this.limits.maxStateBytes) {
        dropped.push('state_too_large');
        continue;
      }
      if (!this.newer(entry)) continue;
      checkState(entry.state);
      if (verdict !== 'ok') {
        claimable--;
        claims.push(entry.clientId);
      }
      accepted.push({ clientId: entry.clientId, clock: entry.clock, state: entry.state.slice() });
    }
    if (accepted.length === 0) return { message: null, dropped, claimed: false };
    if (this.roomBytesAfter(accepted) > this.limits.maxRoomBytes)
      return { message: null, dropped: [...dropped, 'room_full'], claimed: false };
    const message = encodeEntries(accepted);
    if (!afford(message.byteLength)) return { message: null, dropped: [...dropped, 'budget'], claimed: false };
    for (const clientId of claims) this.claim(owner, clientId);
    for (const entry of accepted) this.store(entry);
    return { message, dropped, claimed: claims.length > 0 };
  }

  /**
   * Applies a frame another process relayed for one of its connections
   * (`owner.peer` set). That process already bounded the frame for its
   * sender; here the same ownership and clock rules hold, except that a peer
   * never takes an id over from a connection of this process (a late copy
   * from a process the client left must not steal its live cursor back).
   */
  applyFromPeer(owner: AwarenessOwner, update: Uint8Array): Uint8Array | null {
    const entries = readAwarenessEntries(update, Number.MAX_SAFE_INTEGER) ?? [];
    const last = new Map<number, RawAwarenessEntry>();
    for (const entry of entries) last.set(entry.clientId, entry);
    const accepted: RawAwarenessEntry[] = [];
    const claims: number[] = [];
    for (const entry of last.values()) {
      const verdict = this.mayWrite(owner, entry, Number.MAX_SAFE_INTEGER);
      if (verdict !== 'ok' && verdict !== 'claim' && verdict !== 'takeover') continue;
      const current = this.ownership.get(entry.clientId)?.owner;
      if (verdict === 'takeover' && current && !current.peer) continue;
      if (entry.state.byteLength > this.limits.maxStateBytes || !this.newer(entry)) continue;
      checkState(entry.state);
      if (verdict !== 'ok') claims.push(entry.clientId);
      accepted.push({ clientId: entry.clientId, clock: entry.clock, state: entry.state.slice() });
    }
    if (accepted.length === 0 || this.roomBytesAfter(accepted) > this.limits.maxRoomBytes) return null;
    for (const clientId of claims) this.claim(owner, clientId);
    for (const entry of accepted) this.store(entry);
    return encodeEntries(accepted);
  }

  /** The present states of the ids an owner speaks for, as one message (for other processes), or null. */
  messageFor(owner: AwarenessOwner): Uint8Array | null {
    const present: RawAwarenessEntry[] = [];
    for (const clientId of this.idsOf(owner)) {
      const entry = this.clients.get(clientId);
      if (entry?.state) present.push({ clientId, clock: entry.clock, state: entry.state });
    }
    return present.length > 0 ? encodeEntries(present) : null;
  }

  /** The connection closed: its states are removed (returns the removal message) and its ids stay reserved. */
  release(owner: AwarenessOwner): Uint8Array | null {
    const ids = this.owned.get(owner);
    this.owned.delete(owner);
    if (!ids) return null;
    for (const clientId of ids) {
      const ownership = this.ownership.get(clientId);
      if (ownership?.owner === owner) {
        // Re-inserted last, so the oldest reservations are the first to go.
        this.ownership.delete(clientId);
        this.ownership.set(clientId, { owner: null, principal: ownership.principal });
      }
    }
    this.trimReservations();
    return this.remove([...ids]);
  }

  /** Every present state, as sent to a new connection or in answer to query-awareness; cached until a change. */
  snapshot(): Uint8Array | null {
    if (this.cachedSnapshot) return this.cachedSnapshot;
    const present: RawAwarenessEntry[] = [];
    for (const [clientId, { clock, state }] of this.clients) if (state) present.push({ clientId, clock, state });
    if (present.length === 0) return null;
    this.cachedSnapshot = encodeEntries(present);
    return this.cachedSnapshot;
  }

  /** Removes states not renewed for AWARENESS_OUTDATED_MS (a client that froze); returns the removal message. */
  sweep(): Uint8Array | null {
    const cutoff = this.now() - AWARENESS_OUTDATED_MS;
    const outdated: number[] = [];
    for (const [clientId, present] of this.clients) {
      if (present.state && present.lastUpdated <= cutoff) outdated.push(clientId);
    }
    return this.remove(outdated);
  }

  private mayWrite(
    owner: AwarenessOwner,
    entry: RawAwarenessEntry,
    claimable: number,
  ): 'ok' | 'claim' | 'takeover' | AwarenessDropReason {
    const ownership = this.ownership.get(entry.clientId);
    if (ownership?.owner === owner) return 'ok';
    if (this.lost.get(owner)?.has(entry.clientId)) return 'taken_over';
    // Introducing an id takes a real state; a removal for an id one does not own is someone else's.
    if (isNullState(entry.state)) return 'foreign_client';
    if (ownership && ownership.principal !== owner.principal) {
      // Reserved for (or held by) another credential: no hijacking of a live or departed cursor.
      return 'foreign_client';
    }
    if (claimable <= 0) return 'too_many_clients';
    // Same credential on a new socket: a reconnect after a half-open drop takes its id back at once.
    return ownership ? 'takeover' : 'claim';
  }

  private claim(owner: AwarenessOwner, clientId: number): void {
    const previous = this.ownership.get(clientId)?.owner;
    if (previous && previous !== owner) {
      this.owned.get(previous)?.delete(clientId);
      // A peer owner stands for every connection of one principal on another process, including the
      // client's next one there: only a single socket loses an id for good.
      if (!previous.peer) {
        let lost = this.lost.get(previous);
        if (!lost) {
          lost = new Set();
          this.lost.set(previous, lost);
        }
        lost.add(clientId);
      }
    }
    this.ownership.set(clientId, { owner, principal: owner.principal });
    let ids = this.owned.get(owner);
    if (!ids) {
      ids = new Set();
      this.owned.set(owner, ids);
    }
    ids.add(clientId);
  }

  /** y-protocols' rule: a higher clock wins; an equal clock may only remove a present state. */
  private newer(entry: RawAwarenessEntry): boolean {
    const current = this.clients.get(entry.clientId);
    const clock = current?.clock ?? 0;
    return clock < entry.clock || (clock === entry.clock && isNullState(entry.state) && current?.state != null);
  }

  private store(entry: RawAwarenessEntry): void {
    const previous = this.clients.get(entry.clientId);
    const state = isNullState(entry.state) ? null : entry.state;
    this.roomBytes += (state?.byteLength ?? 0) - (previous?.state?.byteLength ?? 0);
    this.clients.set(entry.clientId, { clock: entry.clock, state, lastUpdated: this.now() });
    this.cachedSnapshot = null;
  }

  private roomBytesAfter(entries: readonly RawAwarenessEntry[]): number {
    let bytes = this.roomBytes;
    for (const entry of entries) {
      const previous = this.clients.get(entry.clientId)?.state?.byteLength ?? 0;
      bytes += (isNullState(entry.state) ? 0 : entry.state.byteLength) - previous;
    }
    return bytes;
  }

  private remove(clientIds: readonly number[]): Uint8Array | null {
    const removed: RawAwarenessEntry[] = [];
    for (const clientId of clientIds) {
      const present = this.clients.get(clientId);
      if (!present?.state) continue;
      this.roomBytes -= present.state.byteLength;
      present.state = null;
      removed.push({ clientId, clock: present.clock, state: NULL_STATE });
    }
    if (removed.length === 0) return null;
    this.cachedSnapshot = null;
    return encodeEntries(removed);
  }

  private trimReservations(): void {
    if (this.ownership.size <= MAX_RESERVED_IDS) return;
    for (const [clientId, ownership] of this.ownership) {
      if (this.ownership.size <= MAX_RESERVED_IDS) return;
      if (ownership.owner === null) {
        this.ownership.delete(clientId);
        if (!this.clients.get(clientId)?.state) this.clients.delete(clientId);
      }
    }
  }
}

function encodeEntries(entries: readonly RawAwarenessEntry[]): Uint8Array {
  return encodeAwarenessMessage(entries, entries.length);
}

function isNullState(state: Uint8Array): boolean {
  return (
    state.byteLength === 4 &&
    state[0] === NULL_STATE[0] &&
    state[1] === NULL_STATE[1] &&
    state[2] === NULL_STATE[2] &&
    state[3] === NULL_STATE[3]
  );
}

/**
 * Every client JSON.parses what we relay and editors read `state.user`: a
 * state that is not a JSON object (or null) would throw in every other
 * client's message handler, so it is refused here, once, for everyone.
 */
function checkState(state: Uint8Array): void {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(state));
  } catch (error) {
    throw new ProtocolError('awareness state is not JSON', { cause: error });
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw new ProtocolError('awareness state is not a JSON object');
  }
}
