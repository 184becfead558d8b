/**
 * The WebSocket upgrade: every check happens here, before a WebSocket or a
 * loaded document exists — connection limits (total, per client address, per
 * token), room name, token, room↔token match, tombstone, document load.
 * Refusals are plain HTTP responses with a JSON error body (PROTOCOL.md).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { isValidDocId } from '../lib/doc-id';
import { TokenError, verifySyncToken } from '../lib/tokens';
import { recheck } from './access-check';
import { awarenessPrincipal } from './awareness-principal';
import { clientAddress } from './client-address';
import type { SlotCounter } from './cluster/shared-counter';
import { Connection, type ConnectionIdentity, type TokenRenewer } from './connection';
import { ConnectionCounter } from './connection-counter';
import type { Directory } from './directory';
import { refuseUpgrade } from './http';
import type { SyncLimits } from './limits';
import type { Logger } from './log';
import type { RefusalReason, SyncMetrics } from './metrics';
import type { Room } from './room';
import type { RoomRegistry } from './room-registry';
import type { TrashedDocuments } from './trashed-documents';

export interface UpgradeLimits {
  /** Open connections the process accepts in all (each holds a descriptor and buffers). */
  maxConnections: number;
  /** Per client address (after trusted proxies); an office behind one NAT shares it. */
  maxConnectionsPerAddress: number;
  /** Per token: one tab holds one; a reconnect loop or a leaked token cannot hold thousands. */
  maxConnectionsPerToken: number;
  trustedProxies: BlockList;
}

export interface UpgradeDependencies {
  secret: string;
  /** Documents in the trash: refused until restored. */
  trashed?: TrashedDocuments;
  directory: Directory;
  registry: RoomRegistry;
  wss: WebSocketServer;
  limits: SyncLimits;
  upgradeLimits: UpgradeLimits;
  metrics: SyncMetrics;
  log: Logger;
  isClosing(): boolean;
  /** Called for each accepted connection, and once again (`closed`) when it ends. */
  accepted(connection: Connection): void;
  closed(connection: Connection): void;
  /** Several processes: per-address and per-token counts shared by all (cluster/shared-counter.ts). */
  sharedCounters?: { perAddress: SlotCounter; perToken: SlotCounter };
}

/** One process's counts, as a SlotCounter. */
function localCounter(max: number): SlotCounter {
  const counter = new ConnectionCounter(max);
  return { tryAcquire: async (key) => counter.tryAcquire(key), release: (key) => counter.release(key) };
}

export class Upgrades {
  private readonly perAddress: SlotCounter;
  private readonly perToken: SlotCounter;
  /** Accepted connections plus upgrades in progress. */
  private open = 0;

  constructor(private readonly deps: UpgradeDependencies) {
    this.perAddress = deps.sharedCounters?.perAddress ?? localCounter(deps.upgradeLimits.maxConnectionsPerAddress);
    this.perToken = deps.sharedCounters?.perToken ?? localCounter(deps.upgradeLimits.maxConnectionsPerToken);
  }

  async handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const slots = new Slots();
    let handedOver = false;
    try {
      handedOver = await this.check(req, socket, head, slots);
    } finally {
      if (!handedOver) this.giveBack(slots);
    }
  }

  /** Gives back every slot `slots` holds, exactly once (on refusal, or when the connection ends). */
  private giveBack(slots: Slots): void {
    if (slots.settled) return;
    slots.settled = true;
    if (slots.counted) this.open--;
    if (slots.address !== null) this.perAddress.release(slots.address);
    if (slots.principal !== null) this.perToken.release(slots.principal);
    if (slots.room !== null) this.deps.registry.release(slots.room);
  }

  /**
   * A renewed token for an open connection (auth message, PROTOCOL.md): it
   * must be valid, for the same room and the same person, and grant the same
   * role. A role change is not a renewal: the web app's access change closes
   * the connection (4409) and the client reconnects with the new role.
   */
  private async renew(connection: Connection, token: string): Promise<{ expiresAt: number; link: string | null }> {
    const claims = await verifySyncToken(this.deps.secret, token);
    const { identity } = connection;
    if (claims.doc !== identity.room) throw new RenewalRefused('token is for another document');
    if ((claims.sub ?? null) !== (identity.sub ?? null)) throw new RenewalRefused('token is for someone else');
    if (claims.role !== identity.role && identity.room === identity.docName) {
      throw new RenewalRefused('token grants another role');
    }
    if (claims.exp === undefined) throw new RenewalRefused('token has no expiry');
    return { expiresAt: claims.exp * 1000, link: claims.link ?? null };
  }

  /** Returns true once the socket is handed to ws (the slots then go back when it closes). */
  private async check(req: IncomingMessage, socket: Duplex, head: Buffer, slots: Slots): Promise<boolean> {
    const { deps } = this;
    const refuse = (status: number, reason: RefusalReason, message: string): false => {
      deps.metrics.refuse(reason);
      deps.log.info({ status, reason, path: pathOf(req.url) }, 'upgrade refused');
      refuseUpgrade(socket, status, reason, message);
      return false;
    };
    if (deps.isClosing()) return refuse(503, 'shutting_down', 'server is shutting down');
    if (this.open >= deps.upgradeLimits.maxConnections) return refuse(503, 'server_full', 'too many connections');
    this.open++;
    slots.counted = true;
    const address = clientAddress(req, deps.upgradeLimits.trustedProxies);
    if (!(await this.perAddress.tryAcquire(address))) {
      return refuse(429, 'too_many_connections', 'too many connections from this address');
    }
    slots.address = address;

    const url = new URL(req.url ?? '/', 'http://localhost');
    // A copy, not a slice: V8 slices share the URL's whole string (the token in it) for as long as the
    // connection keeps its room name.
    const room = Buffer.from(url.pathname.slice(1), 'latin1').toString('latin1');
    if (!isValidDocId(room)) return refuse(400, 'bad_room', 'room names match ^[A-Za-z0-9_-]{1,64}$');
    const token = url.searchParams.get('token');
    let claims: Awaited<ReturnType<typeof verifySyncToken>>;
    try {
      claims = await verifySyncToken(deps.secret, token);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      return refuse(401, `token_${error.reason}`, error.message);
    }
    if (claims.doc !== room) return refuse(403, 'wrong_document', 'token is for another document');
    const principal = principalOf(token);
    if (!(await this.perToken.tryAcquire(principal))) {
      return refuse(429, 'too_many_connections', 'too many connections with this token');
    }
    slots.principal = principal;
    const resolution = await deps.directory.resolve(room);
    if (resolution.kind === 'deleted') return refuse(404, 'document_deleted', 'document was deleted');
    // By document, not by the name connected to: a view id of a trashed document is refused too.
    if (deps.trashed?.has(resolution.docName)) {
      return refuse(410, 'document_trashed', 'document was moved to the trash');
    }
    // A token minted before a removal, downgrade or link reset is still a valid JWT for up to its
    // lifetime: the permissions stored now decide, as they do for open connections.
    if (claims.sub !== undefined) {
      const facts = await deps.directory.documentAccess(resolution.docName);
      const role = resolution.viewOnly ? 'view' : claims.role;
      const verdict = facts && recheck({ sub: claims.sub, link: claims.link ?? null, role }, facts);
      if (verdict?.kind === 'revoked') return refuse(403, 'access_revoked', 'access to this document was removed');
      if (verdict?.kind === 'changed') return refuse(403, 'role_changed', 'the role on this document changed');
    }
    if (deps.isClosing()) return refuse(503, 'shutting_down', 'server is shutting down');

    let target: Awaited<ReturnType<RoomRegistry['acquire']>>;
    try {
      target = await deps.registry.acquire(resolution.docName);
    } catch (error) {
      // Never serve (or later store) an empty document in place of one we failed to read.
      deps.log.error({ err: error, doc: resolution.docName }, 'document failed to load');
      return refuse(500, 'load_failed', 'document could not be loaded');
    }
    // Our reference goes with any refusal from here on, or the room would never unload.
    slots.room = target;
    // Deleted while we were loading it (admin delete raced this upgrade): never serve it.
    if ((await deps.directory.resolve(room)).kind === 'deleted') {
      target.markDeleted();
      return refuse(404, 'document_deleted', 'document was deleted');
    }
    if (socket.destroyed) return false;
    if (deps.isClosing()) return refuse(503, 'shutting_down', 'server is shutting down');
    // ws answers an invalid handshake itself and never calls back: give the slots back then.
    const notUpgraded = () => this.giveBack(slots);
    socket.once('close', notUpgraded);
    // A viewId alias never grants more than viewing, whatever the token says.
    const identity: ConnectionIdentity = {
      room,
      docName: resolution.docName,
      role: resolution.viewOnly ? 'view' : claims.role,
      name: claims.name ?? null,
      ack: url.searchParams.get('ack') === '1',
      principal: awarenessPrincipal(resolution.docName, resolution.viewOnly ? 'view' : claims.role, {
        sub: claims.sub ?? null,
        name: claims.name ?? null,
      }),
      sub: claims.sub ?? null,
      link: claims.link ?? null,
      expiresAt: claims.exp === undefined ? null : claims.exp * 1000,
    };
    deps.wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', notUpgraded);
      this.accept(ws, identity, target, slots);
    });
    return true;
  }

  /**
   * Serves an upgraded socket. A method of its own, not a closure inside
   * `check`: every closure made there shares check's scope, so one kept for
   * the connection's life (its close handler, its renewer) would keep the
   * upgrade request, its headers and URL (the token included) alive with it,
   * ~1.5 KiB per connection (bench/RESULTS.md, RSS per connection).
   */
  private accept(ws: WebSocket, identity: ConnectionIdentity, room: Room, slots: Slots): void {
    const { deps } = this;
    const connection = new Connection(ws, identity, deps.limits, deps.metrics, deps.log);
    connection.setRenewer(this.renewer);
    deps.accepted(connection);
    room.attach(connection, () => {
      deps.closed(connection);
      this.giveBack(slots);
    });
  }

  /** One renewer for every connection (it holds nothing of any of them). */
  private readonly renewer: TokenRenewer = (connection, token) => this.renew(connection, token);
}

/** What one upgrade holds; given back by `Upgrades.giveBack`. */
class Slots {
  settled = false;
  /** Counted in `open`. */
  counted = false;
  address: string | null = null;
  principal: string | null = null;
  room: Room | null = null;
}

/** Why a renewal was refused (logged; the connection keeps its old token's expiry). */
class RenewalRefused extends Error {}

/**
 * A connection's credential for the per-token limit: a digest of its token.
 * (Awareness takeovers follow the token's grant instead: awareness-principal.ts.)
 */
function principalOf(token: string | null): string {
  return createHash('sha256')
    .update(token ?? '')
    .digest('base64url');
}

/** The request path without its query: the token is a credential and never logged. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}
