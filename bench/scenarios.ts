/**
 * The benchmark's scenarios. Each runs against one started server with its
 * clients in load generator processes (bench/loadgen.ts) and returns named
 * figures; server CPU is read from /proc for the measured window only.
 */
import { performance } from 'node:perf_hooks';
import type { Job, LoadgenResult } from './loadgen-protocol';
import { type Loadgen, startAll, stopAll } from './loadgens';
import type { BenchTarget, RunningTarget } from './targets';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const MiB = 1024 * 1024;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** One scenario's figures for one server; null where a figure does not apply. */
export type Figures = Record<string, number | null>;

export interface TrafficParams {
  rooms: number;
  clientsPerRoom: number;
  /** Edits per second per room (all its clients together). */
  updatesPerRoomPerSecond: number;
  presenceHz?: number;
  durationMs: number;
  /** Load generator processes; each holds clientsPerRoom / loadgens clients of every room. */
  loadgens: number;
}

let runCounter = 0;
const roomNames = (prefix: string, count: number) => {
  const run = `${Date.now().toString(36)}${runCounter++}`;
  return Array.from({ length: count }, (_, i) => `${prefix}-${run}-${i}`);
};

/** Samples the server's RSS every `everyMs` until stopped; returns the peak. */
function rssSampler(target: RunningTarget, everyMs = 100): { stop(): number } {
  let peak = target.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, target.rss());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, target.rss());
    },
  };
}

function trafficJobs(target: RunningTarget, rooms: string[], p: TrafficParams, firstIndex = 0): Job[] {
  const perRoom = p.clientsPerRoom / p.loadgens;
  if (!Number.isInteger(perRoom)) throw new Error('clientsPerRoom must divide among the load generators');
  return Array.from({ length: p.loadgens }, (_, g) => ({
    kind: 'traffic' as const,
    endpoint: target.endpoint,
    firstIndex: firstIndex + g * rooms.length * perRoom,
    rooms,
    perRoom,
    updatesPerSecond: (p.updatesPerRoomPerSecond * rooms.length) / p.loadgens,
    presenceHz: p.presenceHz,
  }));
}

/** Runs the generators' measured window; CPU and peak RSS of the server over exactly that window. */
async function measured(target: RunningTarget, loadgens: Loadgen[], durationMs: number) {
  const rss = rssSampler(target);
  const cpu0 = target.cpuSeconds();
  const backing0 = target.backingCpuSeconds();
  const started = performance.now();
  const results = await Promise.all(loadgens.map((loadgen) => loadgen.run(durationMs)));
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = target.cpuSeconds() - cpu0;
  const backingCpu = target.backingCpuSeconds() - backing0;
  return { results, cpu, backingCpu, wallSeconds, peakRss: rss.stop() };
}

function latencies(results: LoadgenResult[], key: 'editLatencies' | 'presenceLatencies'): number[] {
  return results.flatMap((result) => result[key] ?? []).sort((a, b) => a - b);
}

const sum = (results: LoadgenResult[], key: 'sent' | 'presenceSent' | 'closes') =>
  results.reduce((total, result) => total + (result[key] ?? 0), 0);

/**
 * Busy room, many rooms and presence: clients in `rooms` rooms send edits
 * (and cursor moves) at a steady rate; every other client of the room records
 * when each reaches it.
 */
export async function traffic(target: RunningTarget, p: TrafficParams): Promise<Figures> {
  const rooms = roomNames('traffic', p.rooms);
  const loadgens = await startAll(trafficJobs(target, rooms, p));
  try {
    await sleep(500);
    const { results, cpu, backingCpu, wallSeconds, peakRss } = await measured(target, loadgens, p.durationMs);
    const edits = latencies(results, 'editLatencies');
    const moves = latencies(results, 'presenceLatencies');
    const sent = sum(results, 'sent');
    const presenceSent = sum(results, 'presenceSent');
    const expected = sent * (p.clientsPerRoom - 1);
    const expectedMoves = presenceSent * (p.clientsPerRoom - 1);
    const delivered = edits.length + moves.length;
    return {
      'updates sent': sent,
      'delivered %': expected > 0 ? (100 * edits.length) / expected : null,
      'cursor moves sent': p.presenceHz ? presenceSent : null,
      'cursor delivered %': p.presenceHz && expectedMoves > 0 ? (100 * moves.length) / expectedMoves : null,
      'server CPU %': (100 * cpu) / wallSeconds,
      'CPU µs / delivered': delivered > 0 ? (cpu * 1e6) / delivered : null,
      'p50 ms': edits.length > 0 ? percentile(edits, 50) : p.presenceHz ? percentile(moves, 50) : null,
      'p99 ms': edits.length > 0 ? percentile(edits, 99) : p.presenceHz ? percentile(moves, 99) : null,
      'peak RSS MiB': peakRss / MiB,
      'PG+Redis CPU %': backingCpu > 0 ? (100 * backingCpu) / wallSeconds : null,
      closes: sum(results, 'closes'),
    };
  } finally {
    await stopAll(loadgens);
  }
}

export interface ConnectionsParams {
  rooms: number;
  clientsPerRoom: number;
  loadgens: number;
  idleMs: number;
  /** Edits per second over all rooms during the trickle window. */
  trickle: number;
  durationMs: number;
}

/** Many mostly idle connections: memory per connection, idle (heartbeat) CPU, and a trickle of edits. */
export async function manyConnections(target: RunningTarget, p: ConnectionsParams): Promise<Figures> {
  const rooms = roomNames('idle', p.rooms);
  await sleep(500);
  const baseRss = target.rss();
  const connectStarted = performance.now();
  const loadgens = await startAll(
    trafficJobs(target, rooms, {
      rooms: p.rooms,
      clientsPerRoom: p.clientsPerRoom,
      updatesPerRoomPerSecond: p.trickle / p.rooms,
      durationMs: p.durationMs,
      loadgens: p.loadgens,
    }).map((job) => ({ ...job, concurrency: 100 })),
  );
  try {
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    await sleep(2000);
    const connections = p.rooms * p.clientsPerRoom;
    const connectedRss = target.rss();
    const idleCpu0 = target.cpuSeconds();
    await sleep(p.idleMs);
    const idleCpu = target.cpuSeconds() - idleCpu0;
    const { results, cpu, wallSeconds } = await measured(target, loadgens, p.durationMs);
    const edits = latencies(results, 'editLatencies');
    const sent = sum(results, 'sent');
    return {
      connections,
      'connect s': connectSeconds,
      'base RSS MiB': baseRss / MiB,
      'RSS / connection KiB': (connectedRss - baseRss) / connections / 1024,
      'idle CPU %': (100 * idleCpu) / (p.idleMs / 1000),
      'trickle CPU %': (100 * cpu) / wallSeconds,
      'delivered %': sent > 0 ? (100 * edits.length) / (sent * (p.clientsPerRoom - 1)) : null,
      'trickle p50 ms': percentile(edits, 50),
      'trickle p99 ms': percentile(edits, 99),
      closes: sum(results, 'closes'),
    };
  } finally {
    await stopAll(loadgens);
  }
}

export interface ReplayParams {
  trace: string;
  edits: number;
  lateJoins: number;
}

/**
 * A real editing trace replayed by one client (one update per transaction,
 * as fast as it can send) while a follower in another generator waits for
 * the final text; then late joiners one after another, then (where the
 * server persists) a restart and a cold load.
 */
export async function traceReplay(target: RunningTarget, bench: BenchTarget, p: ReplayParams): Promise<Figures> {
  if (!bench.holdsDocuments) return {};
  const [room] = roomNames('replay', 1) as [string];
  const endpoint = target.endpoint;
  const [writer, follower] = await startAll([
    { kind: 'replay', endpoint, firstIndex: 0, room, trace: p.trace, edits: p.edits },
    { kind: 'follow', endpoint, firstIndex: 1, room, trace: p.trace, edits: p.edits, timeoutMs: 180_000 },
  ]);
  let figures: Figures;
  try {
    const cpu0 = target.cpuSeconds();
    const [written, followed] = await Promise.all([writer!.run(), follower!.run()]);
    const cpu = target.cpuSeconds() - cpu0;
    const seconds =
      followed.convergedAt && written.startedAt ? (followed.convergedAt - written.startedAt) / 1000 : null;
    figures = {
      edits: p.edits,
      'edits/s': seconds ? p.edits / seconds : null,
      converged: followed.convergedAt ? 1 : 0,
      'replay closes': written.closes ?? 0,
      'server CPU s': cpu,
    };
  } finally {
    await stopAll([writer!, follower!]);
  }
  const [late] = await startAll([
    { kind: 'join', endpoint, firstIndex: 2, room, count: p.lateJoins, sequential: true },
  ]);
  try {
    const joined = await late!.run();
    const sorted = [...(joined.joinMs ?? [])].sort((a, b) => a - b);
    figures['late join first ms'] = joined.joinMs?.[0] ?? null;
    figures['late join median ms'] = percentile(sorted, 50);
  } finally {
    await stopAll([late!]);
  }
  await sleep(1500); // let background compaction finish before reading the size
  figures['stored KiB'] = bench.persists ? ((await target.storedBytes()) ?? 0) / 1024 : null;
  figures['cold load ms'] = null;
  if (bench.persists) {
    await target.restart();
    const [cold] = await startAll([{ kind: 'join', endpoint, firstIndex: 100, room, count: 1 }]);
    try {
      figures['cold load ms'] = (await cold!.run()).joinMs?.[0] ?? null;
    } finally {
      await stopAll([cold!]);
    }
  }
  return figures;
}

export interface StormParams {
  bytes: number;
  clients: number;
  loadgens: number;
}

/** `clients` join one large document at once: time until all synced, encodes, RSS growth. */
export async function joinStorm(target: RunningTarget, bench: BenchTarget, p: StormParams): Promise<Figures> {
  if (!bench.holdsDocuments) return {};
  const [room] = roomNames('storm', 1) as [string];
  const endpoint = target.endpoint;
  const [filler] = await startAll([{ kind: 'fill', endpoint, firstIndex: 0, room, bytes: p.bytes }]);
  const per = Math.ceil(p.clients / p.loadgens);
  const joiners = await startAll(
    Array.from({ length: p.loadgens }, (_, g) => ({
      kind: 'join' as const,
      endpoint,
      firstIndex: 10 + g * per,
      room,
      count: Math.min(per, p.clients - g * per),
      expectLength: p.bytes,
    })),
  );
  try {
    await sleep(1000);
    const encodes0 = await target.encodes();
    const baseRss = target.rss();
    const rss = rssSampler(target, 5);
    const results = await Promise.all(joiners.map((joiner) => joiner.run()));
    const peak = rss.stop();
    const encodes1 = await target.encodes();
    const times = results.flatMap((result) => result.joinMs ?? []).sort((a, b) => a - b);
    return {
      clients: p.clients,
      'doc KiB': p.bytes / 1024,
      'all synced ms': times.at(-1) ?? null,
      'median join ms': percentile(times, 50),
      'wrong content': results.reduce((total, result) => total + (result.wrong ?? 0), 0),
      'full encodes': encodes0 === null || encodes1 === null ? null : encodes1 - encodes0,
      'peak RSS growth MiB': (peak - baseRss) / MiB,
    };
  } finally {
    await stopAll([...joiners, filler!]);
  }
}
