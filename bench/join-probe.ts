/**
 * Where a late joiner's time goes, Tandem against the reference (issue 11):
 * fills one document with the final state of a trace (one update), then joins
 * it N times with a bare `ws` client speaking the y-websocket protocol as the
 * stock provider does (on open: sync step 1 with an empty state vector; no
 * awareness), recording each message's arrival time, kind and size, and the
 * time a bare Y.applyUpdate of the served step 2 takes in this process; then
 * (Tandem) restarts the server and does the same for a cold load.
 *
 * Run it under the heavy lock with a timeout:
 *   flock /tmp/tandem-heavy.lock timeout 600 npx tsx bench/join-probe.ts [--only=tandem,reference] [--joins=9] [--trace=automerge-paper]
 *   --fill=replay   one update per transaction, as bench/loadgen.ts replays (default: the final state as one update)
 *   --colds=3       restarts of the server, each followed by one join (a load from storage in a fresh process)
 *   --reloads=0     loads from storage in the running process (after the 10 s unload grace period)
 */
import { performance } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { credentials, openClient } from './clients';
import { type BenchTarget, reference, tandem } from './targets';
import { loadTrace } from './traces';

const argv = process.argv.slice(2);
const option = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = (option('only') ?? 'tandem,reference').split(',');
const joins = Number(option('joins') ?? 9);
const traceName = option('trace') ?? 'automerge-paper';
/** 'update': the final state as one update (fast); 'replay': one update per transaction, as bench/loadgen.ts replays. */
const fill = option('fill') ?? 'update';
const colds = Number(option('colds') ?? 3);
/** Loads from storage in a running (warm) process: wait out the unload grace period (10 s), then join. */
const reloads = Number(option('reloads') ?? 0);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function finalState(): { update: Uint8Array; length: number } {
  const trace = loadTrace(traceName);
  const doc = new Y.Doc();
  const text = doc.getText('t');
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [position, deleteCount, insert] of txn.patches) {
        if (deleteCount > 0) text.delete(position, deleteCount);
        if (insert !== '') text.insert(position, insert);
      }
    });
  }
  return { update: Y.encodeStateAsUpdate(doc), length: text.length };
}

interface Arrival {
  at: number;
  kind: string;
  bytes: number;
}

interface Probe {
  openMs: number;
  step2Ms: number;
  step2Bytes: number;
  applyMs: number;
  arrivals: Arrival[];
}

function kindOf(data: Uint8Array): { kind: string; payload?: Uint8Array } {
  const decoder = decoding.createDecoder(data);
  const type = decoding.readVarUint(decoder);
  if (type === 0) {
    const sub = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    return { kind: ['step1', 'step2', 'update'][sub] ?? `sync${sub}`, payload };
  }
  return { kind: type === 1 ? 'awareness' : `type${type}` };
}

/** One join with a bare ws client; resolves when step 2 has arrived and been applied. */
async function probe(url: string, room: string, n: number, endpoint: Parameters<typeof credentials>[0]) {
  const { params, headers } = await credentials(endpoint, room, n);
  const query = new URLSearchParams(params).toString();
  const started = performance.now();
  const at = () => performance.now() - started;
  const ws = new WebSocket(`${url}/${room}${query ? `?${query}` : ''}`, { headers });
  ws.binaryType = 'arraybuffer';
  const arrivals: Arrival[] = [];
  return new Promise<Probe>((done, fail) => {
    let openMs = 0;
    // Never hang (a refused upgrade, a close before step 2): fail with what arrived.
    const timer = setTimeout(() => {
      ws.terminate();
      fail(new Error(`no sync step 2 within 30 s; arrived: ${JSON.stringify(arrivals)}`));
    }, 30_000);
    ws.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      fail(new Error(`closed (${code}) before sync step 2`));
    });
    ws.on('open', () => {
      openMs = at();
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
      ws.send(encoding.toUint8Array(encoder));
    });
    ws.on('message', (data: ArrayBuffer) => {
      const bytes = new Uint8Array(data);
      const { kind, payload } = kindOf(bytes);
      arrivals.push({ at: at(), kind, bytes: bytes.byteLength });
      if (kind === 'step2' && payload) {
        const step2Ms = at();
        const doc = new Y.Doc();
        const t0 = performance.now();
        Y.applyUpdate(doc, payload);
        const applyMs = performance.now() - t0;
        clearTimeout(timer);
        ws.close();
        done({ openMs, step2Ms, step2Bytes: bytes.byteLength, applyMs, arrivals });
      }
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function providerJoins(endpoint: Parameters<typeof credentials>[0], room: string, count: number, first: number) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const prepared = await credentials(endpoint, room, first + i);
    const doc = new Y.Doc();
    const started = performance.now();
    const client = await openClient(endpoint, room, doc, first + i, prepared);
    times.push(performance.now() - started);
    client.destroy();
    doc.destroy();
  }
  return times;
}

async function run(target: BenchTarget, state: { update: Uint8Array; length: number }) {
  const running = await target.start();
  try {
    const { endpoint } = running;
    const room = `probe-${Date.now().toString(36)}`;
    const writerDoc = new Y.Doc();
    const writer = await openClient(endpoint, room, writerDoc, 0);
    if (fill === 'replay') {
      const text = writerDoc.getText('t');
      let applied = 0;
      for (const txn of loadTrace(traceName).txns) {
        writerDoc.transact(() => {
          for (const [position, deleteCount, insert] of txn.patches) {
            if (deleteCount > 0) text.delete(position, deleteCount);
            if (insert !== '') text.insert(position, insert);
          }
        });
        if (++applied % 500 === 0) await new Promise((done) => setImmediate(done));
      }
    } else Y.applyUpdate(writerDoc, state.update);
    // Wait until a fresh joiner sees the whole text.
    for (const deadline = Date.now() + 120_000; ; ) {
      if (Date.now() > deadline) throw new Error('the document never reached its final length');
      const doc = new Y.Doc();
      const check = await openClient(endpoint, room, doc, 1);
      const length = doc.getText('t').length;
      check.destroy();
      if (length === state.length) break;
      await sleep(200);
    }
    writer.destroy();
    await sleep(1500);
    const url = endpoint.urls[0]!;
    const rows: Probe[] = [];
    for (let i = 0; i < joins; i++) rows.push(await probe(url, room, 10 + i, endpoint));
    const provider = await providerJoins(endpoint, room, joins, 100);
    report(`${target.key} warm`, rows, provider);
    if (target.persists && reloads > 0) {
      const reloaded: Probe[] = [];
      for (let i = 0; i < reloads; i++) {
        await sleep(12_000);
        reloaded.push(await probe(url, room, 400 + i, endpoint));
      }
      report(`${target.key} reload in a running process`, reloaded, []);
    }
    if (target.persists) {
      const cold: Probe[] = [];
      const coldProvider: number[] = [];
      for (let i = 0; i < colds; i++) {
        await running.restart();
        cold.push(await probe(url, room, 200 + i, endpoint));
        await running.restart();
        coldProvider.push(...(await providerJoins(endpoint, room, 1, 300 + i)));
      }
      report(`${target.key} cold`, cold, coldProvider);
    }
  } finally {
    await running.stop();
  }
}

function report(label: string, rows: Probe[], provider: number[]) {
  const first = rows[0]!;
  console.log(`\n## ${label}`);
  console.log(
    `first join arrivals: ${first.arrivals.map((a) => `${a.kind}(${a.bytes} B)@${a.at.toFixed(1)}`).join(', ')}`,
  );
  console.log(
    `ws probe (n=${rows.length}) median: open ${median(rows.map((r) => r.openMs)).toFixed(1)} ms, step2 arrives ${median(rows.map((r) => r.step2Ms)).toFixed(1)} ms, step2 ${median(rows.map((r) => r.step2Bytes))} B, bare Y.applyUpdate ${median(rows.map((r) => r.applyMs)).toFixed(1)} ms`,
  );
  console.log(
    `  per join: ${rows.map((r) => `${r.openMs.toFixed(1)}/${r.step2Ms.toFixed(1)}/${r.applyMs.toFixed(1)}`).join(' ')}`,
  );
  console.log(
    `WebsocketProvider join (n=${provider.length}) median ${median(provider).toFixed(1)} ms: ${provider.map((t) => t.toFixed(1)).join(' ')}`,
  );
}

const state = finalState();
console.log(`${traceName}: final state ${state.update.byteLength} B, ${state.length} characters`);
const targets: BenchTarget[] = [tandem, reference].filter((target) => only.includes(target.key));
for (const target of targets) await run(target, state);
process.exit(0);
