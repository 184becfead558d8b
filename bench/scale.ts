/**
 * `npm run bench:scale`: the per-process ceilings SCALING.md's capacity model
 * is built from, measured on this machine with compiled sync processes on
 * PostgreSQL and Redis (loopback only, bounded in time).
 *
 *  1. memory: RSS of one process holding N idle connections, and M loaded documents;
 *  2. throughput: D documents, each with one writer on process A and one reader
 *     on A and one on B; the update rate steps up until p99 (edit sent → reader
 *     received) passes 50 ms; and per update, what PostgreSQL and Redis did
 *     (transactions, rows, Redis commands and bytes), from their own counters.
 *
 * Clients are raw y-protocols sockets (a stock provider per connection would
 * make the load generator, on the same two cores, the bottleneck).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createPgPool } from '../lib/db/postgres';
import { signSyncToken } from '../lib/tokens';
import { encodeUpdate } from '../server/protocol';
import { freePort, rssBytes, startProcess, stopProcess, waitForHttp } from './processes';
import { percentile } from './scenarios';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = randomBytes(32).toString('base64url');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const MiB = 1024 * 1024;

interface Node {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

async function startNode(schema: string, prefix: string): Promise<Node> {
  const port = await freePort();
  const child = startProcess(['dist/server/main.js'], {
    SYNC_PORT: String(port),
    SYNC_ADMIN_PORT: '0',
    AUTH_SECRET: SECRET,
    DATA_DIR: `/tmp/tandem-bench-${prefix}`,
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, child);
  return { url: `ws://127.0.0.1:${port}`, pid: child.pid, stop: () => stopProcess(child) };
}

/**
 * A raw socket on a document. It applies the updates it receives (sync type 2)
 * to a Y.Doc and records when the text first reached each length: the writers
 * append one character per update, and a process may merge several updates
 * into one message, so lengths (not message counts) say which edits arrived.
 */
let nextClient = 0;

class RawSocket {
  /** arrivedAt[n]: when the text first held n + 1 characters. */
  readonly arrivedAt: number[] = [];
  readonly doc = new Y.Doc();
  private constructor(readonly ws: WebSocket) {}
  static async open(node: Node, doc: string): Promise<RawSocket> {
    // One token and one client address per socket, as for real people: the per-token and
    // per-address limits (loopback is a trusted proxy, so X-Forwarded-For counts) stay out of the way.
    const n = nextClient++;
    const token = await signSyncToken(SECRET, { doc, role: 'edit', name: `bench-${n}` }, 3600);
    const ws = new WebSocket(`${node.url}/${doc}?token=${token}`, {
      perMessageDeflate: false,
      headers: { 'x-forwarded-for': `198.18.${(n >> 8) & 255}.${n & 255}` },
    });
    const socket = new RawSocket(ws);
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 2) return;
      Y.applyUpdate(socket.doc, decoding.readVarUint8Array(decoder));
      const now = performance.now();
      const length = socket.doc.getText('body').length;
      while (socket.arrivedAt.length < length) socket.arrivedAt.push(now);
    });
    ws.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return socket;
  }
  close(): void {
    this.ws.terminate();
  }
}

async function openMany(node: Node, docs: string[], perDoc: number): Promise<RawSocket[]> {
  const sockets: RawSocket[] = [];
  for (const doc of docs) for (let i = 0; i < perDoc; i++) sockets.push(await RawSocket.open(node, doc));
  return sockets;
}

/** CPU time (user + system) a process has used, in seconds, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return 0;
  }
}

async function settleRss(pid: number | undefined): Promise<number> {
  await sleep(1500);
  return rssBytes(pid);
}

async function memory(schema: string, prefix: string) {
  const node = await startNode(schema, `${prefix}-mem`);
  const base = await settleRss(node.pid);
  // Connections: 2,000 idle sockets on 20 documents.
  const connDocs = Array.from({ length: 20 }, (_, i) => `conn-${i}`);
  const sockets = await openMany(node, connDocs, 100);
  const withConnections = await settleRss(node.pid);
  for (const socket of sockets) socket.close();
  await sleep(12_000); // documents unload after their last connection (and any grace period)
  // Documents: 500 loaded documents of ~2,000 keystrokes of history each (one socket each keeps them loaded).
  const docNames = Array.from({ length: 500 }, (_, i) => `doc-${i}`);
  const source = new Y.Doc();
  for (let i = 0; i < 2000; i++) source.getText('body').insert(i, String.fromCharCode(97 + (i % 26)));
  const state = encodeUpdate(Y.encodeStateAsUpdate(source));
  const holders: RawSocket[] = [];
  const beforeDocs = await settleRss(node.pid);
  for (const doc of docNames) {
    const socket = await RawSocket.open(node, doc);
    socket.ws.send(state);
    holders.push(socket);
  }
  const withDocs = await settleRss(node.pid);
  for (const socket of holders) socket.close();
  await node.stop();
  return {
    baseMiB: base / MiB,
    perConnectionKiB: (withConnections - base) / 2000 / 1024,
    perDocumentKiB: (withDocs - beforeDocs - 500 * ((withConnections - base) / 2000)) / 500 / 1024,
  };
}

interface Counters {
  commits: number;
  inserted: number;
  redisCommands: number;
  redisBytesIn: number;
  redisBytesOut: number;
}

async function counters(pool: ReturnType<typeof createPgPool>, redis: Redis): Promise<Counters> {
  const { rows } = await pool.query(
    'SELECT xact_commit::float8 AS commits, tup_inserted::float8 AS inserted FROM pg_stat_database WHERE datname = current_database()',
  );
  const info = await redis.info('stats');
  const stat = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1] ?? 0);
  const row = rows[0] as { commits: number; inserted: number };
  return {
    commits: row.commits,
    inserted: row.inserted,
    redisCommands: stat('total_commands_processed'),
    redisBytesIn: stat('total_net_input_bytes'),
    redisBytesOut: stat('total_net_output_bytes'),
  };
}

async function throughput(schema: string, prefix: string) {
  const a = await startNode(schema, `${prefix}-tp`);
  const b = await startNode(schema, `${prefix}-tp`);
  const pool = createPgPool(DATABASE_URL, { max: 1 });
  const redis = new Redis(REDIS_URL);
  const docs = Array.from({ length: 50 }, (_, i) => `tp-${i}`);
  const writers = await openMany(a, docs, 1);
  const localReaders = await openMany(a, docs, 1);
  const remoteReaders = await openMany(b, docs, 1);
  const sources = docs.map(() => new Y.Doc());
  const steps: {
    rate: number;
    achieved: number;
    localP99: number;
    remoteP50: number;
    remoteP99: number;
    cpuA: number;
    cpuB: number;
    perUpdate: Counters;
  }[] = [];
  // The first step warms up (JIT, first loads) and is not reported.
  for (const rate of [100, 250, 500, 1000, 2000, 3000, 4500, 6000]) {
    const seconds = 5;
    const sent: number[][] = docs.map(() => []);
    const base = docs.map((_, k) => sources[k]!.getText('body').length);
    const before = await counters(pool, redis);
    const cpuBefore = [cpuSeconds(a.pid), cpuSeconds(b.pid)];
    const interval = 10; // ms between rounds; each round sends rate/100 updates spread over the documents
    const perRound = Math.max(1, Math.round((rate * interval) / 1000));
    const rounds = (seconds * 1000) / interval;
    const started = performance.now();
    let next = 0;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < perRound; i++) {
        const k = next++ % docs.length;
        const doc = sources[k]!;
        let update: Uint8Array | null = null;
        const capture = (u: Uint8Array) => {
          update = u;
        };
        doc.once('update', capture);
        doc.getText('body').insert(doc.getText('body').length, 'x');
        sent[k]!.push(performance.now());
        writers[k]!.ws.send(encodeUpdate(update!));
      }
      const due = started + (round + 1) * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    const elapsed = (performance.now() - started) / 1000;
    await sleep(2000);
    const cpuA = (cpuSeconds(a.pid) - cpuBefore[0]!) / (elapsed + 2);
    const cpuB = (cpuSeconds(b.pid) - cpuBefore[1]!) / (elapsed + 2);
    const after = await counters(pool, redis);
    const latencies = (readers: RawSocket[]) => {
      const all: number[] = [];
      readers.forEach((reader, k) => {
        sent[k]!.forEach((at, n) => {
          const got = reader.arrivedAt[base[k]! + n];
          all.push(got === undefined ? 10_000 : got - at);
        });
      });
      return all.sort((x, y) => x - y);
    };
    const local = latencies(localReaders);
    const remote = latencies(remoteReaders);
    const total = sent.reduce((sum, list) => sum + list.length, 0);
    if (rate === 100) continue;
    steps.push({
      rate,
      achieved: Math.round(total / elapsed),
      localP99: percentile(local, 99),
      remoteP50: percentile(remote, 50),
      remoteP99: percentile(remote, 99),
      cpuA,
      cpuB,
      perUpdate: {
        commits: (after.commits - before.commits) / total,
        inserted: (after.inserted - before.inserted) / total,
        redisCommands: (after.redisCommands - before.redisCommands) / total,
        redisBytesIn: (after.redisBytesIn - before.redisBytesIn) / total,
        redisBytesOut: (after.redisBytesOut - before.redisBytesOut) / total,
      },
    });
    process.stderr.write(`bench:scale ${JSON.stringify(steps[steps.length - 1])}\n`);
    if (percentile(remote, 99) > 200) break;
  }
  for (const socket of [...writers, ...localReaders, ...remoteReaders]) socket.close();
  redis.disconnect();
  await pool.end();
  await Promise.all([a.stop(), b.stop()]);
  return steps;
}

async function main(): Promise<void> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const admin = createPgPool(DATABASE_URL, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const mem = await memory(schema, prefix);
    process.stderr.write(`bench:scale memory ${JSON.stringify(mem)}\n`);
    const steps = await throughput(schema, prefix);
    const f = (value: number, digits = 1) => value.toFixed(digits);
    const lines = [
      '# Scale-out measurements',
      '',
      `Run ${new Date().toISOString()} with \`npm run bench:scale\` on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}; PostgreSQL and Redis on the same machine, load generator too.`,
      '',
      '## Memory of one sync process',
      '',
      `| baseline RSS | per idle connection | per loaded document (2,000-keystroke text) |`,
      `| --- | --- | --- |`,
      `| ${f(mem.baseMiB)} MiB | ${f(mem.perConnectionKiB)} KiB | ${f(mem.perDocumentKiB)} KiB |`,
      '',
      '## Throughput: 50 documents, writer on A, readers on A and B',
      '',
      '| offered updates/s | achieved | p99 local ms | p50 A→B ms | p99 A→B ms | CPU of A (writer side) | CPU of B (reader side) | PG commits/update | PG rows/update | Redis commands/update | Redis bytes in/update | Redis bytes out/update |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...steps.map(
        (s) =>
          `| ${s.rate} | ${s.achieved} | ${f(s.localP99)} | ${f(s.remoteP50)} | ${f(s.remoteP99)} | ${f(s.cpuA * 100, 0)} % | ${f(s.cpuB * 100, 0)} % | ${f(s.perUpdate.commits, 2)} | ${f(s.perUpdate.inserted, 2)} | ${f(s.perUpdate.redisCommands, 2)} | ${f(s.perUpdate.redisBytesIn, 0)} | ${f(s.perUpdate.redisBytesOut, 0)} |`,
      ),
      '',
    ];
    writeFileSync('bench/SCALE-RESULTS.md', lines.join('\n'));
    process.stdout.write(lines.join('\n'));
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:scale failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
