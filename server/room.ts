/**
 * One loaded document: its Y.Doc (holding only durably committed state), its
 * awareness, its connections, and the group-commit queue that stands between
 * a client's update and everyone else seeing it.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MAX_TITLE_LENGTH, readTitle, TITLE_FIELD, writeTitle } from '../lib/doc-model';
import { CatalogueRecorder } from './catalogue-recorder';
import { CloseCode, type CloseCodeValue } from './close-codes';
import type { Cluster } from './cluster/cluster';
import { RoomLink } from './cluster/room-link';
import type { Connection } from './connection';
import type { Directory } from './directory';
import type { DocPositions } from './doc-positions';
import type { Logger } from './log';
import type { SyncMetrics } from './metrics';
import type { TransactionOrigin } from './origin';
import { CommitQueue, type PendingUpdate, PersistError } from './persistence';
import * as protocol from './protocol';
import { DocumentDeletedError, HeadMovedError, type SeqRange, type Storage } from './storage/storage';
import { loadStoredDoc } from './stored-doc';
import { UpdateGate } from './update-gate';

/**
 * Awareness client ids one connection may introduce. A stock provider uses one
 * (its doc's clientID); without a bound, any connection, a viewer's included,
 * could fill the room's memory and every screen with invented cursors.
 */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;

export interface RoomDependencies {
  storage: Storage;
  directory: Directory;
  metrics: SyncMetrics;
  log: Logger;
  /** Log rows after which the room compacts in the background. */
  compactThreshold: number;
  /** Log bytes after which the room compacts in the background (one huge paste is worth many keystrokes). */
  compactBytes?: number;
  /** Set when several processes serve documents (a bus is configured). */
  cluster?: Cluster;
}

/** Default for `compactBytes`: 4 MiB of log. */
export const DEFAULT_COMPACT_BYTES = 4 * 1024 * 1024;

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly connections = new Map<Connection, Set<number>>();
  private readonly awarenessOwners = new Map<number, Connection>();
  private readonly commits: CommitQueue;
  private readonly gate = new UpdateGate(this.doc);
  private compacting: Promise<void> | null = null;
  private changedInBatch = false;
  private deleted = false;
  private readonly log: Logger;
  private readonly catalogue: CatalogueRecorder;
  /** This room's membership in the cluster, when there is one. */
  private readonly link: RoomLink | null;

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
    });
    // The server is not a participant: it must not show up as a cursor.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: TransactionOrigin) => this.broadcastUpdate(update, origin));
    this.awareness.on('update', (change: AwarenessChange, origin: TransactionOrigin) =>
      this.broadcastAwareness(change, origin),
    );
  }

  /** Loads the stored state; throws (and stores nothing) when it cannot be read. */
  static async load(name: string, deps: RoomDependencies): Promise<Room> {
    const room = new Room(name, deps);
    try {
      // Subscribed before reading storage: what others commit meanwhile is queued, not missed.
      if (room.link) await deps.cluster!.join(room.link);
      room.positions = await loadStoredDoc(deps.storage, name, room.doc);
      if (room.positions.head === 0) await room.seedTitle();
      room.link?.loaded();
    } catch (error) {
      room.destroy();
      throw error;
    }
    return room;
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
    this.connections.set(connection, new Set());
    connection.attach({
      onMessage: (conn, message) => this.handleMessage(conn, message),
      onClose: (conn) => {
        this.detach(conn);
        onDetached();
      },
    });
    if (this.deleted) {
      connection.close(CloseCode.documentDeleted, 'document deleted');
      return;
    }
    connection.send(protocol.encodeSyncStep1(this.doc));
    const present = [...this.awareness.getStates().keys()];
    if (present.length > 0) connection.send(protocol.encodeAwareness(this.awareness, present));
    if (connection.identity.ack) connection.send(protocol.encodeSaved(Y.encodeStateVector(this.doc)));
  }

  private detach(connection: Connection): void {
    const owned = this.connections.get(connection);
    if (!owned) return;
    this.connections.delete(connection);
    for (const clientId of owned) this.awarenessOwners.delete(clientId);
    // No ghost cursors: whatever this socket introduced leaves with it.
    awarenessProtocol.removeAwarenessStates(this.awareness, [...owned], {
      source: 'client',
      connection,
    } satisfies TransactionOrigin);
  }

  private handleMessage(connection: Connection, message: protocol.ClientMessage): void {
    switch (message.type) {
      case 'sync-step1':
        // Viewers too: they must receive the document.
        connection.send(protocol.encodeSyncStep2(this.doc, message.stateVector));
        return;
      case 'sync-step2':
      case 'update':
        // An empty step 2 (a fresh client answering our step 1) attempts nothing: no denial for it.
        if (message.empty) return;
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
        this.applyAwareness(connection, message.entries);
        return;
      case 'query-awareness':
        connection.send(protocol.encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      case 'auth':
        // Clients have nothing to say in the auth channel; ignore rather than punish.
        return;
    }
  }

  /** Keeps only entries for client ids this connection introduced (or introduces now). */
  private applyAwareness(connection: Connection, entries: readonly protocol.AwarenessEntry[]): void {
    const owned = this.connections.get(connection);
    if (!owned) return;
    const allowed = entries.filter((entry) => {
      if (entry.clientId === this.doc.clientID) return false;
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner === connection) return true;
      if (owner !== undefined || entry.state === null) return false;
      // Clients echo the states they receive: an entry for another process's client is a copy,
      // unless it is newer than what we hold, or the first id this connection introduces (a
      // stock provider sends its own state first on open: that client, reconnected here).
      if (
        owned.size > 0 &&
        this.link?.ownedRemotely(entry.clientId) &&
        entry.clock <= (this.awareness.meta.get(entry.clientId)?.clock ?? 0)
      ) {
        return false;
      }
      if (owned.size >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) return false;
      this.awarenessOwners.set(entry.clientId, connection);
      owned.add(entry.clientId);
      this.link?.claimedLocally(entry.clientId);
      return true;
    });
    if (allowed.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, protocol.encodeAwarenessEntries(allowed), {
      source: 'client',
      connection,
    } satisfies TransactionOrigin);
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

  private admit(batch: readonly PendingUpdate[]): PendingUpdate[] {
    return this.gate.admit(batch, (pending, error) => {
      this.log.warn({ err: error }, 'refusing an update that does not apply');
      // Reconnecting would resend the same update: 4400 tells the client not to.
      if (pending.origin.source === 'client') {
        pending.origin.connection.close(CloseCode.badMessage, 'update does not apply to the document');
      }
    });
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
      if (pending.origin.source === 'client' && pending.origin.connection.identity.name !== null) {
        editor = pending.origin.connection.identity.name;
      }
    }
    this.positions.applied(
      range,
      batch.reduce((bytes, pending) => bytes + pending.update.byteLength, 0),
    );
    this.link?.committed(
      range,
      batch.map((pending) => pending.update),
    );
    this.announceSaved();
    if (this.changedInBatch) this.catalogue.record({ title: readTitle(this.doc), editor, at: Date.now() });
    this.compactIfDue();
  }

  /** Tells ack=1 connections what is durable now: the doc holds committed state only. */
  announceSaved(): void {
    let saved: Uint8Array | null = null;
    for (const connection of this.connections.keys()) {
      if (!connection.identity.ack) continue;
      saved ??= protocol.encodeSaved(Y.encodeStateVector(this.doc));
      connection.send(saved);
    }
  }

  /** Which log rows the doc holds (undefined while loading). */
  get loadedPositions(): DocPositions | undefined {
    return this.positions;
  }

  ownsLocally(clientId: number): boolean {
    return this.awarenessOwners.has(clientId);
  }

  localClientIds(): number[] {
    return [...this.awarenessOwners.keys()].filter((id) => this.awareness.getStates().has(id));
  }

  private compactIfDue(): void {
    const { rowsSinceSnapshot, bytesSinceSnapshot } = this.positions;
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
      })
      .catch((error: unknown) => this.log.warn({ err: error }, 'compaction failed; the log stays as is'))
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  private broadcastUpdate(update: Uint8Array, origin: TransactionOrigin): void {
    this.changedInBatch = true;
    // Committed by another process: the gate's replica must hold it too, or later local updates built on it would not apply there.
    if (origin.source === 'bus' || origin.source === 'catch-up') this.gate.mirror(update);
    if (this.connections.size === 0) return;
    const message = protocol.encodeUpdate(update);
    // The sender already has its own update; y-websocket needs no echo.
    const sender = origin.source === 'client' ? origin.connection : null;
    for (const connection of this.connections.keys()) {
      if (connection !== sender) connection.send(message);
    }
  }

  private broadcastAwareness({ added, updated, removed }: AwarenessChange, origin: TransactionOrigin): void {
    const changed = [...added, ...updated, ...removed];
    if (changed.length > 0 && origin.source === 'client') this.link?.localAwarenessChanged(changed);
    if (changed.length === 0 || this.connections.size === 0) return;
    const message = protocol.encodeAwareness(this.awareness, changed);
    for (const connection of this.connections.keys()) connection.send(message);
  }

  /** Resolves when every queued update has been committed (or given up on). */
  async flush(): Promise<void> {
    await this.commits.flush();
    await this.catalogue.flush();
    if (this.compacting) await this.compacting;
  }

  closeAll(code: CloseCodeValue, reason: string): void {
    for (const connection of [...this.connections.keys()]) connection.close(code, reason);
  }

  destroy(): void {
    this.link?.stop();
    this.gate.reset();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
