/**
 * `npm run bench`: every scenario of bench/scenarios.ts against Tandem, the
 * reference y-websocket 2.1.0 server, Hocuspocus 4 and a raw relay in one run;
 * one table per scenario with ratios to the reference and to the relay.
 *
 *   npm run bench                 full run (~15 min); rewrites each scenario's generated section of bench/RESULTS.md
 *   npm run bench -- --quick      the same scenarios, smaller and shorter (< 2 min); prints only
 *   npm run bench -- --smoke      tiny sizes, used by test/bench-smoke.test.ts so the harness cannot rot
 *   --scale                       adds Tandem on PostgreSQL + Redis (two processes) beside SQLite
 *   --only=tandem,reference       only these servers (keys: tandem tandem-thread tandem-scale reference hocuspocus relay)
 *   --scenario=busy,presence      only these scenarios
 *   --browser / --no-browser      the browser-feel scenario (on by default in full runs)
 *   --out=FILE                    also write the tables to FILE
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { browserFeel } from './browser';
import { type Mode, modeParams } from './params';
import { type Figures, joinStorm, manyConnections, traceReplay, traffic } from './scenarios';
import { type BenchTarget, TARGETS, tandemScale } from './targets';
import { TRACES_DIR, traceAvailable } from './traces';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

const mode: Mode = flag('smoke') ? 'smoke' : flag('quick') ? 'quick' : 'full';
const params = modeParams(mode);
const only = option('only')?.split(',');
const scenarioFilter = option('scenario')?.split(',');
const wantBrowser = flag('browser') || (mode === 'full' && !flag('no-browser'));

const targets: BenchTarget[] = [...TARGETS];
if (flag('scale')) targets.splice(1, 0, tandemScale);
const selected = targets.filter((target) => !only || only.includes(target.key));

interface ScenarioSpec {
  key: string;
  title: string;
  describe: string;
  /** Figures given as a ratio to the reference and to the relay (lower is better unless `higher`). */
  ratios: { figure: string; higher?: boolean }[];
  repeats: number;
  run(running: Awaited<ReturnType<BenchTarget['start']>>, target: BenchTarget): Promise<Figures>;
}

const p = params;
const SCENARIOS: ScenarioSpec[] = [
  {
    key: 'busy',
    title: 'Busy room',
    describe: `${p.busy.rooms} document × ${p.busy.clientsPerRoom} clients, ${p.busy.updatesPerRoomPerSecond} updates/s in all, ${p.busy.durationMs / 1000} s, ${p.busy.loadgens} load generator processes`,
    ratios: [{ figure: 'CPU µs / delivered' }, { figure: 'p99 ms' }, { figure: 'peak RSS MiB' }],
    repeats: p.repeats,
    run: (running) => traffic(running, p.busy),
  },
  {
    key: 'rooms',
    title: 'Many rooms',
    describe: `${p.rooms.rooms} documents × ${p.rooms.clientsPerRoom} clients, ${p.rooms.updatesPerRoomPerSecond} updates/s per document, ${p.rooms.durationMs / 1000} s, ${p.rooms.loadgens} load generator processes`,
    ratios: [{ figure: 'CPU µs / delivered' }, { figure: 'p99 ms' }, { figure: 'peak RSS MiB' }],
    repeats: p.repeats,
    run: (running) => traffic(running, p.rooms),
  },
  {
    key: 'connections',
    title: 'Many connections',
    describe: `${p.connections.rooms * p.connections.clientsPerRoom} connections over ${p.connections.rooms} documents (${p.connections.loadgens} load generator processes, stock providers: awareness renewed every 15 s); idle ${p.connections.idleMs / 1000} s, then a trickle of ${p.connections.trickle} edits/s for ${p.connections.durationMs / 1000} s`,
    ratios: [
      { figure: 'RSS / connection KiB' },
      { figure: 'base RSS MiB' },
      { figure: 'idle CPU %' },
      { figure: 'trickle p99 ms' },
    ],
    repeats: 1,
    run: (running) => manyConnections(running, p.connections),
  },
  {
    key: 'replay',
    title: 'Trace replay, late join, cold load',
    describe: `the first ${p.replay.edits.toLocaleString('en')} transactions of ${p.replay.trace} (Kleppmann; josephg/editing-traces, CC BY 4.0), one update each, from one client as fast as it sends; a follower in another process waits for the final text; then ${p.replay.lateJoins} late joiners one after another; then (durable servers) a restart and one cold load from storage`,
    ratios: [{ figure: 'edits/s', higher: true }, { figure: 'late join median ms' }],
    repeats: 1,
    run: (running, target) => traceReplay(running, target, p.replay),
  },
  {
    key: 'storm',
    title: 'Join storm',
    describe: `${p.storm.clients} clients (${p.storm.loadgens} load generator processes) join a ${p.storm.bytes / 1024} KiB document at once`,
    ratios: [{ figure: 'all synced ms' }, { figure: 'peak RSS growth MiB' }],
    repeats: 1,
    run: (running, target) => joinStorm(running, target, p.storm),
  },
  {
    key: 'presence',
    title: 'Presence',
    describe: `${p.presence.rooms * p.presence.clientsPerRoom} clients (${p.presence.rooms} documents × ${p.presence.clientsPerRoom}) moving their cursors at ${p.presence.presenceHz} Hz, no edits, ${p.presence.durationMs / 1000} s, ${p.presence.loadgens} load generator processes`,
    ratios: [{ figure: 'CPU µs / delivered' }, { figure: 'p99 ms' }],
    repeats: 1,
    run: (running) => traffic(running, p.presence),
  },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : (sorted[Math.floor((sorted.length - 1) / 2)] as number);
};

function medianFigures(runs: Figures[]): Figures {
  const keys = [...new Set(runs.flatMap((run) => Object.keys(run)))];
  return Object.fromEntries(
    keys.map((key) => [
      key,
      median(runs.map((run) => run[key]).filter((value): value is number => typeof value === 'number')),
    ]),
  );
}

const format = (value: number | null | undefined) => {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  const abs = Math.abs(value);
  return abs >= 1000 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
};

function table(spec: ScenarioSpec, results: Map<BenchTarget, Figures>): string {
  const columns = [...new Set([...results.values()].flatMap((figures) => Object.keys(figures)))];
  const ref = [...results].find(([target]) => target.key === 'reference')?.[1];
  const relayFigures = [...results].find(([target]) => target.key === 'relay')?.[1];
  const ratio = (value: number | null | undefined, base: number | null | undefined) =>
    value == null || base == null || base === 0 || Number.isNaN(value) || Number.isNaN(base)
      ? 'n/a'
      : `${(value / base).toFixed(2)}×`;
  const ratioColumns = spec.ratios.flatMap(({ figure }) => [`${figure} / ref`, `${figure} / relay`]);
  const header = ['server', ...columns, ...ratioColumns];
  const rows = [...results].map(([target, figures]) => [
    target.name,
    ...columns.map((column) => format(figures[column])),
    ...spec.ratios.flatMap(({ figure }) => [
      ratio(figures[figure], ref?.[figure]),
      ratio(figures[figure], relayFigures?.[figure]),
    ]),
  ]);
  return [
    `### ${spec.title}`,
    '',
    `${spec.describe}.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

const TRAFFIC_SCENARIOS = new Set(['busy', 'rooms', 'presence']);

async function runScenario(spec: ScenarioSpec): Promise<Map<BenchTarget, Figures>> {
  const here = selected.filter((target) => !target.trafficOnly || TRAFFIC_SCENARIOS.has(spec.key));
  const runs = new Map<BenchTarget, Figures[]>(here.map((target) => [target, []]));
  for (let repeat = 0; repeat < spec.repeats; repeat++) {
    // Alternating order: no server always runs first (cold caches) or last (a warm machine).
    const order = repeat % 2 === 0 ? here : [...here].reverse();
    for (const target of order) {
      process.stderr.write(`bench: ${spec.key} on ${target.name} (run ${repeat + 1}/${spec.repeats})…\n`);
      const running = await target.start();
      try {
        runs.get(target)!.push(await spec.run(running, target));
      } finally {
        await running.stop();
      }
    }
  }
  return new Map([...runs].map(([target, figures]) => [target, medianFigures(figures)]));
}

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average at start ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`;
}

async function main(): Promise<void> {
  // Tandem runs compiled, as in production.
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building dist/ failed');
  if (!traceAvailable(p.replay.trace)) throw new Error(`trace ${p.replay.trace} not found in ${TRACES_DIR}`);
  const started = Date.now();
  const header = `Machine: ${machine()}. Mode: ${mode}${flag('scale') ? ' with --scale' : ''}. Server CPU: user + system time of the server's process group(s) from /proc/<pid>/stat over the measured window only. Latency: from the sender's edit to a receiver's observer, clients in separate load generator processes (stock WebsocketProvider with disableBc: true; HocuspocusProvider for Hocuspocus), one system clock. ${p.repeats > 1 ? `Busy room and many rooms: medians of ${p.repeats} runs in alternating server order.` : 'One run per server.'}`;
  const stampNow = () => `Run ${new Date().toISOString()}. ${header}`;
  const sections: { key: string; text: string }[] = [];
  for (const spec of SCENARIOS.filter((s) => !scenarioFilter || scenarioFilter.includes(s.key))) {
    const text = table(spec, await runScenario(spec));
    process.stdout.write(`\n${text}\n`);
    sections.push({ key: spec.key, text });
    // As each scenario ends: an interrupted full run still leaves what it measured.
    if (mode === 'full' && !only) writeSection(spec.key, `${text}\n\n${stampNow()}`);
  }
  if (wantBrowser && (!scenarioFilter || scenarioFilter.includes('browser'))) {
    process.stderr.write('bench: browser feel…\n');
    const text = await browserFeel(p.browser);
    process.stdout.write(`\n${text}\n`);
    sections.push({ key: 'browser', text });
    if (mode === 'full' && !only) writeSection('browser', `${text}\n\n${stampNow()}`);
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const stamp = stampNow();
  process.stdout.write(`\n${header}\nTook ${minutes} min.\n`);
  const out = option('out');
  if (out) writeFileSync(out, `${[stamp, ...sections.map((section) => section.text)].join('\n\n')}\n`);
}

/**
 * Replaces one scenario's generated section of bench/RESULTS.md (between its
 * markers), keeping the hand-written analysis around it; a full run of a few
 * scenarios (`--scenario=`) updates only theirs.
 */
function writeSection(key: string, text: string): void {
  const file = join(import.meta.dirname, 'RESULTS.md');
  const start = `<!-- generated:${key}:start -->`;
  const end = `<!-- generated:${key}:end -->`;
  let results: string;
  try {
    results = readFileSync(file, 'utf8');
  } catch {
    results = '# Benchmark results\n';
  }
  const from = results.indexOf(start);
  const to = results.indexOf(end);
  const body = `${start}\n${text}\n${end}`;
  results =
    from >= 0 && to > from
      ? results.slice(0, from) + body + results.slice(to + end.length)
      : `${results.trimEnd()}\n\n${body}\n`;
  writeFileSync(file, results);
  process.stderr.write(`bench: wrote the ${key} section of ${file}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
