/** Benchmark scenarios, each run against one started target. */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import type { BenchClient, RunningTarget } from './targets';
import { type EditingTrace, textAfter } from './traces';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export interface FanoutResult {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * One writer types `keystrokes` characters at a steady pace; `readers` other
 * clients on the same document. Latency: from the writer's local edit to each
 * reader seeing it (all clients share this process's clock).
 */
export async function keystrokeFanout(
  target: RunningTarget,
  options: { readers: number; keystrokes: number; intervalMs: number },
): Promise<FanoutResult> {
  const room = `fanout-${Date.now()}`;
  const clients: BenchClient[] = [];
  const writer = new Y.Doc();
  clients.push(await target.connect(room, writer));
  const sentAt: number[] = [];
  const latencies: number[] = [];
  const readers: Y.Doc[] = [];
  for (let r = 0; r < options.readers; r++) {
    const doc = new Y.Doc();
    let seen = 0;
    doc.getText('t').observe(() => {
      const now = performance.now();
      const length = doc.getText('t').length;
      for (; seen < length; seen++) latencies.push(now - (sentAt[seen] as number));
    });
    readers.push(doc);
    clients.push(await target.connect(room, doc));
  }
  const text = writer.getText('t');
  for (let i = 0; i < options.keystrokes; i++) {
    sentAt[i] = performance.now();
    text.insert(i, 'x');
    await sleep(options.intervalMs);
  }
  await until(
    () => readers.every((doc) => doc.getText('t').length === options.keystrokes),
    30_000,
    'readers to receive every keystroke',
  );
  for (const client of clients) client.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

export interface ReplayResult {
  editsPerSecond: number;
  /** Server-side closes of the replaying client (it reconnects and resyncs). */
  writerCloses: number;
  lateJoinMs: number;
  coldLoadMs: number | null;
}

/**
 * Replays the first `edits` transactions of a real trace, one update each, from
 * one client as fast as it can send; measures until a second client holds the
 * same text. Then times a late joiner's initial sync, and (where the server
 * persists) a fresh client's sync after a server restart, i.e. a load from disk.
 */
export async function traceReplay(
  target: RunningTarget,
  trace: EditingTrace,
  options: { edits: number; persists: boolean },
): Promise<ReplayResult> {
  const room = `replay-${Date.now()}`;
  const expected = textAfter(trace, options.edits);
  const writer = new Y.Doc();
  const reader = new Y.Doc();
  const writerClient = await target.connect(room, writer);
  const readerClient = await target.connect(room, reader);
  const text = writer.getText('t');
  const started = performance.now();
  let applied = 0;
  for (const txn of trace.txns.slice(0, options.edits)) {
    writer.transact(() => {
      for (const [position, deleteCount, insert] of txn.patches) {
        if (deleteCount > 0) text.delete(position, deleteCount);
        if (insert !== '') text.insert(position, insert);
      }
    });
    // Yield now and then so the socket drains as a real client's would.
    if (++applied % 500 === 0) await new Promise((done) => setImmediate(done));
  }
  await until(() => reader.getText('t').toString() === expected, 120_000, 'the reader to converge');
  const editsPerSecond = options.edits / ((performance.now() - started) / 1000);
  const writerCloses = writerClient.closes();

  const lateStart = performance.now();
  const late = new Y.Doc();
  const lateClient = await target.connect(room, late);
  const lateJoinMs = performance.now() - lateStart;
  if (late.getText('t').toString() !== expected) throw new Error('late joiner got a different document');
  for (const client of [writerClient, readerClient, lateClient]) client.destroy();

  let coldLoadMs: number | null = null;
  if (options.persists) {
    await target.restart();
    const coldStart = performance.now();
    const cold = new Y.Doc();
    const coldClient = await target.connect(room, cold);
    coldLoadMs = performance.now() - coldStart;
    if (cold.getText('t').toString() !== expected) throw new Error('document after restart differs');
    coldClient.destroy();
  }
  return { editsPerSecond, writerCloses, lateJoinMs, coldLoadMs };
}
