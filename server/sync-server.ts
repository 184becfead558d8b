/**
 * The sync server: an HTTP server whose upgrade handler (server/upgrade.ts)
 * does every check before a WebSocket exists, plus /healthz, /readyz,
 * /metrics and the admin API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { prepareTokenKey } from '../lib/tokens';
import { handleAdminRequest, refuseShuttingDown } from './admin';
import { trustedProxies } from './client-address';
import { CloseCode } from './close-codes';
import type { Cluster } from './cluster/cluster';
import type { Connection } from './connection';
import type { Directory } from './directory';
import {
  answerClientError,
  DEFAULT_HTTP_LIMITS,
  type HttpLimits,
  listenOn,
  refuseUpgrade,
  sendError,
  sendJson,
} from './http';
import { DEFAULT_MAX_MESSAGE_BYTES, defaultLimits, type SyncLimits } from './limits';
import { type Logger, silentLogger } from './log';
import { SyncMetrics } from './metrics';
import { RoomRegistry } from './room-registry';
import type { Storage } from './storage/storage';
import { TrashedDocuments } from './trashed-documents';
import { type UpgradeLimits, Upgrades } from './upgrade';

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
  /** Update-log bytes after which a document is compacted in the background. Default 4 MiB. */
  compactBytes?: number;
  /** HTTP parser bounds (slow headers, silent sockets, header floods); defaults in DEFAULT_HTTP_LIMITS. */
  http?: Partial<HttpLimits>;
  /** Several processes: the bus and the loops that keep them converged (server/cluster/). */
  cluster?: Cluster;
  /** Metrics shared with the bus; a fresh registry when omitted. */
  metrics?: SyncMetrics;
  /** How long a document stays loaded after its last connection leaves. Default 10 s. */
  unloadGraceMs?: number;
  /**
   * Where `/metrics` and `/admin/**` are served. By default a second listener
   * on loopback (port 0 here; `SYNC_ADMIN_PORT`, default 1235, in main.ts), so
   * the public port never exposes them whatever sits in front of it. 'public'
   * serves them on the main port too (an operator's explicit choice).
   */
  admin?: { host?: string; port?: number } | 'public';
  /** Connection limits checked at the upgrade (429/503); defaults in DEFAULT_UPGRADE_LIMITS. */
  upgradeLimits?: Partial<Omit<UpgradeLimits, 'trustedProxies'>> & { trustedProxies?: string };
}

/** Fragments one WebSocket message may arrive in (fixed; stock clients send one frame per message). */
export const MAX_FRAGMENTS = 1024;

export const DEFAULT_UPGRADE_LIMITS = {
  maxConnections: 10_000,
  maxConnectionsPerAddress: 256,
  maxConnectionsPerToken: 8,
  trustedProxies: 'loopback',
} as const;

export class SyncServer {
  readonly metrics: SyncMetrics;
  readonly registry: RoomRegistry;
  private readonly http: Server;
  /** The admin listener; null when the admin endpoints share the public port. */
  private readonly adminHttp: Server | null;
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly limits: SyncLimits;
  private readonly upgrades: Upgrades;
  private readonly log: Logger;
  private closing: Promise<void> | null = null;
  /** Admin requests in progress: shutdown waits for them before unloading, so none loads a room afterwards. */
  private readonly adminRequests = new Set<Promise<void>>();
  private readonly trashed = new TrashedDocuments();

  constructor(private readonly options: SyncServerOptions) {
    this.log = (options.log ?? silentLogger()).child({ module: 'sync-server' });
    this.metrics = options.metrics ?? new SyncMetrics();
    const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.limits = { ...defaultLimits(maxMessageBytes), ...options.limits };
    this.registry = new RoomRegistry({
      storage: options.storage,
      directory: options.directory,
      metrics: this.metrics,
      log: options.log ?? silentLogger(),
      compactThreshold: options.compactThreshold ?? 500,
      compactBytes: options.compactBytes,
      cluster: options.cluster,
      unloadGraceMs: options.unloadGraceMs ?? 10_000,
      limits: this.limits,
    });
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: maxMessageBytes,
      perMessageDeflate: false,
      // A message split into thousands of tiny fragments costs a buffer each before maxPayload is reached:
      // no client of ours fragments, so a few hundred is plenty; beyond, ws closes with 1008.
      maxFragments: MAX_FRAGMENTS,
      maxBufferedChunks: MAX_FRAGMENTS * 4,
    });
    // The token key is imported once, now, rather than on the first upgrade's critical path.
    prepareTokenKey(options.secret).catch((error: unknown) => this.log.warn({ err: error }, 'token key not imported'));
    const upgradeLimits = { ...DEFAULT_UPGRADE_LIMITS, ...options.upgradeLimits };
    this.upgrades = new Upgrades({
      secret: options.secret,
      trashed: this.trashed,
      directory: options.directory,
      registry: this.registry,
      wss: this.wss,
      limits: this.limits,
      upgradeLimits: { ...upgradeLimits, trustedProxies: trustedProxies(upgradeLimits.trustedProxies) },
      metrics: this.metrics,
      log: this.log,
      isClosing: () => this.closing !== null,
      accepted: (connection) => this.connections.add(connection),
      closed: (connection) => this.connections.delete(connection),
      sharedCounters: options.cluster && {
        perAddress: options.cluster.bus.connectionCounter('addr', upgradeLimits.maxConnectionsPerAddress),
        perToken: options.cluster.bus.connectionCounter('token', upgradeLimits.maxConnectionsPerToken),
      },
    });
    const separateAdmin = options.admin !== 'public';
    const http = { ...DEFAULT_HTTP_LIMITS, ...options.http };
    const serverOptions = {
      maxHeaderSize: http.maxHeaderBytes,
      headersTimeout: http.headersTimeoutMs,
      requestTimeout: http.requestTimeoutMs,
      // How often Node checks the two timeouts above: a fraction of the shorter, so they hold within ~25%.
      connectionsCheckingInterval: Math.max(50, Math.min(http.headersTimeoutMs, http.requestTimeoutMs) / 4),
    };
    this.http = createServer(serverOptions, (req, res) => this.serve(req, res, separateAdmin ? 'public' : 'both'));
    this.adminHttp = separateAdmin ? createServer(serverOptions, (req, res) => this.serve(req, res, 'admin')) : null;
    for (const server of [this.http, this.adminHttp]) if (server) server.maxHeadersCount = http.maxHeadersCount;
    this.adminHttp?.on('clientError', answerClientError);
    this.adminHttp?.on('error', (error) => this.log.error({ err: error }, 'admin http server error'));
    // One listener for every socket: a closure made in the handler below would share its scope and keep
    // the upgrade request (headers, URL, token) alive for the connection's life.
    const upgradeSocketError = (error: Error) => this.log.debug({ err: error }, 'upgrade socket error');
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', upgradeSocketError);
      this.upgrades.handle(req, socket, head).catch((error: unknown) => {
        this.log.error({ err: error, path: pathOf(req.url) }, 'upgrade failed');
        refuseUpgrade(socket, 500, 'internal', 'internal server error');
      });
    });
    this.http.on('clientError', answerClientError);
    // Accept failures (EMFILE when out of descriptors) arrive here; unhandled, they would end the process.
    this.http.on('error', (error) => this.log.error({ err: error }, 'http server error'));
  }

  /** Starts listening (the admin listener too); resolves with the public address. */
  async listen(): Promise<AddressInfo> {
    await listenOn(this.http, this.options.port ?? 0, this.options.host ?? '127.0.0.1');
    if (this.adminHttp) {
      const admin = typeof this.options.admin === 'object' ? this.options.admin : {};
      try {
        await listenOn(this.adminHttp, admin.port ?? 0, admin.host ?? '127.0.0.1');
      } catch (error) {
        await new Promise<void>((resolve) => this.http.close(() => resolve()));
        throw error;
      }
    }
    return this.address();
  }

  address(): AddressInfo {
    const address = this.http.address();
    if (address === null || typeof address === 'string') throw new Error('sync server is not listening');
    return address;
  }

  /** `http://host:port` of the admin endpoints (/metrics, /admin/**, /healthz, /readyz). */
  get adminUrl(): string {
    const address = (this.adminHttp ?? this.http).address();
    if (address === null || typeof address === 'string') throw new Error('sync server is not listening');
    const host = address.address.includes(':') ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
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
      const stopped = Promise.all(
        [this.http, this.adminHttp].map((server) =>
          server?.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined,
        ),
      );
      for (const connection of this.connections) connection.close(CloseCode.goingAway, 'server shutting down');
      await Promise.allSettled([...this.adminRequests]);
      await this.registry.unloadAll();
      this.wss.close();
      this.http.closeAllConnections();
      this.adminHttp?.closeAllConnections();
      await stopped;
    })();
    return this.closing;
  }

  private serve(req: IncomingMessage, res: ServerResponse, side: Side): void {
    this.handleRequest(req, res, side).catch((error: unknown) => {
      this.log.error({ err: error, path: pathOf(req.url) }, 'request failed');
      if (!res.headersSent) sendError(res, 500, 'internal', 'internal server error');
      else res.destroy();
    });
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse, side: Side): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (side === 'public' && (path === '/metrics' || path.startsWith('/admin/'))) {
      return sendError(res, 404, 'not_found', 'served on the admin port (SYNC_ADMIN_PORT), not here');
    }
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      // The bus is reported but not required: without it this process still serves its own clients
      // correctly (and reconverges later), while failing readiness would drain every process at once.
      const bus = this.options.cluster ? (this.options.cluster.bus.connected ? 'ok' : 'down') : 'none';
      try {
        await this.options.storage.checkHealth();
        return sendJson(res, 200, { status: 'ready', storage: 'ok', bus });
      } catch (error) {
        this.log.warn({ err: error }, 'storage not ready');
        return sendJson(res, 503, {
          status: 'unavailable',
          storage: 'down',
          bus,
          error: { code: 'storage_unavailable', message: 'storage does not answer' },
        });
      }
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': this.metrics.registry.contentType });
      res.end(await this.metrics.registry.metrics());
      return;
    }
    if (path.startsWith('/admin/')) {
      if (this.closing) return refuseShuttingDown(res);
      const handled = handleAdminRequest(req, res, {
        secret: this.options.secret,
        directory: this.options.directory,
        storage: this.options.storage,
        registry: this.registry,
        cluster: this.options.cluster,
        log: this.log,
        trashed: this.trashed,
        isClosing: () => this.closing !== null,
      });
      this.adminRequests.add(handled);
      try {
        return await handled;
      } finally {
        this.adminRequests.delete(handled);
      }
    }
    sendError(res, 404, 'not_found', 'nothing here; connect a WebSocket to /<document id>?token=…');
  }
}

/** Which endpoints a listener serves: the public one only health checks (and upgrades), the admin one the rest. */
type Side = 'public' | 'admin' | 'both';

export function createSyncServer(options: SyncServerOptions): SyncServer {
  return new SyncServer(options);
}

/** The request path without its query: a token in the URL is a credential and never logged. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}
