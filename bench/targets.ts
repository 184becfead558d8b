/**
 * The servers a benchmark compares, each run as its own child process so that
 * the clients (in the benchmark process) never share its event loop:
 * Tandem (durable SQLite), the reference y-websocket server (in memory) and
 * Hocuspocus 4 (in memory). Each comes with the client its users would use.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { signSyncToken } from '../lib/tokens';
import { freePort, rssBytes, startProcess, stopProcess, waitForHttp } from './processes';

const root = resolve(import.meta.dirname, '..');

export interface BenchClient {
  /** Times the server closed this client's connection (e.g. a rate limit); it then reconnects. */
  closes(): number;
  destroy(): void;
}

export interface RunningTarget {
  /** Connects a client for `room` bound to `doc`; resolves once the initial sync is done. */
  connect(room: string, doc: Y.Doc): Promise<BenchClient>;
  /** Restarts the server process on the same data (only meaningful where it persists). */
  restart(): Promise<void>;
  rss(): number;
  stop(): Promise<void>;
}

export interface BenchTarget {
  name: string;
  persists: boolean;
  start(): Promise<RunningTarget>;
}

function untilSynced(provider: WebsocketProvider): Promise<void> {
  return new Promise((done) => {
    if (provider.synced) done();
    else provider.once('sync', (synced: boolean) => synced && done());
  });
}

interface ProcessSpec {
  args: string[];
  env: Record<string, string>;
  readyUrl: string;
}

async function processTarget(
  spec: (port: number) => ProcessSpec,
  connect: (port: number, room: string, doc: Y.Doc) => Promise<BenchClient>,
  cleanup: () => void = () => {},
): Promise<RunningTarget> {
  const port = await freePort();
  const { args, env, readyUrl } = spec(port);
  let child: ChildProcess = startProcess(args, env);
  await waitForHttp(readyUrl, child);
  return {
    connect: (room, doc) => connect(port, room, doc),
    async restart() {
      await stopProcess(child);
      child = startProcess(args, env);
      await waitForHttp(readyUrl, child);
    },
    rss: () => rssBytes(child.pid),
    async stop() {
      await stopProcess(child);
      cleanup();
    },
  };
}

function yWebsocketClient(url: string, params: Record<string, string> = {}) {
  return async (room: string, doc: Y.Doc): Promise<BenchClient> => {
    const provider = new WebsocketProvider(url, room, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params,
      disableBc: true,
    });
    let closes = 0;
    provider.on('connection-close', (event) => {
      if (event !== null) closes++;
    });
    await untilSynced(provider);
    return { closes: () => closes, destroy: () => provider.destroy() };
  };
}

export const tandem: BenchTarget = {
  name: 'Tandem (SQLite, durable)',
  persists: true,
  async start() {
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
    const secret = 'bench-secret-'.padEnd(48, 'x');
    const tokens = new Map<string, string>();
    return processTarget(
      (port) => ({
        // Production form: compiled by scripts/build-server.mjs (bench/run.ts builds it first).
        args: [join(root, 'dist', 'server', 'main.js')],
        env: {
          SYNC_PORT: String(port),
          SYNC_ADMIN_PORT: '0',
          SYNC_HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          AUTH_SECRET: secret,
          LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
        },
        readyUrl: `http://127.0.0.1:${port}/healthz`,
      }),
      async (port, room, doc) => {
        let token = tokens.get(room);
        if (token === undefined) {
          token = await signSyncToken(secret, { doc: room, role: 'edit' }, 3600);
          tokens.set(room, token);
        }
        return yWebsocketClient(`ws://127.0.0.1:${port}`, { token })(room, doc);
      },
      () => rmSync(dataDir, { recursive: true, force: true }),
    );
  },
};

export const yWebsocketReference: BenchTarget = {
  name: 'y-websocket reference (memory)',
  persists: false,
  start() {
    return processTarget(
      (port) => ({
        args: [join(root, 'node_modules', '@y', 'websocket-server', 'src', 'server.js')],
        env: { HOST: '127.0.0.1', PORT: String(port) },
        readyUrl: `http://127.0.0.1:${port}/`,
      }),
      (port, room, doc) => yWebsocketClient(`ws://127.0.0.1:${port}`)(room, doc),
    );
  },
};

export const hocuspocus: BenchTarget = {
  name: 'Hocuspocus 4 (memory)',
  persists: false,
  start() {
    return processTarget(
      (port) => ({
        args: ['--import', 'tsx', join(root, 'bench', 'servers', 'hocuspocus.ts')],
        env: { BENCH_PORT: String(port) },
        readyUrl: `http://127.0.0.1:${port}/`,
      }),
      (port, room, doc) =>
        new Promise<BenchClient>((done) => {
          let closes = 0;
          const websocketProvider = new HocuspocusProviderWebsocket({
            url: `ws://127.0.0.1:${port}`,
            WebSocketPolyfill: WebSocket,
          });
          const provider = new HocuspocusProvider({
            name: room,
            document: doc,
            websocketProvider,
            onClose: () => {
              closes++;
            },
            onSynced: () =>
              done({
                closes: () => closes,
                destroy: () => {
                  provider.destroy();
                  websocketProvider.destroy();
                },
              }),
          });
          // A shared socket is not opened by the provider itself.
          provider.attach();
        }),
    );
  },
};

export const TARGETS: readonly BenchTarget[] = [tandem, yWebsocketReference, hocuspocus];
