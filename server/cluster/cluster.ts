/**
 * What makes several sync server processes one service: each loaded room
 * joins the bus for its document; committed updates, awareness and deletions
 * are published; and three loops make the processes reconverge by themselves
 * whatever the bus lost:
 *   - on a bus reconnect, every loaded document catches up from storage and
 *     re-announces its clients' awareness;
 *   - every `reconcileMs`, the stored heads of all loaded documents are read in
 *     one query; a room still behind on two looks in a row catches up (this is
 *     what repairs a lost *last* message, which no later message would reveal);
 *   - every `livenessMs`, processes whose heartbeat key expired are taken for
 *     dead and their clients' cursors removed.
 */
import type { Bus, BusMessage } from '../bus/bus';
import type { DocPositions } from '../doc-positions';
import type { Logger } from '../log';
import type { SyncMetrics } from '../metrics';
import type { SeqRange, Storage } from '../storage/storage';
import type { CatchUpReason } from './doc-feed';

/** A loaded room, as the cluster sees it. */
export interface ClusterMember {
  readonly name: string;
  /** Undefined until the room has loaded. */
  readonly loadedPositions: DocPositions | undefined;
  receiveBus(message: BusMessage): void;
  catchUp(reason: CatchUpReason): Promise<void>;
  markDeleted(): void;
  /** Processes whose clients have awareness states in this room. */
  remoteProcesses(): Set<string>;
  dropProcess(processId: string): void;
  /** Publishes every local client's awareness state (answering a query, or after a reconnect). */
  announceAwareness(): void;
}

export interface ClusterOptions {
  reconcileMs?: number;
  livenessMs?: number;
  /** Updates larger than this go over the bus by reference (sequence only) and are read from storage. */
  inlineBytes?: number;
}

export const DEFAULT_INLINE_BYTES = 64 * 1024;

export class Cluster {
  private readonly members = new Map<string, ClusterMember>();
  /** Room head when it was last seen behind the stored head. */
  private readonly behind = new Map<string, number>();
  /** Processes missing from the last liveness check. */
  private readonly missing = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];
  /** Updates larger than this are published by reference. */
  readonly inlineBytes: number;
  private reconciling = false;

  constructor(
    readonly bus: Bus,
    private readonly storage: Storage,
    private readonly metrics: SyncMetrics,
    private readonly log: Logger,
    private readonly options: ClusterOptions = {},
  ) {
    this.inlineBytes = options.inlineBytes ?? DEFAULT_INLINE_BYTES;
    bus.onReconnect(() => this.resync());
  }

  get processId(): string {
    return this.bus.processId;
  }

  start(): void {
    const every = (ms: number, action: () => Promise<void>) => {
      const timer = setInterval(() => {
        action().catch((error: unknown) => this.log.warn({ err: error }, 'cluster check failed'));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.reconcileMs ?? 1_000, () => this.reconcile());
    every(this.options.livenessMs ?? 1_000, () => this.checkLiveness());
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  /** Subscribes before the room reads storage, so nothing committed meanwhile is missed. */
  async join(member: ClusterMember): Promise<void> {
    this.members.set(member.name, member);
    await this.bus.subscribe(member.name, (message) => member.receiveBus(message));
  }

  leave(member: ClusterMember): void {
    if (this.members.get(member.name) !== member) return;
    this.members.delete(member.name);
    this.behind.delete(member.name);
    this.bus.unsubscribe(member.name);
  }

  /** `update` null (or larger than `inlineBytes`): by reference, receivers read the rows from storage. */
  publishUpdate(doc: string, range: SeqRange, update: Uint8Array | null): void {
    this.bus.publish(doc, {
      type: 'update',
      from: this.processId,
      range,
      update: update && update.byteLength <= this.inlineBytes ? update : null,
      sentAt: Date.now(),
    });
  }

  publishAwareness(doc: string, principal: string, message: Uint8Array): void {
    this.bus.publish(doc, { type: 'awareness', from: this.processId, principal, update: message });
  }

  queryAwareness(doc: string): void {
    this.bus.publish(doc, { type: 'awareness-query', from: this.processId });
  }

  publishDeleted(doc: string): void {
    this.bus.publish(doc, { type: 'deleted', from: this.processId });
  }

  publishAccessChanged(doc: string): void {
    this.bus.publish(doc, { type: 'access', from: this.processId });
  }

  observeLag(sentAt: number): void {
    this.metrics.busLagSeconds.observe(Math.max(0, Date.now() - sentAt) / 1000);
  }

  private resync(): void {
    for (const member of this.members.values()) {
      if (!member.loadedPositions) continue;
      member.catchUp('reconnect').catch(() => {});
      this.queryAwareness(member.name);
      member.announceAwareness();
    }
  }

  private async reconcile(): Promise<void> {
    if (this.reconciling || this.members.size === 0) return;
    this.reconciling = true;
    try {
      const names = [...this.members.keys()];
      const heads = await this.storage.heads(names);
      for (const name of names) {
        const member = this.members.get(name);
        const positions = member?.loadedPositions;
        const head = heads.get(name);
        if (!member || !positions || !head) continue;
        if (head.deleted) {
          member.markDeleted();
          continue;
        }
        if (head.seq <= positions.head) {
          this.behind.delete(name);
        } else if (this.behind.get(name) === positions.head) {
          // Behind by the same rows on two looks: the bus lost them (a message in flight would have arrived).
          this.behind.delete(name);
          member.catchUp('reconcile').catch(() => {});
        } else {
          this.behind.set(name, positions.head);
        }
      }
    } finally {
      this.reconciling = false;
    }
  }

  private async checkLiveness(): Promise<void> {
    const remote = new Set<string>();
    for (const member of this.members.values()) for (const id of member.remoteProcesses()) remote.add(id);
    const live = await this.bus.liveProcesses([...remote]);
    if (live === null) return; // the bus cannot tell now: remove nobody
    for (const id of remote) {
      if (live.has(id)) {
        this.missing.delete(id);
      } else if (this.missing.has(id)) {
        // Missing twice in a row (not just a Redis restart racing its next heartbeat): gone.
        this.missing.delete(id);
        this.log.info({ process: id }, 'process stopped beating; removing its clients from awareness');
        for (const member of this.members.values()) member.dropProcess(id);
      } else {
        this.missing.add(id);
      }
    }
  }
}
