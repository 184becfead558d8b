/**
 * One room's membership in the cluster: what other processes committed
 * (ordered by DocFeed, applied with origin `bus`, or read back from storage
 * with origin `catch-up`), their clients' awareness (owned per process, so a
 * dead process's cursors can be removed), queries and deletions; and the
 * publishing of this process's own commits and awareness.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { BusMessage } from '../bus/bus';
import type { DocPositions } from '../doc-positions';
import type { Logger } from '../log';
import type { SyncMetrics } from '../metrics';
import type { TransactionOrigin } from '../origin';
import * as protocol from '../protocol';
import type { SeqRange, Storage } from '../storage/storage';
import { catchUp } from '../stored-doc';
import type { Cluster, ClusterMember } from './cluster';
import { type CatchUpReason, DocFeed } from './doc-feed';

/** What the link needs of its room. */
export interface LinkedRoom {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly loadedPositions: DocPositions | undefined;
  /** Whether a connection of this process owns the awareness client id. */
  ownsLocally(clientId: number): boolean;
  /** Awareness client ids owned by this process's connections. */
  localClientIds(): number[];
  /** The doc gained committed state: tell ack=1 connections. */
  announceSaved(): void;
  markDeleted(): void;
}

const fromBus = { source: 'bus' } satisfies TransactionOrigin;
const fromCatchUp = { source: 'catch-up' } satisfies TransactionOrigin;

export class RoomLink implements ClusterMember {
  private inbox: BusMessage[] | null = [];
  private readonly feed: DocFeed;
  /** Awareness client id → the process whose connection owns it. */
  private readonly remoteOwners = new Map<number, string>();
  private catching: Promise<void> | null = null;
  private catchAgain: CatchUpReason | null = null;
  private stopped = false;

  constructor(
    private readonly room: LinkedRoom,
    private readonly cluster: Cluster,
    private readonly storage: Storage,
    private readonly metrics: SyncMetrics,
    private readonly log: Logger,
  ) {
    this.feed = new DocFeed(
      {
        get positions() {
          return room.loadedPositions!;
        },
        applyRemote: (update, range) => this.applyRemote(update, range),
        catchUp: (reason) => this.catchUp(reason),
      },
      metrics,
    );
  }

  get name(): string {
    return this.room.name;
  }

  get loadedPositions(): DocPositions | undefined {
    return this.room.loadedPositions;
  }

  /** The room has loaded: handle what arrived meanwhile, and ask others for their cursors. */
  loaded(): void {
    const early = this.inbox ?? [];
    this.inbox = null;
    for (const message of early) this.handle(message);
    this.cluster.queryAwareness(this.name);
  }

  receiveBus(message: BusMessage): void {
    if (this.stopped) return;
    if (this.inbox) this.inbox.push(message);
    else this.handle(message);
  }

  /** This process committed `range`: publish it, and apply whatever it unblocked. */
  committed(range: SeqRange, updates: readonly Uint8Array[]): void {
    const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
    // Small batches are merged for the bus; a large one goes by reference rather than costing a merge.
    const inline = bytes <= this.cluster.inlineBytes;
    const update = !inline ? null : updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]);
    this.cluster.publishUpdate(this.name, range, update);
    this.feed.drain();
  }

  /** Local clients' awareness changed: tell the other processes. */
  localAwarenessChanged(clientIds: readonly number[]): void {
    if (clientIds.length === 0) return;
    this.cluster.publishAwareness(
      this.name,
      awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, [...clientIds]),
    );
  }

  /** Whether a client connected to another process owns the id. */
  ownedRemotely(clientId: number): boolean {
    return this.remoteOwners.has(clientId);
  }

  /** A local connection took over an id another process's client had (it reconnected here). */
  claimedLocally(clientId: number): void {
    this.remoteOwners.delete(clientId);
  }

  announceAwareness(): void {
    this.localAwarenessChanged(this.room.localClientIds());
  }

  remoteProcesses(): Set<string> {
    return new Set(this.remoteOwners.values());
  }

  dropProcess(processId: string): void {
    const gone = [...this.remoteOwners].filter(([, owner]) => owner === processId).map(([id]) => id);
    for (const id of gone) this.remoteOwners.delete(id);
    if (gone.length === 0) return;
    awarenessProtocol.removeAwarenessStates(this.room.awareness, gone, fromBus);
    // Forget their clocks too: a client of the dead process that reconnects here re-sends its state
    // with the clock it had, which y-protocols would otherwise ignore as old.
    for (const id of gone) this.room.awareness.meta.delete(id);
  }

  markDeleted(): void {
    this.room.markDeleted();
  }

  /** Reads every stored row after our head; one at a time, once more if asked again meanwhile. */
  catchUp(reason: CatchUpReason): Promise<void> {
    if (this.catching) {
      this.catchAgain = reason;
      return this.catching;
    }
    const positions = this.room.loadedPositions;
    if (!positions || this.stopped) return Promise.resolve();
    this.metrics.catchUps.inc({ reason });
    this.catching = catchUp(this.storage, this.name, this.room.doc, positions, fromCatchUp)
      .then((applied) => {
        this.metrics.catchUpRows.inc(applied);
        this.feed.drain();
        if (applied > 0) this.room.announceSaved();
      })
      .catch((error: unknown) => this.log.warn({ err: error, reason }, 'catch-up from storage failed'))
      .finally(() => {
        this.catching = null;
        const again = this.catchAgain;
        this.catchAgain = null;
        if (again) void this.catchUp(again);
      });
    return this.catching;
  }

  stop(): void {
    this.stopped = true;
    this.feed.stop();
    this.cluster.leave(this);
  }

  private handle(message: BusMessage): void {
    switch (message.type) {
      case 'update':
        this.cluster.observeLag(message.sentAt);
        this.feed.receive(message.range, message.update);
        return;
      case 'awareness':
        this.applyRemoteAwareness(message.from, message.update);
        return;
      case 'awareness-query':
        this.announceAwareness();
        return;
      case 'deleted':
        this.room.markDeleted();
        return;
    }
  }

  private applyRemote(update: Uint8Array, range: SeqRange): void {
    const positions = this.room.loadedPositions!;
    try {
      Y.applyUpdate(this.room.doc, update, fromBus);
    } catch (error) {
      // Committed elsewhere but unreadable here: storage has the same bytes; let a catch-up surface it.
      this.log.error({ err: error, range }, 'bus update failed to apply');
      void this.catchUp('gap');
      return;
    }
    positions.applied(range, update.byteLength);
    this.room.announceSaved();
  }

  private applyRemoteAwareness(from: string, update: Uint8Array): void {
    let entries: protocol.AwarenessEntry[];
    try {
      entries = protocol.decodeAwarenessUpdate(update);
    } catch (error) {
      this.log.warn({ err: error }, 'malformed awareness from the bus');
      return;
    }
    // A client connected here wins over a stale copy of it from another process.
    const allowed = entries.filter(
      (entry) => entry.clientId !== this.room.doc.clientID && !this.room.ownsLocally(entry.clientId),
    );
    if (allowed.length === 0) return;
    for (const entry of allowed) {
      if (entry.state === null) this.remoteOwners.delete(entry.clientId);
      else this.remoteOwners.set(entry.clientId, from);
    }
    awarenessProtocol.applyAwarenessUpdate(this.room.awareness, protocol.encodeAwarenessEntries(allowed), fromBus);
  }
}
