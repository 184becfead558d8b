/**
 * One WebSocket: guarded sends, heartbeat, rate limits, send-buffer bound and
 * the role granted by its token. It decodes frames and hands typed messages to
 * its room; it knows nothing about documents.
 */
import type { WebSocket } from 'ws';
import type { Role } from '../lib/tokens';
import { CloseCode, type CloseCodeValue } from './close-codes';
import type { SyncLimits } from './limits';
import type { Logger } from './log';
import type { SyncMetrics } from './metrics';
import { type ClientMessage, decodeClientMessage, ProtocolError } from './protocol';
import { TokenBucket } from './rate-limit';

export interface ConnectionIdentity {
  /** The room name from the URL (a document id or a viewId alias). */
  room: string;
  /** The real document id. */
  docName: string;
  role: Role;
  /** The token's `name` claim: shown as the document's last editor. */
  name: string | null;
  /** The client asked for `saved` acknowledgements (`ack=1`). */
  ack: boolean;
  /**
   * Stands for what the connection's token grants (awareness-principal.ts): a
   * new connection with the same grant may take over the awareness client ids
   * of an older one (a reconnect after a half-open drop).
   */
  principal: string;
  /** The token's `sub` (account id or `guest:<id>`); null for operator tokens (`npm run token`) without one. */
  sub?: string | null;
  /** The link digest the token came through (its access depends on the link), or null. */
  link?: string | null;
  /** When the token expires (ms since the epoch); the connection closes then unless renewed. null: never. */
  expiresAt?: number | null;
}

/** Checks a renewed token for this connection; resolves with the new expiry and link, or rejects with a reason. */
export type TokenRenewer = (
  connection: Connection,
  token: string,
) => Promise<{ expiresAt: number; link: string | null }>;

/** setTimeout's bound (~24.8 days): a later expiry is re-armed when this fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ConnectionHandlers {
  onMessage(connection: Connection, message: ClientMessage): void;
  onClose(connection: Connection): void;
}

let nextConnectionId = 1;

export class Connection {
  readonly id = nextConnectionId++;
  /** Set once the client was told it may not write, so it is told only once. */
  deniedWrite = false;
  private alive = true;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly messageBucket: TokenBucket;
  private readonly byteBucket: TokenBucket;
  /** What this connection's presence costs the room to relay (bytes × recipients). */
  private readonly fanOutBucket: TokenBucket;
  private handlers: ConnectionHandlers | null = null;
  private onDetached: (() => void) | null = null;
  private expiryTimer: NodeJS.Timeout | null = null;
  private renewer: TokenRenewer | null = null;
  /**
   * Sizes of messages handed to ws and not yet written to the socket, oldest
   * first: the oldest here (-1: none), the others in an array that exists only
   * while several are pending, so an idle connection holds no array.
   */
  private inFlightHead = -1;
  private inFlightRest: number[] | null = null;
  private queuedBytes = 0;

  constructor(
    private readonly ws: WebSocket,
    readonly identity: ConnectionIdentity,
    private readonly limits: SyncLimits,
    private readonly metrics: SyncMetrics,
    private readonly log: Logger,
  ) {
    this.messageBucket = new TokenBucket(limits.messageBurst, limits.messagesPerSecond);
    this.byteBucket = new TokenBucket(limits.byteBurst, limits.bytesPerSecond);
    this.fanOutBucket = new TokenBucket(limits.byteBurst, limits.bytesPerSecond);
    metrics.connections.inc();
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    // Without an 'error' listener a socket error would crash the process.
    ws.on('error', (error) => this.log.debug({ err: error, conn: this.id }, 'socket error'));
    ws.on('close', () => this.closedBySocket());
    this.heartbeat = setInterval(() => this.beat(), limits.heartbeatMs);
    this.heartbeat.unref();
    this.armExpiry();
  }

  /** Who renews tokens (server/upgrade.ts, which holds the secret). */
  setRenewer(renewer: TokenRenewer): void {
    this.renewer = renewer;
  }

  /**
   * A token expired and not renewed ends the connection (4401): an open socket
   * must not outlive what its token granted. The client asks the app for a
   * new token, which the app mints only if the person still may.
   */
  private armExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    const expiresAt = this.identity.expiresAt;
    if (expiresAt === null || expiresAt === undefined) return;
    const delay = expiresAt - Date.now();
    // Further than one heartbeat away: a later beat arms it (see beat()), so an idle connection holds one
    // timer, not two (each expiry timer has its own duration, hence its own timer list: bench/RESULTS.md).
    if (delay > this.limits.heartbeatMs) return;
    this.expiryTimer = setTimeout(
      () => {
        if (this.identity.expiresAt !== null && (this.identity.expiresAt ?? 0) <= Date.now()) {
          this.log.info({ conn: this.id, room: this.identity.room }, 'token expired; closing');
          this.close(CloseCode.tokenExpired, 'token expired');
        } else {
          this.armExpiry();
        }
      },
      Math.min(Math.max(0, delay), MAX_TIMER_MS),
    );
    this.expiryTimer.unref();
  }

  private async renew(token: string): Promise<void> {
    if (!this.renewer) return;
    try {
      const { expiresAt, link } = await this.renewer(this, token);
      this.identity.expiresAt = expiresAt;
      this.identity.link = link;
      this.armExpiry();
    } catch (error) {
      // A bad renewal changes nothing: the old token keeps its own expiry.
      this.log.info(
        { conn: this.id, reason: error instanceof Error ? error.message : String(error) },
        'renewal refused',
      );
    }
  }

  get canWrite(): boolean {
    return this.identity.role === 'edit';
  }

  get principal(): string {
    return this.identity.principal;
  }

  /**
   * Charges bytes the room would send to others on this connection's behalf
   * (awareness relays). False: over budget, the caller drops the message; the
   * connection stays open, since a stock client cannot tell it is too chatty.
   */
  chargeFanOut(bytes: number): boolean {
    return this.fanOutBucket.take(bytes);
  }

  /** `handlers` are shared by the room's connections; `onDetached` runs once, after `handlers.onClose`. */
  attach(handlers: ConnectionHandlers, onDetached?: () => void): void {
    this.handlers = handlers;
    this.onDetached = onDetached ?? null;
  }

  /**
   * Sends one message. A client is slow when bytes pile up *behind* the
   * message being written to it: the message in flight, however large (a big
   * document's first sync), does not count, so a large document never makes
   * every connection look slow (4503, reconnect, full encode, forever).
   */
  send(data: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const behind = this.queuedBytes - (this.inFlightHead >= 0 ? this.inFlightHead : data.byteLength) + data.byteLength;
    if (behind > this.limits.maxBacklogBytes) {
      this.log.warn({ conn: this.id, queued: this.queuedBytes }, 'closing slow consumer');
      this.close(CloseCode.slowConsumer, 'slow consumer');
      return;
    }
    this.metrics.messagesOut.inc();
    this.metrics.bytesOut.inc(data.byteLength);
    if (this.inFlightHead < 0) this.inFlightHead = data.byteLength;
    else if (this.inFlightRest) this.inFlightRest.push(data.byteLength);
    else this.inFlightRest = [data.byteLength];
    this.queuedBytes += data.byteLength;
    // ws calls back in order, once each message is handed to the kernel (or failed).
    this.ws.send(data, (error) => {
      this.written();
      if (error) this.log.debug({ err: error, conn: this.id }, 'send failed');
    });
  }

  /** The oldest message in flight was written (or failed): the next one is now in flight. */
  private written(): void {
    if (this.inFlightHead < 0) return;
    this.queuedBytes -= this.inFlightHead;
    this.inFlightHead = this.inFlightRest?.shift() ?? -1;
    if (this.inFlightRest?.length === 0) this.inFlightRest = null;
  }

  close(code: CloseCodeValue, reason: string): void {
    if (this.closed) return;
    this.metrics.closedByServer.inc({ code: String(code) });
    this.ws.close(code, reason);
    // A peer that never completes the closing handshake must not hold the socket.
    setTimeout(() => this.ws.terminate(), 5000).unref();
    this.closedBySocket();
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary || !Buffer.isBuffer(data)) {
      // RFC 6455's "unsupported data", not 44xx: no stock client sends text, and 44xx would be final.
      this.close(CloseCode.unsupportedData, 'text frames are not part of the protocol');
      return;
    }
    this.metrics.messagesIn.inc();
    this.metrics.bytesIn.inc(data.byteLength);
    if (!this.messageBucket.take(1) || !this.byteBucket.take(data.byteLength)) {
      this.log.warn({ conn: this.id, room: this.identity.room }, 'rate limit exceeded');
      this.close(CloseCode.rateLimited, 'rate limit exceeded');
      return;
    }
    let message: ClientMessage;
    try {
      message = decodeClientMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.log.info({ conn: this.id, room: this.identity.room, reason: error.message }, 'bad message');
      this.close(CloseCode.badMessage, 'malformed message');
      return;
    }
    if (message.type === 'auth-renew') {
      void this.renew(message.token);
      return;
    }
    try {
      this.handlers?.onMessage(this, message);
    } catch (error) {
      // A bug or a Yjs edge case while handling one client's message must not take the process down.
      this.log.error({ err: error, conn: this.id, room: this.identity.room }, 'failed to handle message');
      this.close(CloseCode.serverError, 'server error');
    }
  }

  private beat(): void {
    if (!this.alive) {
      this.log.info({ conn: this.id }, 'heartbeat missed; dropping connection');
      this.metrics.closedByServer.inc({ code: String(CloseCode.heartbeatTimeout) });
      this.ws.terminate();
      this.closedBySocket();
      return;
    }
    this.alive = false;
    this.ws.ping();
    // The expiry is now within one heartbeat: time it precisely.
    if (this.expiryTimer === null) this.armExpiry();
  }

  /** Runs once, however the connection ended. */
  private closedBySocket(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.metrics.connections.dec();
    this.handlers?.onClose(this);
    this.onDetached?.();
  }
}
