/**
 * Test fixtures: a real sync server on port 0 over a real SQLite file in a
 * temp dir, stock WebsocketProvider clients, and raw sockets for hand-built
 * frames. Everything started here is stopped by `cleanup()` (afterEach).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { databaseFile } from '../../lib/data-dir';
import { openDatabase, type SqliteDatabase } from '../../lib/db/sqlite';
import { type Role, signSyncToken } from '../../lib/tokens';
import { SqliteDirectory } from '../../server/directory';
import type { SyncLimits } from '../../server/limits';
import { type Logger, silentLogger } from '../../server/log';
import { SqliteStorage } from '../../server/storage/sqlite';
import { InlineWriter, WorkerWriter } from '../../server/storage/sqlite-writer';
import type { Storage } from '../../server/storage/storage';
import { loadStoredDoc } from '../../server/stored-doc';
import { SyncServer, type SyncServerOptions } from '../../server/sync-server';

export const SECRET = 'test-secret-test-secret-test-secret-0123456789';

const cleanups: (() => unknown)[] = [];

/** Public ws:// URL → the server's admin http:// URL (/metrics, /admin/** listen apart from the public port). */
const adminUrls = new Map<string, string>();

/** Lets `metric(server.url, …)` find the admin listener of a server started outside `startServer`. */
export function trackAdminUrl(server: SyncServer): void {
  adminUrls.set(server.url, server.adminUrl);
}

/** The admin http:// URL for a server's public URL (itself when unknown or already the admin URL). */
export function adminUrlOf(url: string): string {
  return adminUrls.get(url) ?? url.replace(/^ws/, 'http');
}

export function onCleanup(action: () => unknown): void {
  cleanups.push(action);
}

/** Runs every registered cleanup, newest first. Call from afterEach. */
export async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    const action = cleanups.pop()!;
    try {
      await action();
    } catch {
      // Keep tearing down the rest; a failing cleanup must not leak servers.
    }
  }
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-sync-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestServer {
  server: SyncServer;
  url: string;
  dataDir: string;
  db: SqliteDatabase;
  storage: SqliteStorage;
  directory: SqliteDirectory;
  /** http:// URL of the admin listener (/metrics, /admin/**, health). */
  adminUrl: string;
  token(doc: string, role?: Role, name?: string, ttlSeconds?: number): Promise<string>;
  /** Stops the server (graceful) and closes the database. */
  stop(): Promise<void>;
}

/** Where startServer's SQLite writes run unless a test says otherwise (the server's default: the event loop). */
export const serverDefaults: { sqliteWriter: 'event-loop' | 'thread' } = { sqliteWriter: 'event-loop' };

export async function startServer(
  options: {
    /** SYNC_SQLITE_WRITER of the server under test. */
    sqliteWriter?: 'event-loop' | 'thread';
    dataDir?: string;
    limits?: Partial<SyncLimits>;
    maxMessageBytes?: number;
    compactThreshold?: number;
    /** 0 here (unload as soon as the last client leaves) so tests see unloads at once; the server's default is 10 s. */
    unloadGraceMs?: number;
    upgradeLimits?: SyncServerOptions['upgradeLimits'];
    http?: SyncServerOptions['http'];
    log?: Logger;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const file = databaseFile(dataDir);
  const db = openDatabase(file);
  // As server/bootstrap.ts builds it for SYNC_SQLITE_WRITER.
  const writer =
    (options.sqliteWriter ?? serverDefaults.sqliteWriter) === 'thread' ? new WorkerWriter(file) : new InlineWriter(db);
  const storage = new SqliteStorage(db, writer);
  const directory = new SqliteDirectory(db, writer);
  const server = new SyncServer({
    port: 0,
    secret: SECRET,
    storage,
    directory,
    log: options.log ?? silentLogger(),
    limits: options.limits,
    maxMessageBytes: options.maxMessageBytes,
    compactThreshold: options.compactThreshold,
    unloadGraceMs: options.unloadGraceMs ?? 0,
    upgradeLimits: options.upgradeLimits,
    http: options.http,
  });
  await server.listen();
  trackAdminUrl(server);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
    await writer.close();
    db.close();
  };
  onCleanup(stop);
  return {
    server,
    url: server.url,
    adminUrl: server.adminUrl,
    dataDir,
    db,
    storage,
    directory,
    token: (doc, role = 'edit', name, ttlSeconds = 600) => signSyncToken(SECRET, { doc, role, name }, ttlSeconds),
    stop,
  };
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

/** A stock y-websocket client, exactly as the browser editor uses it. */
export function connectClient(
  url: string,
  room: string,
  token: string,
  params: Record<string, string> = {},
): TestClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token, ...params },
    disableBc: true,
    maxBackoffTime: 200,
  });
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    provider.destroy();
    doc.destroy();
  };
  onCleanup(destroy);
  return { doc, provider, destroy };
}

export function text(client: TestClient): string {
  return client.doc.getText('body').toString();
}

/** Result of a raw HTTP upgrade attempt: 101 when accepted, else the refusal status and JSON body. */
export function upgradeStatus(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      hostname,
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw WebSocket that records every binary message and its close code. */
export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  closeCode: number | null;
  send(data: Uint8Array | string): void;
  /** Message types (first varUint) received so far. */
  types(): number[];
}

export async function rawClient(url: string, room: string, token: string, query = ''): Promise<RawClient> {
  const ws = new WebSocket(`${url}/${room}?token=${token}${query}`);
  const client: RawClient = {
    ws,
    messages: [],
    closeCode: null,
    send: (data) => ws.send(data),
    types: () => client.messages.map((message) => decoding.readVarUint(decoding.createDecoder(message))),
  };
  ws.on('message', (data: Buffer) => client.messages.push(new Uint8Array(data)));
  ws.on('close', (code) => {
    client.closeCode = code;
  });
  ws.on('error', () => {});
  onCleanup(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return client;
}

/**
 * The stored state of a document as one update (what a room would load), or
 * null when nothing is stored for it at all.
 */
export async function storedUpdate(storage: Storage, doc: string): Promise<Uint8Array | null> {
  const ydoc = new Y.Doc();
  try {
    const positions = await loadStoredDoc(storage, doc, ydoc);
    if (positions.head === 0 && positions.snapshotSeq === 0 && ydoc.share.size === 0) return null;
    return Y.encodeStateAsUpdate(ydoc);
  } finally {
    ydoc.destroy();
  }
}

/** Reads a gauge or counter value from /metrics text. */
export async function metric(url: string, name: string, labels = ''): Promise<number> {
  const response = await fetch(`${adminUrlOf(url)}/metrics`);
  const body = await response.text();
  const line = body.split('\n').find((candidate) => candidate.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}
