/**
 * One loaded document: its Y.Doc (holding only durably committed state), its
 * awareness, its connections, and the group-commit queue that stands between
 * a client's update and everyone else seeing it.
 */
import * as Y from 'yjs';
import { MAX_TITLE_LENGTH, readTitle, TITLE_FIELD, titleText, writeTitle } from '../lib/doc-model';
import { recheck } from './access-check';
import {
  AWARENESS_OUTDATED_MS,
  type AwarenessDropReason,
  type AwarenessOwner,
  AwarenessRelay,
} from './awareness-relay';
import { CatalogueRecorder } from './catalogue-recorder';
import { CloseCode, type CloseCodeValue } from './close-codes';
import type { Cluster } from './cluster/cluster';
import { type LocalAwareness, RoomLink } from './cluster/room-link';
import type { Connection, ConnectionHandlers } from './connection';
import type { Directory } from './directory';
import type { DocPositions } from './doc-positions';
import { EncodedState } from './encoded-state';
import { Handshakes } from './handshakes';
import type { SyncLimits } from './limits';
import type { Logger } from './log';
import type { SyncMetrics } from './metrics';
import type { TransactionOrigin } from './origin';
import { type Admission, CommitQueue, type PendingUpdate, PersistError } from './persistence';
import * as protocol from './protocol';
import { SavedAcks } from './saved-acks';
import { DocumentDeletedError, HeadMovedError, type SeqRange, type Storage } from './storage/storage';
import { type LoadedDoc, loadStoredDoc, loadStoredDocument } from './stored-doc';
import { UpdateGate, type UpdateRefusal } from './update-gate';

export interface RoomDependencies {
  storage: Storage;
  directory: Directory;
  metrics: SyncMetrics;
  log: Logger;
  /** Log rows after which the room compacts in the background. */
  compactThreshold: number;
  /** Log bytes after which the room compacts in the background (one huge paste is worth many keystrokes). */
  compactBytes?: number;
  limits: SyncLimits;
  /** Set when several processes serve documents (a bus is configured). */
  cluster?: Cluster;
  /** The clock for compaction backoff (tests pass a fake one). Default Date.now. */
  now?: () => number;
}

/** First wait after a failed compaction; doubled after each failure in a row, up to the maximum. */
const COMPACT_BACKOFF_MS = 5_000;
const MAX_COMPACT_BACKOFF_MS = 5 * 60_000;

/** Default for `compactBytes`: 4 MiB of log. */
export const DEFAULT_COMPACT_BYTES = 4 * 1024 * 1024;

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  private readonly awareness: AwarenessRelay;
  private readonly awarenessSweep: NodeJS.Timeout;
  private readonly connections = new Set<Connection>();
  private readonly encoded: EncodedState;
  private readonly acks = new SavedAcks(this.doc);
  private readonly commits: CommitQueue;
  private readonly gate = new UpdateGate(this.doc);
  private readonly handshakes = new Handshakes();
  private compacting: Promise<void> | null = null;
  /** After failed compactions: no new attempt before this time (a broken snapshot table must not cost a full encode per batch). */
  private compactRetryAt = 0;
  private compactFailures = 0;
  private changedInBatch = false;
  /** The title as last read; null when a change to the title text was applied since (body edits leave it). */
  private title: string | null = null;
  private deleted = false;
  private readonly log: Logger;
  private readonly catalogue: CatalogueRecorder;
  /** This room's membership in the cluster, when there is one. */
  private readonly link: RoomLink | null;
  /** Awareness owners standing for another process's connections, by process and principal. */
  private readonly peers = new Map<string, AwarenessOwner>();
  /** One handler object for all of this room's connections (not one with two closures per connection). */
  private readonly handlers: ConnectionHandlers = {
    onMessage: (connection, message) => this.handleMessage(connection, message),
    onClose: (connection) => this.detach(connection),
  };

  /** Which log rows the doc holds; set by `load`. */
  private positions!: DocPositions;

  private constructor(
    readonly name: string,
    private readonly deps: RoomDependencies,
  ) {
    this.log = deps.log.child({ room: name });
    this.catalogue = new CatalogueRecorder(name, deps.directory, this.log);
    this.link = deps.cluster ? new RoomLink(this, deps.cluster, deps.storage, deps.metrics, this.log) : null;
    this.commits = new CommitQueue(name, deps.storage, deps.metrics, this.log, {
      admit: (batch) => this.admit(batch),
      committed: (batch, range) => this.applyCommitted(batch, range),
      failed: (batch, error) => this.commitFailed(batch, error),
      unchanged: (updates) => this.alreadyHeld(updates),
    });
    this.encoded = new EncodedState(this.doc, () => deps.metrics.stateEncodes.inc());
    this.awareness = new AwarenessRelay({
      maxStateBytes: deps.limits.maxAwarenessStateBytes,
      maxEntriesPerFrame: deps.limits.maxAwarenessEntries,
      maxClientsPerConnection: deps.limits.maxAwarenessClients,
      maxRoomBytes: deps.limits.maxAwarenessRoomBytes,
    });
    // Clients drop a state not renewed for 30 s; so does the relay, or new joiners would see frozen cursors.
    // (Remote states too: their owners renew them over the bus like local ones.)
    this.awarenessSweep = setInterval(() => this.broadcast(this.awareness.sweep()), AWARENESS_OUTDATED_MS / 2);
    this.awarenessSweep.unref();
    titleText(this.doc).observe(() => {
      this.title = null;
    });
  }

  /** Loads the stored state; throws (and stores nothing) when it cannot be read. */
  static async load(name: string, deps: RoomDependencies): Promise<Room> {
    const room = new Room(name, deps);
    try {
      // Subscribed before reading storage: what others commit meanwhile is queued, not missed.
      if (room.link) await deps.cluster!.join(room.link);
      // Applied before anyone listens for updates: the load is not re-encoded for listeners (see EncodedState.watch).
      const loaded = await loadStoredDocument(deps.storage, name, room.doc);
      room.positions = loaded.positions;
      room.dropPending();
      room.listen(loaded);
      if (room.positions.head === 0) await room.seedTitle();
      room.link?.loaded();
    } catch (error) {
      room.destroy();
      throw error;
    }
    return room;
  }

  /** From here on every change of the doc is broadcast and invalidates the cached encodings. */
  private listen(loaded: LoadedDoc): void {
    this.encoded.watch(loaded);
    this.doc.on('update', (update: Uint8Array, origin: TransactionOrigin) => this.broadcastUpdate(update, origin));
  }

  /**
   * The document was deleted: close everyone with 4404, drop what is queued and
   * refuse further writes, so nothing is stored for it after its storage is removed.
   */
  markDeleted(): void {
    this.deleted = true;
    this.commits.close(new PersistError(`document ${this.name} was deleted`));
    this.closeAll(CloseCode.documentDeleted, 'document deleted');
  }

  /**
   * Stored by a server that still admitted them, updates with missing
   * dependencies stay pending forever: never integrated, never visible, yet
   * re-sent in every sync step 2 and retried on every later update. Dropped.
   */
  private dropPending(): void {
    const { store } = this.doc;
    if (store.pendingStructs === null && store.pendingDs === null) return;
    this.log.warn('stored state holds updates with missing dependencies; dropping them from the live document');
    store.pendingStructs = null;
    store.pendingDs = null;
  }

  /** A brand-new document takes its title from the catalogue once; clients never seed content. */
  private async seedTitle(): Promise<void> {
    const title = await this.deps.directory.catalogueTitle(this.name);
    if (!title) return;
    const seed = new Y.Doc();
    try {
      writeTitle(seed, title);
      const update = Y.encodeStateAsUpdate(seed);
      // Only as the very first row: two processes loading a new document at once must not both seed it.
      const range = await this.deps.storage.append(this.name, [update], { expectHead: 0 });
      Y.applyUpdate(this.doc, update, { source: 'seed' } satisfies TransactionOrigin);
      this.positions.applied(range, update.byteLength);
      this.link?.committed(range, [update]);
    } catch (error) {
      if (!(error instanceof HeadMovedError)) throw error;
      // Someone else wrote first (their seed or an edit): read what they stored.
      this.positions = await loadStoredDoc(this.deps.storage, this.name, this.doc);
    } finally {
      seed.destroy();
    }
  }

  /** Starts serving a connection; `onDetached` runs once when it closes. */
  attach(connection: Connection, onDetached: () => void): void {
    this.connections.add(connection);
    connection.attach(this.handlers, onDetached);
    if (this.deleted) {
      connection.close(CloseCode.documentDeleted, 'document deleted');
      return;
    }
    if (this.refuseIfTooLarge(connection)) return;
    connection.send(this.encoded.syncStep1());
    const present = this.awareness.snapshot();
    if (present) connection.send(present);
  }

  /**
   * A document beyond SYNC_MAX_DOCUMENT_BYTES is not served: the client is told
   * so with a final code instead of being closed as "slow" and reconnecting
   * forever (each attempt costing a full encode).
   */
  private refuseIfTooLarge(connection: Connection): boolean {
    const size = this.encoded.sizeBeyond(this.deps.limits.maxDocumentBytes);
    if (size === null) return false;
    this.log.warn({ bytes: size, limit: this.deps.limits.maxDocumentBytes }, 'document too large to serve');
    connection.close(CloseCode.documentTooLarge, 'document too large');
    return true;
  }

  private detach(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    // No ghost cursors: whatever this socket introduced leaves with it (here and in every process).
    const removal = this.awareness.release(connection);
    this.broadcast(removal);
    if (removal) this.link?.localAwareness(connection.principal, removal);
  }

  private handleMessage(connection: Connection, message: protocol.ClientMessage): void {
    switch (message.type) {
      case 'sync-step1':
        this.handshakes.started(connection);
        // Viewers too: they must receive the document.
        if (!this.refuseIfTooLarge(connection)) connection.send(this.encoded.syncStep2(message.stateVector));
        return;
      case 'sync-step2':
      case 'update':
        if (message.type === 'sync-step2') this.handshakes.answered(connection);
        else this.handshakes.noteUpdate(connection, message.update);
        // An empty step 2 (a fresh client answering our step 1) attempts nothing: no denial for it.
        if (protocol.isEmptyUpdate(message.update)) return;
        // Before anything reads the payload: a viewer's bytes are never parsed, stored or relayed.
        if (!connection.canWrite) {
          if (!connection.deniedWrite) {
            connection.deniedWrite = true;
            connection.send(protocol.encodePermissionDenied(protocol.permissionDeniedReadOnly));
          }
          return;
        }
        this.commits.enqueue(message.update, { source: 'client', connection }).catch(() => {
          // Handled in commitFailed(): connections are closed and clients resend on reconnect.
        });
        return;
      case 'awareness':
        this.applyAwareness(connection, message.update);
        return;
      case 'query-awareness': {
        // One byte in, the whole room's presence out: paid from the asker's budget.
        const present = this.awareness.snapshot();
        if (present && connection.chargeFanOut(present.byteLength)) connection.send(present);
        else if (present) this.countAwarenessDrops(['budget']);
        return;
      }
      case 'auth':
      case 'auth-renew': // handled by the connection itself
        // Clients have nothing else to say in the auth channel; ignore rather than punish.
        return;
      case 'unknown':
        // As the reference server does: a newer client's extension must not cost it the connection.
        this.deps.metrics.unknownMessages.inc();
        return;
    }
  }

  /**
   * Relays the entries this connection may speak for. The relay costs the
   * sender's fan-out budget (message bytes × connections in the room).
   */
  private applyAwareness(connection: Connection, update: Uint8Array): void {
    const { message, dropped, claimed } = this.awareness.apply(connection, update, (bytes) =>
      connection.chargeFanOut(bytes * this.connections.size),
    );
    this.countAwarenessDrops(dropped);
    this.broadcast(message);
    if (message) this.link?.localAwareness(connection.principal, message);
    // A (re)connected client learns at once how much of its own work is already stored.
    if (claimed) this.sendSaved(connection);
  }

  private sendSaved(connection: Connection): void {
    if (!SavedAcks.wants(connection)) return;
    const saved = this.acks.messageFor(connection, this.awareness.idsOf(connection));
    if (saved) connection.send(saved);
  }

  private countAwarenessDrops(reasons: readonly AwarenessDropReason[]): void {
    for (const reason of reasons) this.deps.metrics.awarenessDropped.inc({ reason });
  }

  private broadcast(message: Uint8Array | null): void {
    if (message === null) return;
    for (const connection of this.connections) connection.send(message);
  }

  /** Sets the title as the admin API asks; resolves once it is durable and broadcast. */
  async setTitle(title: string): Promise<void> {
    // Idempotent: a retried rename must not add a delete+insert pair each time.
    if (this.doc.getText(TITLE_FIELD).toString() === title.slice(0, MAX_TITLE_LENGTH)) return;
    // Build the change on a copy so the live doc still holds only committed state.
    const scratch = new Y.Doc();
    try {
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
      const before = Y.encodeStateVector(scratch);
      writeTitle(scratch, title);
      await this.commits.enqueue(Y.encodeStateAsUpdate(scratch, before), { source: 'admin' });
    } finally {
      scratch.destroy();
    }
  }

  private admit(batch: readonly PendingUpdate[]): Admission {
    const unchanged: PendingUpdate[] = [];
    const store = this.gate.admit(
      this.withinSizeBound(batch),
      (pending, refusal: UpdateRefusal) => {
        if (refusal.reason === 'missing_dependencies' && this.handshakes.forgives(pending)) {
          // Not stored, not fatal: the sender's step 2, on its way, carries this update and what it needs.
          this.deps.metrics.updatesRefused.inc({ reason: 'before_step2' });
          return;
        }
        this.log.warn({ err: refusal, reason: refusal.reason }, 'refusing an update');
        this.deps.metrics.updatesRefused.inc({ reason: refusal.reason });
        // Reconnecting would resend the same update: a final code tells the client not to.
        if (pending.origin.source === 'client') {
          pending.origin.connection.close(CloseCode.updateRefused, refusal.message);
        }
      },
      (pending) => unchanged.push(pending),
    );
    return { store, unchanged };
  }

  /** Updates the document already held: nothing stored, but their senders learn they are saved. */
  private alreadyHeld(updates: readonly PendingUpdate[]): void {
    this.deps.metrics.updatesUnchanged.inc(updates.length);
    const senders = new Set<Connection>();
    for (const pending of updates) {
      if (pending.origin.source !== 'client') continue;
      this.acks.wrote(pending.origin.connection, pending.update);
      senders.add(pending.origin.connection);
    }
    for (const connection of senders) this.sendSaved(connection);
  }

  /**
   * Drops updates that would grow the document beyond SYNC_MAX_DOCUMENT_BYTES
   * (counted as committed size + the batch's bytes, an upper bound); their
   * senders are told with the final 4413.
   */
  private withinSizeBound(batch: readonly PendingUpdate[]): PendingUpdate[] {
    const limit = this.deps.limits.maxDocumentBytes;
    let added = 0;
    const within: PendingUpdate[] = [];
    for (const pending of batch) {
      const size = this.encoded.sizeBeyond(limit - added - pending.update.byteLength);
      if (size === null || pending.origin.source !== 'client') {
        added += pending.update.byteLength;
        within.push(pending);
        continue;
      }
      this.deps.metrics.updatesRefused.inc({ reason: 'document_too_large' });
      pending.origin.connection.close(CloseCode.documentTooLarge, 'document too large');
    }
    return within;
  }

  /**
   * Storage keeps failing: nothing of this batch was broadcast, so dropping it
   * and closing the connections is safe. Clients still hold their edits and
   * send them again in the sync handshake when they reconnect.
   */
  private commitFailed(batch: readonly PendingUpdate[], error: PersistError): void {
    if (error.cause instanceof DocumentDeletedError) {
      this.log.info('document was deleted; closing its connections');
      this.markDeleted();
      return;
    }
    this.log.error({ err: error, updates: batch.length }, 'giving up on batch; closing connections');
    this.gate.reset();
    this.closeAll(CloseCode.serverError, 'storage unavailable');
  }

  private applyCommitted(batch: readonly PendingUpdate[], range: SeqRange): void {
    this.changedInBatch = false;
    let editor: string | null = null;
    for (const pending of batch) {
      try {
        Y.applyUpdate(this.doc, pending.update, pending.origin);
      } catch (error) {
        this.log.error({ err: error }, 'stored update failed to apply');
      }
      if (pending.origin.source !== 'client') continue;
      // Parsing the update for its client ids is only worth it for a connection that gets acknowledgements.
      if (SavedAcks.wants(pending.origin.connection)) this.acks.wrote(pending.origin.connection, pending.update);
      // The token's subject, never a name the client chose (tokens without `sub` are operators': their name).
      const identity = pending.origin.connection.identity;
      editor = identity.sub ?? identity.name ?? editor;
    }
    const updates = batch.map((pending) => pending.update);
    this.positions.applied(
      range,
      updates.reduce((bytes, update) => bytes + update.byteLength, 0),
    );
    this.link?.committed(range, updates);
    const senders = new Set<Connection>();
    for (const pending of batch) if (pending.origin.source === 'client') senders.add(pending.origin.connection);
    for (const connection of senders) this.sendSaved(connection);
    if (this.changedInBatch) {
      this.title ??= readTitle(this.doc);
      this.catalogue.record({ title: this.title, editor, at: Date.now() });
    }
    this.compactIfDue();
  }

  /**
   * Another process committed `update` (or it was read back from storage): tell
   * the ack=1 connections whose client ids it carries (a client that moved here
   * from another process learns its earlier edits there are saved).
   */
  announceSavedFor(update: Uint8Array | null): void {
    const ids = update === null ? null : new Set(Y.parseUpdateMeta(update).to.keys());
    for (const connection of this.connections) {
      if (!SavedAcks.wants(connection)) continue;
      if (ids !== null && !this.acks.concerns(connection, this.awareness.idsOf(connection), ids)) continue;
      this.sendSaved(connection);
    }
  }

  /** Which log rows the doc holds (undefined while loading). */
  get loadedPositions(): DocPositions | undefined {
    return this.positions;
  }

  /** Applies awareness relayed by another process, on behalf of its connection with `principal`. */
  applyPeerAwareness(processId: string, principal: string, message: Uint8Array): void {
    const key = `${processId}\u0000${principal}`;
    let owner = this.peers.get(key);
    if (!owner) {
      owner = { principal, peer: processId };
      this.peers.set(key, owner);
    }
    try {
      this.broadcast(this.awareness.applyFromPeer(owner, protocol.awarenessPayload(message)));
    } catch (error) {
      this.log.warn({ err: error }, 'malformed awareness from another process');
    }
  }

  /** A process died (or stopped beating): its connections' cursors leave. */
  dropPeer(processId: string): void {
    for (const [key, owner] of this.peers) {
      if (owner.peer !== processId) continue;
      this.peers.delete(key);
      this.broadcast(this.awareness.release(owner));
    }
  }

  peerProcesses(): Set<string> {
    const ids = new Set<string>();
    for (const owner of this.peers.values())
      if (owner.peer && this.awareness.idsOf(owner).size > 0) ids.add(owner.peer);
    return ids;
  }

  /** The awareness states of this process's own connections, one message per connection. */
  localAwareness(): LocalAwareness[] {
    const states: LocalAwareness[] = [];
    for (const connection of this.connections) {
      const message = this.awareness.messageFor(connection);
      if (message) states.push({ principal: connection.principal, message });
    }
    return states;
  }

  private compactIfDue(): void {
    const { rowsSinceSnapshot, bytesSinceSnapshot } = this.positions;
    if (this.clock() < this.compactRetryAt) return;
    if (
      rowsSinceSnapshot >= this.deps.compactThreshold ||
      bytesSinceSnapshot >= (this.deps.compactBytes ?? DEFAULT_COMPACT_BYTES)
    ) {
      void this.compact();
    }
  }

  /**
   * Stores the state this room already holds as the snapshot (compaction is
   * done once, here, not re-merged inside each backend) and lets storage drop
   * the rows it covers. A compare-and-swap on the snapshot's sequence: when
   * another process compacted first, ours is dropped and theirs is noted.
   * Never two at once for one document.
   */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    const { head, snapshotSeq } = this.positions;
    if (this.deleted || head <= snapshotSeq) return Promise.resolve();
    // Everything up to `head` is in the doc (perhaps more: a superset is a valid snapshot for `head`).
    const data = Y.encodeStateAsUpdate(this.doc);
    this.compacting = this.deps.storage
      .swapSnapshot(this.name, snapshotSeq, { seq: head, data })
      .then((result) => {
        this.positions.snapshotStored(result.snapshotSeq);
        if (result.swapped) this.deps.metrics.compactions.inc();
        this.compactFailures = 0;
        this.compactRetryAt = 0;
      })
      .catch((error: unknown) => {
        const wait = Math.min(MAX_COMPACT_BACKOFF_MS, COMPACT_BACKOFF_MS * 2 ** this.compactFailures);
        this.compactFailures++;
        this.compactRetryAt = this.clock() + wait;
        this.deps.metrics.compactionFailures.inc();
        this.log.warn({ err: error, retryInMs: wait }, 'compaction failed; the log stays as is');
      })
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  private clock(): number {
    return (this.deps.now ?? Date.now)();
  }

  private broadcastUpdate(update: Uint8Array, origin: TransactionOrigin): void {
    this.changedInBatch = true;
    // Committed by another process: the gate's replica must hold it too, or later local updates built on it would not apply there.
    if (origin.source === 'bus' || origin.source === 'catch-up') this.gate.mirror(update);
    if (this.connections.size === 0) return;
    const message = protocol.encodeUpdate(update);
    // The sender already has its own update; y-websocket needs no echo.
    const sender = origin.source === 'client' ? origin.connection : null;
    for (const connection of this.connections) {
      if (connection !== sender) connection.send(message);
    }
  }

  /** Resolves when every queued update has been committed (or given up on). */
  async flush(): Promise<void> {
    await this.commits.flush();
    await this.catalogue.flush();
    if (this.compacting) await this.compacting;
  }

  /**
   * Who may open the document changed (admin API, or another process over
   * the bus): every open connection is checked against the permissions now
   * stored, with the web app's own policy. A person who lost access is closed
   * with 4403 (4410 when they came through a link that was reset or turned
   * off); one whose role changed is closed with 4409 and reconnects with a
   * token for the new role, so a downgraded editor writes nothing more.
   */
  async recheckAccess(): Promise<void> {
    const facts = await this.deps.directory.documentAccess(this.name);
    if (facts === null) return; // an ad-hoc room without a catalogue row; deletion has its own path
    for (const connection of [...this.connections]) {
      const { sub, link, role } = connection.identity;
      if (!sub) continue; // operator tokens (`npm run token`) are not bound to a person
      const verdict = recheck({ sub, link: link ?? null, role }, facts);
      if (verdict.kind === 'keep') continue;
      this.log.info({ conn: connection.id, verdict }, 'access changed for an open connection');
      if (verdict.kind === 'changed') connection.close(CloseCode.accessChanged, `role is now ${verdict.role}`);
      else if (verdict.because === 'link') connection.close(CloseCode.linkReset, 'the link was reset');
      else connection.close(CloseCode.accessRevoked, 'access removed');
    }
  }

  closeAll(code: CloseCodeValue, reason: string): void {
    for (const connection of [...this.connections]) connection.close(code, reason);
  }

  destroy(): void {
    this.link?.stop();
    this.gate.reset();
    clearInterval(this.awarenessSweep);
    this.doc.destroy();
  }
}
