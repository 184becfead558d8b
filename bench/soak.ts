/**
 * `npm run soak`: thousands of connections editing and sharing presence for
 * several minutes against the compiled sync server (SQLite, loopback only,
 * bounded in time), printing the server's memory, p99 edit latency and open
 * descriptors every interval. SECURITY.md records a run's figures.
 *
 *   SOAK_CONNECTIONS   connections in all (default 2000)
 *   SOAK_DOCS          documents they spread over (default 100)
 *   SOAK_SECONDS       how long the load runs (default 180; at most 1800)
 *   SOAK_EDITS         edits per second over all documents (default 100)
 *   SOAK_INTERVAL      seconds between report lines (default 15)
 *
 * Clients are raw y-protocols sockets: one writer per document makes edits
 * (each carrying its send time), one probe per document applies what arrives
 * and measures edit → arrival; every connection sends presence on connect,
 * renews it every 15 s as stock clients do, and a tenth move a cursor every 2 s.
 * Not part of `npm test`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { signSyncToken } from '../lib/tokens';
import { encodeAwarenessEntries, encodeUpdate, messageAwareness, messageSync } from '../server/protocol';
import { freePort, rssBytes, startProcess, stopProcess, waitForHttp } from './processes';
import { percentile } from './scenarios';

const env = (name: string, fallback: number, max = Number.MAX_SAFE_INTEGER) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new Error(`${name} must be in 1..${max}`);
  return value;
};
const CONNECTIONS = env('SOAK_CONNECTIONS', 2000, 20_000);
const DOCS = env('SOAK_DOCS', 100, CONNECTIONS);
const SECONDS = env('SOAK_SECONDS', 180, 1800);
const EDITS = env('SOAK_EDITS', 100, 10_000);
const INTERVAL = env('SOAK_INTERVAL', 15, 600);
const SECRET = randomBytes(32).toString('base64url');
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

let nextClient = 0;
const latencies: number[] = [];
let closedByServer = 0;

class Client {
  readonly clientId = 1 + nextClient;
  private clock = 0;
  private constructor(
    readonly ws: WebSocket,
    readonly doc: Y.Doc | null,
  ) {}

  static async open(url: string, room: string, probe: boolean): Promise<Client> {
    const n = nextClient++;
    const token = await signSyncToken(SECRET, { doc: room, role: 'edit', name: `soak-${n}` }, 3600);
    const ws = new WebSocket(`${url}/${room}?token=${token}`, {
      perMessageDeflate: false,
      // One address per socket, as for real people (loopback is a trusted proxy).
      headers: { 'x-forwarded-for': `198.18.${(n >> 8) & 255}.${n & 255}` },
    });
    const client = new Client(ws, probe ? new Y.Doc() : null);
    ws.on('message', (data: Buffer) => client.receive(data));
    ws.on('close', (code) => {
      if (code !== 1000 && code !== 1005) closedByServer++;
    });
    ws.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    client.presence();
    return client;
  }

  private receive(data: Buffer): void {
    if (!this.doc) return;
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (decoding.readVarUint(decoder) !== messageSync || decoding.readVarUint(decoder) !== 2) return;
    const text = this.doc.getText('body');
    const before = text.length;
    Y.applyUpdate(this.doc, decoding.readVarUint8Array(decoder));
    const now = performance.now();
    // Edits go to the front: what arrived now is the first `added` characters.
    const added = Math.max(0, text.length - before);
    for (const [, sent] of text
      .toString()
      .slice(0, added)
      .matchAll(/\|(\d+(?:\.\d+)?)\|/g)) {
      const ms = now - Number(sent);
      if (ms >= 0 && ms < 60_000) latencies.push(ms);
    }
  }

  presence(cursor = 0): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const state = { user: { name: `soak-${this.clientId}`, color: '#3366ff' }, cursor };
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(
      encoder,
      encodeAwarenessEntries([{ clientId: this.clientId, clock: ++this.clock, state }]),
    );
    this.ws.send(encoding.toUint8Array(encoder));
  }
}

/** One writer per document: edits at the front, each carrying its send time. */
class Writer {
  private readonly doc = new Y.Doc();
  constructor(private readonly client: Client) {}
  edit(): void {
    if (this.client.ws.readyState !== WebSocket.OPEN) return;
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => {
      update = u;
    };
    this.doc.on('update', capture);
    this.doc.getText('body').insert(0, `|${performance.now().toFixed(1)}|`);
    this.doc.off('update', capture);
    if (update) this.client.ws.send(encodeUpdate(update));
  }
}

function descriptors(pid: number | undefined): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

async function metric(adminUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

async function main(): Promise<void> {
  const [port, adminPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-soak-'));
  const child = startProcess(['dist/server/main.js'], {
    SYNC_HOST: '127.0.0.1',
    SYNC_PORT: String(port),
    SYNC_ADMIN_PORT: String(adminPort),
    DATA_DIR: dataDir,
    AUTH_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    SYNC_MAX_CONNECTIONS: String(CONNECTIONS + 100),
  });
  const url = `ws://127.0.0.1:${port}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  const timers: NodeJS.Timeout[] = [];
  const clients: Client[] = [];
  try {
    await waitForHttp(`${adminUrl}/healthz`, child);
    const idleRss = rssBytes(child.pid);
    const idleFds = descriptors(child.pid);
    console.log(
      `soak: ${CONNECTIONS} connections over ${DOCS} documents, ${EDITS} edits/s, ${SECONDS} s (server pid ${child.pid})`,
    );
    console.log(`soak: idle server RSS ${(idleRss / MiB).toFixed(0)} MiB, ${idleFds} descriptors`);
    const writers: Writer[] = [];
    const opened = performance.now();
    for (let d = 0; d < DOCS; d++) {
      const room = `soak-${d}`;
      const perDoc = Math.floor(CONNECTIONS / DOCS) + (d < CONNECTIONS % DOCS ? 1 : 0);
      for (let i = 0; i < perDoc; i++) {
        const client = await Client.open(url, room, i === 1);
        clients.push(client);
        if (i === 0) writers.push(new Writer(client));
      }
    }
    console.log(`soak: opened ${clients.length} connections in ${((performance.now() - opened) / 1000).toFixed(1)} s`);
    const started = performance.now();
    timers.push(setInterval(() => writers[Math.floor(Math.random() * writers.length)]!.edit(), 1000 / EDITS));
    timers.push(
      setInterval(() => {
        for (const client of clients) client.presence();
      }, 15_000),
    );
    timers.push(
      setInterval(() => {
        for (let i = 0; i < clients.length; i += 10) clients[i]!.presence(Math.floor(Math.random() * 1000));
      }, 2000),
    );
    console.log('   t(s)  RSS(MiB)  fds  conns  edits/s  p50(ms)  p99(ms)  closed');
    let edits = 0;
    while (performance.now() - started < SECONDS * 1000) {
      await sleep(INTERVAL * 1000);
      const window = latencies.splice(0).sort((a, b) => a - b);
      const applied = await metric(adminUrl, 'tandem_sync_updates_persisted_total');
      const rate = (applied - edits) / INTERVAL;
      edits = applied;
      console.log(
        [
          ((performance.now() - started) / 1000).toFixed(0).padStart(7),
          (rssBytes(child.pid) / MiB).toFixed(0).padStart(9),
          String(descriptors(child.pid)).padStart(4),
          String(await metric(adminUrl, 'tandem_sync_connections')).padStart(6),
          rate.toFixed(0).padStart(8),
          percentile(window, 50).toFixed(1).padStart(8),
          percentile(window, 99).toFixed(1).padStart(8),
          String(closedByServer).padStart(7),
        ].join(' '),
      );
    }
  } finally {
    for (const timer of timers) clearInterval(timer);
    for (const client of clients) client.ws.terminate();
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`soak: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
