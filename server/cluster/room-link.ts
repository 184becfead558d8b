/**
 * One room's membership in the cluster: what other processes committed
 * (ordered by DocFeed, applied with origin `bus`, or read back from storage
 * with origin `catch-up`), their connections' awareness (owned per process and
 * credential, so a dead process's cursors can be removed and a client that
 * moves here takes its id back), queries and deletions; and the publishing of
 * this process's own commits and awareness.
 */
import * as Y from 'yjs';
import type { BusMessage } from '../bus/bus';
import type { DocPositions } from '../doc-positions';
import type { Logger } from '../log';
import type { SyncMetrics } from '../metrics';
import type { TransactionOrigin } from '../origin';
import type { SeqRange, Storage } from '../storage/storage';
import { catchUp } from '../stored-doc';
import type { Cluster, ClusterMember } from './cluster';
import { type CatchUpReason, DocFeed } from './doc-feed';

/** One local connection's awareness states, as the awareness message clients receive. */
export interface LocalAwareness {
  principal: string;
  message: Uint8Array;
}

/** What the link needs of its room. */
export interface LinkedRoom {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly loadedPositions: DocPositions | undefined;
  /** Committed state arrived from elsewhere: acknowledge it to the connections it concerns (null: all). */
  announceSavedFor(update: Uint8Array | null): void;
  markDeleted(): void;
  /** Permissions changed (told by another process): re-check the open connections. */
  recheckAccess(): Promise<void>;
  applyPeerAwareness(processId: string, principal: string, message: Uint8Array): void;
  dropPeer(processId: string): void;
  peerProcesses(): Set<string>;
  localAwareness(): LocalAwareness[];
}

const fromBus = { source: 'bus' } satisfies TransactionOrigin;
const fromCatchUp = { source: 'catch-up' } satisfies TransactionOrigin;

export class RoomLink implements ClusterMember {
  private inbox: BusMessage[] | null = [];
  private readonly feed: DocFeed;
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

  /** A local connection's awareness changed (`message` as relayed to clients): tell the other processes. */
  localAwareness(principal: string, message: Uint8Array): void {
    this.cluster.publishAwareness(this.name, principal, message);
  }

  announceAwareness(): void {
    for (const { principal, message } of this.room.localAwareness()) this.localAwareness(principal, message);
  }

  remoteProcesses(): Set<string> {
    return this.room.peerProcesses();
  }

  dropProcess(processId: string): void {
    this.room.dropPeer(processId);
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
        if (applied > 0) this.room.announceSavedFor(null);
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
        this.room.applyPeerAwareness(message.from, message.principal, message.update);
        return;
      case 'awareness-query':
        this.announceAwareness();
        return;
      case 'deleted':
        this.room.markDeleted();
        return;
      case 'access':
        void this.room.recheckAccess();
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
    this.room.announceSavedFor(update);
  }
}
