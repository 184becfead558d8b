/**
 * `npm run bench`: runs each scenario against Tandem, the reference y-websocket
 * server and Hocuspocus 4 in the same run, prints a table and writes
 * bench/RESULTS.md. Sizes via env: BENCH_READERS (20), BENCH_KEYSTROKES (200),
 * BENCH_EDITS (20000; `all` for the whole 259,778-edit automerge-paper trace),
 * BENCH_ONLY (run only the servers whose name contains this text).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { keystrokeFanout, traceReplay } from './scenarios';
import { TARGETS } from './targets';
import { loadTrace, TRACES_DIR, traceAvailable } from './traces';

const TRACE = 'automerge-paper';

function intFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer`);
  return parsed;
}

const fixed = (value: number | null, digits = 1) => (value === null ? 'n/a' : value.toFixed(digits));

async function main(): Promise<void> {
  // Tandem runs compiled, as in production.
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building dist/ failed');
  const readers = intFromEnv('BENCH_READERS', 20);
  const keystrokes = intFromEnv('BENCH_KEYSTROKES', 200);
  if (!traceAvailable(TRACE)) throw new Error(`trace ${TRACE} not found in ${TRACES_DIR} (set TANDEM_TRACES_DIR)`);
  const trace = loadTrace(TRACE);
  const edits = process.env.BENCH_EDITS === 'all' ? trace.txns.length : intFromEnv('BENCH_EDITS', 20_000);

  const header = [
    'server',
    'keystroke p50 ms',
    'p95 ms',
    'p99 ms',
    'trace replay edits/s',
    'replay closes',
    'late join ms',
    'load after restart ms',
    'server RSS MiB',
  ];
  const rows: string[][] = [];
  const only = process.env.BENCH_ONLY?.toLowerCase();
  for (const target of TARGETS.filter((t) => !only || t.name.toLowerCase().includes(only))) {
    process.stderr.write(`bench: ${target.name}…\n`);
    const running = await target.start();
    try {
      const fanout = await keystrokeFanout(running, { readers, keystrokes, intervalMs: 20 });
      const replay = await traceReplay(running, trace, { edits, persists: target.persists });
      rows.push([
        target.name,
        fixed(fanout.p50, 2),
        fixed(fanout.p95, 2),
        fixed(fanout.p99, 2),
        fixed(replay.editsPerSecond, 0),
        String(replay.writerCloses),
        fixed(replay.lateJoinMs),
        fixed(replay.coldLoadMs),
        fixed(running.rss() / 1024 / 1024),
      ]);
    } finally {
      await running.stop();
    }
  }

  const table = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  const setup = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    `Keystroke fan-out: 1 writer + ${readers} readers on one document, ${keystrokes} keystrokes at 50/s; latency from the writer's edit to each reader's observer.`,
    `Trace replay: the first ${edits.toLocaleString('en')} transactions of ${TRACE} (Kleppmann; josephg/editing-traces, CC BY 4.0), one update each, until a second client converges. "Replay closes": times the server closed the replaying client (Tandem's per-connection rate limit answers a flood with 1013; the client reconnects and sends the rest in one sync message).`,
    "Late join: a new client's initial sync of that document. Load after restart: the same after the server process restarts (only Tandem persists; the others keep documents in memory).",
    'Servers run as separate processes; clients: y-websocket WebsocketProvider (Tandem, reference), HocuspocusProvider (Hocuspocus).',
  ].join('\n');
  process.stdout.write(`\n${table}\n\n${setup}\n`);
  const file = join(import.meta.dirname, 'RESULTS.md');
  writeFileSync(
    file,
    `# Benchmark results\n\nRun ${new Date().toISOString()} with \`npm run bench\`.\n\n${table}\n\n${setup}\n`,
  );
  process.stderr.write(`bench: wrote ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
