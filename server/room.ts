/**
 * One loaded document: its Y.Doc (holding only durably committed state), its
 * awareness, its connections, and the group-commit queue that stands between
 * a client's update and everyone else seeing it.
 */
import * as Y from 'yjs';
import { MAX_TITLE_LENGTH, readTitle, TITLE_FIELD, writeTitle } from '../lib/doc-model';
import { AWARENESS_OUTDATED_MS, type AwarenessDropReason, AwarenessRelay } from './awareness-relay';
import { CloseCode, type CloseCodeValue } from './close-codes';
import type { Connection } from './connection';
import type { Directory } from './directory';
import { EncodedState } from './encoded-state';
import type { SyncLimits } from './limits';
import type { Logger } from './log';
import type { SyncMetrics } from './metrics';
import type { TransactionOrigin } from './origin';
import { CommitQueue, type PendingUpdate, PersistError } from './persistence';
import * as protocol from './protocol';
import { SavedAcks } from './saved-acks';
import type { Storage } from './storage/storage';
import { UpdateGate, type UpdateRefusal } from './update-gate';

export interface RoomDependencies {
  storage: Storage;
  directory: Directory;
  metrics: SyncMetrics;
  log: Logger;
  /** Log rows after which the room compacts in the background. */
  compactThreshold: number;
  limits: SyncLimits;
}

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  private readonly awareness: AwarenessRelay;
  private readonly awarenessSweep: NodeJS.Timeout;
  private readonly connections = new Set<Connection>();
  private readonly encoded: EncodedState;
  private readonly acks = new SavedAcks(this.doc);
  private readonly commits: CommitQueue;
  private readonly gate = new UpdateGate(this.doc);
  private compacting: Promise<void> | null = null;
  private changedInBatch = false;
  private deleted = false;
  private readonly log: Logger;

  private constructor(
    readonly name: string,
    private readonly deps: RoomDependencies,
    private logLength: number,
  ) {
    this.log = deps.log.child({ room: name });
    this.commits = new CommitQueue(name, deps.storage, deps.metrics, this.log, {
      admit: (batch) => this.admit(batch),
      committed: (batch) => this.applyCommitted(batch),
      failed: (batch, error) => this.commitFailed(batch, error),
    });
    this.encoded = new EncodedState(this.doc, () => deps.metrics.stateEncodes.inc());
    this.awareness = new AwarenessRelay({
      maxStateBytes: deps.limits.maxAwarenessStateBytes,
      maxEntriesPerFrame: deps.limits.maxAwarenessEntries,
      maxClientsPerConnection: deps.limits.maxAwarenessClients,
      maxRoomBytes: deps.limits.maxAwarenessRoomBytes,
    });
    // Clients drop a state not renewed for 30 s; so does the relay, or new joiners would see frozen cursors.
    this.awarenessSweep = setInterval(() => this.broadcast(this.awareness.sweep()), AWARENESS_OUTDATED_MS / 2);
    this.awarenessSweep.unref();
    this.doc.on('update', (update: Uint8Array, origin: TransactionOrigin) => this.broadcastUpdate(update, origin));
  }

  /** Loads the stored state; throws (and stores nothing) when it cannot be read. */
  static async load(name: string, deps: RoomDependencies): Promise<Room> {
    const stored = await deps.storage.load(name);
    const room = new Room(name, deps, stored.logLength);
    try {
      if (stored.update) {
        Y.applyUpdate(room.doc, stored.update, { source: 'storage' } satisfies TransactionOrigin);
        room.dropPending();
      } else {
        await room.seedTitle();
      }
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
    writeTitle(this.doc, title, { source: 'seed' } satisfies TransactionOrigin);
    await this.deps.storage.appendUpdates(this.name, [Y.encodeStateAsUpdate(this.doc)]);
    this.logLength += 1;
  }

  /** Starts serving a connection; `onDetached` runs once when it closes. */
  attach(connection: Connection, onDetached: () => void): void {
    this.connections.add(connection);
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
    // No ghost cursors: whatever this socket introduced leaves with it.
    this.broadcast(this.awareness.release(connection));
  }

  private handleMessage(connection: Connection, message: protocol.ClientMessage): void {
    switch (message.type) {
      case 'sync-step1':
        // Viewers too: they must receive the document.
        if (!this.refuseIfTooLarge(connection)) connection.send(this.encoded.syncStep2(message.stateVector));
        return;
      case 'sync-step2':
      case 'update':
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
        // Clients have nothing to say in the auth channel; ignore rather than punish.
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

  private admit(batch: readonly PendingUpdate[]): PendingUpdate[] {
    return this.gate.admit(this.withinSizeBound(batch), (pending, refusal: UpdateRefusal) => {
      this.log.warn({ err: refusal, reason: refusal.reason }, 'refusing an update');
      this.deps.metrics.updatesRefused.inc({ reason: refusal.reason });
      // Reconnecting would resend the same update: a final code tells the client not to.
      if (pending.origin.source === 'client') {
        pending.origin.connection.close(CloseCode.updateRefused, refusal.message);
      }
    });
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
    this.log.error({ err: error, updates: batch.length }, 'giving up on batch; closing connections');
    this.gate.reset();
    this.closeAll(CloseCode.serverError, 'storage unavailable');
  }

  private applyCommitted(batch: readonly PendingUpdate[]): void {
    this.logLength += batch.length;
    this.changedInBatch = false;
    let editor: string | null = null;
    for (const pending of batch) {
      try {
        Y.applyUpdate(this.doc, pending.update, pending.origin);
      } catch (error) {
        this.log.error({ err: error }, 'stored update failed to apply');
      }
      if (pending.origin.source !== 'client') continue;
      this.acks.wrote(pending.origin.connection, pending.update);
      if (pending.origin.connection.identity.name !== null) editor = pending.origin.connection.identity.name;
    }
    const senders = new Set<Connection>();
    for (const pending of batch) if (pending.origin.source === 'client') senders.add(pending.origin.connection);
    for (const connection of senders) this.sendSaved(connection);
    if (this.changedInBatch) {
      this.deps.directory
        .recordCommit(this.name, { title: readTitle(this.doc), editor, at: Date.now() })
        .catch((error: unknown) => this.log.warn({ err: error }, 'catalogue update failed'));
    }
    if (this.logLength >= this.deps.compactThreshold) void this.compact();
  }

  /** Folds the log into the snapshot; never two at once for one document. */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    if (this.deleted) return Promise.resolve();
    const covered = this.logLength;
    this.compacting = this.deps.storage
      .compact(this.name)
      .then(() => {
        this.logLength = Math.max(0, this.logLength - covered);
        this.deps.metrics.compactions.inc();
      })
      .catch((error: unknown) => this.log.warn({ err: error }, 'compaction failed; the log stays as is'))
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  private broadcastUpdate(update: Uint8Array, origin: TransactionOrigin): void {
    this.changedInBatch = true;
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
    if (this.compacting) await this.compacting;
  }

  closeAll(code: CloseCodeValue, reason: string): void {
    for (const connection of [...this.connections]) connection.close(code, reason);
  }

  destroy(): void {
    this.gate.reset();
    clearInterval(this.awarenessSweep);
    this.doc.destroy();
  }
}
