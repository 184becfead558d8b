/**
 * The bus over Redis pub/sub (ioredis): one channel per document,
 * `<prefix>:doc:<id>`, subscribed while the document is loaded here; heartbeat
 * keys `<prefix>:proc:<processId>` with a TTL say which processes are alive.
 *
 * Pub/sub rather than streams: PostgreSQL already is the ordered, durable log,
 * so the bus needs no retention of its own; a lost message is detected from
 * the sequence numbers and read back from PostgreSQL (SCALING.md argues it).
 *
 * Two connections: a subscriber (ioredis resubscribes by itself after a
 * reconnect) and a command connection for publishing and heartbeats whose
 * offline queue is off, so that while Redis is down a publish fails at once
 * instead of piling up in memory (receivers catch up from storage anyway).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { SharedConnectionCounter, type SlotCounter } from '../cluster/shared-counter';
import type { Logger } from '../log';
import type { SyncMetrics } from '../metrics';
import type { Bus, BusHandler, BusMessage } from './bus';
import { decodeBusMessage, encodeBusMessage } from './codec';

export interface RedisBusOptions {
  url: string;
  /** Key and channel prefix (tests use one each). */
  prefix: string;
  /** Heartbeat key TTL; a process silent this long is taken for dead and its cursors removed. */
  heartbeatTtlMs?: number;
  processId?: string;
}

export class RedisBus implements Bus {
  readonly processId: string;
  private readonly subscriber: Redis;
  private readonly commands: Redis;
  private readonly handlers = new Map<string, BusHandler>();
  private readonly reconnectHandlers: (() => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout;
  private readonly ttlMs: number;
  private everReady = false;
  private closed = false;

  constructor(
    private readonly options: RedisBusOptions,
    private readonly metrics: SyncMetrics,
    private readonly log: Logger,
  ) {
    this.processId = options.processId ?? randomBytes(6).toString('hex');
    this.ttlMs = options.heartbeatTtlMs ?? 5_000;
    const retryStrategy = (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 5), 2_000);
    // Named, so an operator (or a test) can tell them apart in CLIENT LIST.
    const name = (role: string) => `${options.prefix}:${this.processId}:${role}`;
    this.subscriber = new Redis(options.url, {
      retryStrategy,
      maxRetriesPerRequest: null,
      connectionName: name('sub'),
    });
    this.commands = new Redis(options.url, {
      retryStrategy,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: name('cmd'),
    });
    for (const [name, client] of [
      ['subscriber', this.subscriber],
      ['commands', this.commands],
    ] as const) {
      client.on('error', (error: Error) => this.log.warn({ err: error, connection: name }, 'redis error'));
      client.on('end', () => {
        if (!this.closed) this.log.error({ connection: name }, 'redis connection ended');
      });
    }
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.deliver(channel, message));
    this.subscriber.on('ready', () => {
      // The first ready is the start; every later one follows a disconnect during which messages were lost.
      if (this.everReady) {
        this.metrics.busReconnects.inc();
        this.log.info('redis subscriber reconnected; catching up from storage');
        for (const handler of this.reconnectHandlers) handler();
      }
      this.everReady = true;
    });
    this.commands.on('ready', () => this.beat());
    this.heartbeat = setInterval(() => this.beat(), Math.max(200, Math.floor(this.ttlMs / 3)));
    this.heartbeat.unref();
  }

  get connected(): boolean {
    return this.subscriber.status === 'ready' && this.commands.status === 'ready';
  }

  async subscribe(doc: string, handler: BusHandler): Promise<void> {
    this.handlers.set(doc, handler);
    const subscribing = this.subscriber.subscribe(this.channel(doc)).catch((error: unknown) => {
      this.log.warn({ err: error, doc }, 'redis subscribe failed; relying on catch-up');
    });
    // While Redis is down the subscription waits for the reconnect; the room must not.
    if (this.subscriber.status === 'ready') await subscribing;
  }

  unsubscribe(doc: string): void {
    this.handlers.delete(doc);
    this.subscriber.unsubscribe(this.channel(doc)).catch(() => {});
  }

  publish(doc: string, message: BusMessage): void {
    const data = Buffer.from(encodeBusMessage(message));
    this.commands.publish(this.channel(doc), data).then(
      () => this.metrics.busMessages.inc({ direction: 'out', type: message.type }),
      (error: unknown) => {
        this.metrics.busPublishFailures.inc();
        this.log.debug({ err: error, doc }, 'bus publish failed');
      },
    );
  }

  connectionCounter(kind: string, max: number): SlotCounter {
    return new SharedConnectionCounter(
      this.commands,
      { prefix: this.options.prefix, kind, max, processId: this.processId },
      this.log,
    );
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  async liveProcesses(ids: readonly string[]): Promise<Set<string> | null> {
    if (ids.length === 0) return new Set();
    if (this.commands.status !== 'ready') return null;
    try {
      const values = await this.commands.mget(...ids.map((id) => this.processKey(id)));
      return new Set(ids.filter((_, i) => values[i] !== null));
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    // Say goodbye, so others drop our clients' cursors at once rather than after the TTL.
    await this.commands.del(this.processKey(this.processId)).catch(() => {});
    this.subscriber.disconnect();
    this.commands.disconnect();
  }

  private deliver(channel: Buffer, data: Buffer): void {
    const doc = channel.toString('utf8').slice(this.channel('').length);
    const handler = this.handlers.get(doc);
    if (!handler) return;
    let message: BusMessage;
    try {
      message = decodeBusMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      this.log.warn({ err: error, doc }, 'dropping a malformed bus message');
      return;
    }
    if (message.from === this.processId) return;
    this.metrics.busMessages.inc({ direction: 'in', type: message.type });
    handler(message);
  }

  private beat(): void {
    if (this.closed || this.commands.status !== 'ready') return;
    this.commands.set(this.processKey(this.processId), '1', 'PX', this.ttlMs).catch(() => {});
  }

  private channel(doc: string): string {
    return `${this.options.prefix}:doc:${doc}`;
  }

  private processKey(id: string): string {
    return `${this.options.prefix}:proc:${id}`;
  }
}
