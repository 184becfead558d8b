/**
 * The servers a benchmark compares, each run as its own process group so its
 * CPU can be read from /proc and no client shares its event loop:
 * - Tandem as in production (compiled, tokens checked, every update durable
 *   before fan-out): SQLite in one process, or (`--scale`) PostgreSQL + Redis
 *   in two processes, clients alternating between them;
 * - the reference: y-websocket 2.1.0's server (in memory, `ws` 8);
 * - Hocuspocus 4 (in memory, defaults);
 * - a raw relay (forwards each binary message to the room's other sockets).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPgPool } from '../lib/db/postgres';
import type { Endpoint } from './clients';
import {
  freePort,
  groupCpuSeconds,
  namedCpuSeconds,
  rssBytes,
  startProcess,
  stopProcess,
  waitForHttp,
} from './processes';

const root = resolve(import.meta.dirname, '..');

export interface RunningTarget {
  endpoint: Endpoint;
  /** CPU seconds used so far by the server's processes (and, for --scale, PostgreSQL and Redis separately). */
  cpuSeconds(): number;
  backingCpuSeconds(): number;
  /** Resident memory of the server's processes together. */
  rss(): number;
  /** Restarts the server processes on the same data (only meaningful where it persists). */
  restart(): Promise<void>;
  /** Bytes the server's storage holds (null where it keeps nothing). */
  storedBytes(): Promise<number | null>;
  /** Full encodes of document content so far (Tandem's tandem_sync_state_encodes_total; null elsewhere). */
  encodes(): Promise<number | null>;
  stop(): Promise<void>;
}

export interface BenchTarget {
  /** Short key used in tables and for BENCH_ONLY. */
  key: 'tandem' | 'tandem-thread' | 'tandem-scale' | 'reference' | 'hocuspocus' | 'relay';
  name: string;
  persists: boolean;
  /** False for the relay: it holds no document, so joins, replays and cold loads do not apply. */
  holdsDocuments: boolean;
  /** Run only in the traffic scenarios (busy room, many rooms, presence): a variant measured where it differs. */
  trafficOnly?: boolean;
  start(): Promise<RunningTarget>;
}

interface Node {
  port: number;
  child: ChildProcess;
}

async function startNode(args: string[], env: (port: number) => Record<string, string>, ready: string): Promise<Node> {
  const port = await freePort();
  const child = startProcess(args, env(port));
  await waitForHttp(`http://127.0.0.1:${port}${ready}`, child);
  return { port, child };
}

/** A group of identical server processes started with the same arguments. */
async function processTarget(options: {
  count?: number;
  args: string[];
  env: (port: number) => Record<string, string>;
  ready: string;
  endpoint: (ports: number[]) => Endpoint;
  storedBytes?: () => Promise<number | null>;
  backing?: readonly string[];
  cleanup?: () => Promise<void> | void;
}): Promise<RunningTarget> {
  const start = () =>
    Promise.all(Array.from({ length: options.count ?? 1 }, () => startNode(options.args, options.env, options.ready)));
  let nodes = await start();
  const ports = nodes.map((node) => node.port);
  return {
    endpoint: options.endpoint(ports),
    cpuSeconds: () => nodes.reduce((sum, node) => sum + groupCpuSeconds(node.child.pid), 0),
    backingCpuSeconds: () => (options.backing ? namedCpuSeconds(options.backing) : 0),
    rss: () => nodes.reduce((sum, node) => sum + rssBytes(node.child.pid), 0),
    async restart() {
      await Promise.all(nodes.map((node) => stopProcess(node.child)));
      // Same ports: the endpoint handed to load generators stays valid.
      nodes = await Promise.all(
        ports.map(async (port) => {
          const child = startProcess(options.args, options.env(port));
          await waitForHttp(`http://127.0.0.1:${port}${options.ready}`, child);
          return { port, child };
        }),
      );
    },
    storedBytes: options.storedBytes ?? (async () => null),
    async encodes() {
      if (!options.ready.startsWith('/healthz')) return null;
      let total = 0;
      for (const port of ports) {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const match = /^tandem_sync_state_encodes_total (\d+)/m.exec(text);
        total += match ? Number(match[1]) : 0;
      }
      return total;
    },
    async stop() {
      await Promise.all(nodes.map((node) => stopProcess(node.child)));
      await options.cleanup?.();
    },
  };
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
  }
  return total;
}

/** BENCH_CPU_PROF=dir: Tandem's processes write a V8 CPU profile there when they stop (bench/profile-top.ts reads it). */
const profileArgs = process.env.BENCH_CPU_PROF
  ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`]
  : [];
const tandemArgs = [...profileArgs, join(root, 'dist', 'server', 'main.js')];

/** Tandem on SQLite; `writer` is SYNC_SQLITE_WRITER (the event loop by default). */
function tandemOnSqlite(key: 'tandem' | 'tandem-thread', name: string, writer: 'thread' | 'event-loop'): BenchTarget {
  return {
    key,
    name,
    persists: true,
    holdsDocuments: true,
    start() {
      const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
      const secret = randomBytes(32).toString('base64url');
      return processTarget({
        args: tandemArgs,
        env: (port) => ({
          SYNC_PORT: String(port),
          // Admin listener on the public port: the bench reads /metrics (encode counts) there.
          SYNC_ADMIN_PORT: String(port),
          SYNC_HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          AUTH_SECRET: secret,
          SYNC_SQLITE_WRITER: writer,
          LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
        }),
        ready: '/healthz',
        endpoint: (ports) => ({
          client: 'y-websocket',
          urls: ports.map((port) => `ws://127.0.0.1:${port}`),
          secret,
          syncs: true,
        }),
        storedBytes: async () => directoryBytes(dataDir),
        cleanup: () => rmSync(dataDir, { recursive: true, force: true }),
      });
    },
  };
}

export const tandem = tandemOnSqlite('tandem', 'Tandem (SQLite, durable)', 'event-loop');
/** The same server with SYNC_SQLITE_WRITER=thread: what the writer thread costs and buys. */
export const tandemThread: BenchTarget = {
  ...tandemOnSqlite('tandem-thread', 'Tandem (SQLite, durable, writer thread)', 'thread'),
  trafficOnly: true,
};

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const tandemScale: BenchTarget = {
  key: 'tandem-scale',
  name: 'Tandem (PostgreSQL + Redis, 2 processes)',
  persists: true,
  holdsDocuments: true,
  async start() {
    const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
    const secret = randomBytes(32).toString('base64url');
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const prefix = `bench-${randomBytes(4).toString('hex')}`;
    const admin = createPgPool(DATABASE_URL, { max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    return processTarget({
      count: 2,
      args: tandemArgs,
      env: (port) => ({
        SYNC_PORT: String(port),
        // Admin listener on the public port: the bench reads /metrics (encode counts) there.
        SYNC_ADMIN_PORT: String(port),
        SYNC_HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        AUTH_SECRET: secret,
        DATABASE_URL,
        DATABASE_SCHEMA: schema,
        REDIS_URL,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      }),
      ready: '/healthz',
      endpoint: (ports) => ({
        client: 'y-websocket',
        urls: ports.map((port) => `ws://127.0.0.1:${port}`),
        secret,
        syncs: true,
      }),
      backing: ['postgres', 'redis-server'],
      storedBytes: async () => {
        const { rows } = await admin.query<{ bytes: string | null }>(
          `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
          [schema],
        );
        return Number(rows[0]?.bytes ?? 0);
      },
      async cleanup() {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
        rmSync(dataDir, { recursive: true, force: true });
      },
    });
  },
};

/** A comparison server from bench/servers/, in memory, one process on a free port. */
function memoryServer(options: {
  key: BenchTarget['key'];
  name: string;
  script: string;
  client: 'y-websocket' | 'hocuspocus';
  /** False for the relay: it forwards messages and never answers a sync step. */
  yjs: boolean;
}): BenchTarget {
  return {
    key: options.key,
    name: options.name,
    persists: false,
    holdsDocuments: options.yjs,
    start: () =>
      processTarget({
        args: [join(root, 'bench', 'servers', options.script)],
        env: (port) => ({ BENCH_PORT: String(port) }),
        ready: '/',
        endpoint: (ports) => ({ client: options.client, urls: [`ws://127.0.0.1:${ports[0]}`], syncs: options.yjs }),
      }),
  };
}

export const reference = memoryServer({
  key: 'reference',
  name: 'y-websocket 2.1.0 reference (memory)',
  script: 'reference.mjs',
  client: 'y-websocket',
  yjs: true,
});

export const hocuspocus = memoryServer({
  key: 'hocuspocus',
  name: 'Hocuspocus 4 (memory)',
  script: 'hocuspocus.mjs',
  client: 'hocuspocus',
  yjs: true,
});

export const relay = memoryServer({
  key: 'relay',
  name: 'raw relay (no Yjs)',
  script: 'relay.mjs',
  client: 'y-websocket',
  yjs: false,
});

/** In run order; `--scale` adds tandemScale after tandem. */
export const TARGETS: readonly BenchTarget[] = [tandem, tandemThread, reference, hocuspocus, relay];
