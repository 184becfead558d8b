/**
 * The sync server: an HTTP server whose upgrade handler does every check
 * (room name, token, room↔token match, tombstone, document load) before a
 * WebSocket exists, plus /healthz, /readyz, /metrics and the admin API.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { isValidDocId } from '../lib/doc-id';
import { TokenError, verifySyncToken } from '../lib/tokens';
import { handleAdminRequest } from './admin';
import { CloseCode } from './close-codes';
import { Connection } from './connection';
import type { Directory } from './directory';
import { refuseUpgrade, sendError, sendJson } from './http';
import { DEFAULT_MAX_MESSAGE_BYTES, defaultLimits, type SyncLimits } from './limits';
import { type Logger, silentLogger } from './log';
import { type RefusalReason, SyncMetrics } from './metrics';
import { RoomRegistry } from './room-registry';
import type { Storage } from './storage/storage';

export interface SyncServerOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one, as tests do. */
  port?: number;
  /** HS256 secret shared with the web app (lib/secret.ts). */
  secret: string;
  storage: Storage;
  directory: Directory;
  log?: Logger;
  /** WebSocket maxPayload; larger frames are closed with 1009. Default 8 MiB. */
  maxMessageBytes?: number;
  limits?: Partial<SyncLimits>;
  /** Update-log rows after which a document is compacted in the background. Default 500. */
  compactThreshold?: number;
}

export class SyncServer {
  readonly metrics = new SyncMetrics();
  readonly registry: RoomRegistry;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly limits: SyncLimits;
  private readonly log: Logger;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: SyncServerOptions) {
    this.log = (options.log ?? silentLogger()).child({ module: 'sync-server' });
    const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.limits = { ...defaultLimits(maxMessageBytes), ...options.limits };
    this.registry = new RoomRegistry({
      storage: options.storage,
      directory: options.directory,
      metrics: this.metrics,
      log: options.log ?? silentLogger(),
      compactThreshold: options.compactThreshold ?? 500,
      limits: this.limits,
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false });
    this.http = createServer((req, res) => {
      this.handleRequest(req, res).catch((error: unknown) => {
        this.log.error({ err: error, url: req.url }, 'request failed');
        if (!res.headersSent) sendError(res, 500, 'internal', 'internal server error');
        else res.destroy();
      });
    });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', (error) => this.log.debug({ err: error }, 'upgrade socket error'));
      this.handleUpgrade(req, socket, head).catch((error: unknown) => {
        this.log.error({ err: error, url: req.url }, 'upgrade failed');
        refuseUpgrade(socket, 500, 'internal', 'internal server error');
      });
    });
    this.http.on('clientError', (_error, socket) => socket.destroy());
    // Accept failures (EMFILE when out of descriptors) arrive here; unhandled, they would end the process.
    this.http.on('error', (error) => this.log.error({ err: error }, 'http server error'));
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve(this.address());
      });
    });
  }

  address(): AddressInfo {
    const address = this.http.address();
    if (address === null || typeof address === 'string') throw new Error('sync server is not listening');
    return address;
  }

  /** `ws://host:port`, the base URL for WebsocketProvider. */
  get url(): string {
    const { address, port } = this.address();
    return `ws://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  /**
   * Graceful shutdown: refuse new upgrades, close every client with 1001, flush
   * and unload every document. The caller closes the storage afterwards.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => this.http.close(() => resolve()));
      for (const connection of this.connections) connection.close(CloseCode.goingAway, 'server shutting down');
      await this.registry.unloadAll();
      this.wss.close();
      this.http.closeAllConnections();
      await stopped;
    })();
    return this.closing;
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      try {
        await this.options.storage.checkHealth();
        return sendJson(res, 200, { status: 'ready' });
      } catch (error) {
        this.log.warn({ err: error }, 'storage not ready');
        return sendError(res, 503, 'storage_unavailable', 'storage does not answer');
      }
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': this.metrics.registry.contentType });
      res.end(await this.metrics.registry.metrics());
      return;
    }
    if (path.startsWith('/admin/')) {
      return handleAdminRequest(req, res, {
        secret: this.options.secret,
        directory: this.options.directory,
        storage: this.options.storage,
        registry: this.registry,
        log: this.log,
      });
    }
    sendError(res, 404, 'not_found', 'nothing here; connect a WebSocket to /<document id>?token=…');
  }

  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const refuse = (status: number, reason: RefusalReason, message: string) => {
      this.metrics.refuse(reason);
      this.log.info({ status, reason, url: redactToken(req.url) }, 'upgrade refused');
      refuseUpgrade(socket, status, reason, message);
    };
    if (this.closing) return refuse(503, 'shutting_down', 'server is shutting down');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const room = url.pathname.slice(1);
    if (!isValidDocId(room)) return refuse(400, 'bad_room', 'room names match ^[A-Za-z0-9_-]{1,64}$');
    let claims: Awaited<ReturnType<typeof verifySyncToken>>;
    const token = url.searchParams.get('token');
    try {
      claims = await verifySyncToken(this.options.secret, token);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      return refuse(401, `token_${error.reason}`, error.message);
    }
    if (claims.doc !== room) return refuse(403, 'wrong_document', 'token is for another document');
    const resolution = await this.options.directory.resolve(room);
    if (resolution.kind === 'deleted') return refuse(404, 'document_deleted', 'document was deleted');
    if (this.closing) return refuse(503, 'shutting_down', 'server is shutting down');

    let target: Awaited<ReturnType<RoomRegistry['acquire']>>;
    try {
      target = await this.registry.acquire(resolution.docName);
    } catch (error) {
      // Never serve (or later store) an empty document in place of one we failed to read.
      this.log.error({ err: error, doc: resolution.docName }, 'document failed to load');
      return refuse(500, 'load_failed', 'document could not be loaded');
    }
    // Deleted while we were loading it (admin delete raced this upgrade): never serve it.
    let deleted: boolean;
    try {
      deleted = (await this.options.directory.resolve(room)).kind === 'deleted';
    } catch (error) {
      // Our reference must go with the refusal, or the room would never unload.
      this.registry.release(target);
      throw error;
    }
    if (deleted) {
      target.markDeleted();
      this.registry.release(target);
      return refuse(404, 'document_deleted', 'document was deleted');
    }
    if (socket.destroyed || this.closing) {
      this.registry.release(target);
      if (!socket.destroyed) refuse(503, 'shutting_down', 'server is shutting down');
      return;
    }
    let upgraded = false;
    // ws answers an invalid handshake itself and never calls back: release then.
    socket.once('close', () => {
      if (!upgraded) this.registry.release(target);
    });
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      const connection = new Connection(
        ws,
        {
          room,
          docName: resolution.docName,
          // A viewId alias never grants more than viewing, whatever the token says.
          role: resolution.viewOnly ? 'view' : claims.role,
          name: claims.name ?? null,
          ack: url.searchParams.get('ack') === '1',
          principal: principalOf(token),
        },
        this.limits,
        this.metrics,
        this.log,
      );
      this.connections.add(connection);
      target.attach(connection, () => {
        this.connections.delete(connection);
        this.registry.release(target);
      });
    });
  }
}

export function createSyncServer(options: SyncServerOptions): SyncServer {
  return new SyncServer(options);
}

/**
 * A connection's credential, for awareness takeovers: a digest of its token
 * (two sockets presenting the same token are the same tab reconnecting).
 * Issue 9's `sub` claim, once tokens carry it, is the natural replacement.
 */
function principalOf(token: string | null): string {
  return createHash('sha256')
    .update(token ?? '')
    .digest('base64url');
}

function redactToken(url: string | undefined): string {
  return (url ?? '').replace(/token=[^&]*/, 'token=…');
}
