/**
 * A Jepsen-style checker for one process: several stock clients type while
 * the server process is SIGKILLed and restarted at random moments, clients
 * drop and reconnect at random, some crash for good (so they cannot resend
 * what the server lost), and storage is slow around loads and unloads
 * (fault-server.ts). Every word any client observed from another client went
 * through the server, so it was acknowledged to the world: the final stored
 * state (read from the file after a last SIGKILL) and every surviving replica
 * must contain each of them exactly once, the survivors' own words too, with
 * no pending structs.
 *
 *   npm test:      TANDEM_CHECKER_SEEDS unset → 20 seeds
 *   npm run fuzz:  TANDEM_CHECKER_SEEDS=200
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import * as prng from 'lib0/prng';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { databaseFile } from '../../lib/data-dir';
import { openDatabase } from '../../lib/db/sqlite';
import { signSyncToken } from '../../lib/tokens';
import { SqliteStorage } from '../../server/storage/sqlite';
import { freePort } from './child';
import { cleanup, connectClient, onCleanup, SECRET, storedUpdate, type TestClient, tempDir } from './helpers';

const SEEDS = Number(process.env.TANDEM_CHECKER_SEEDS ?? 20);
/** Seeds run side by side (each its own process, port and file): most of a run is waiting. */
const PARALLEL = 4;
const FIRST_SEED = Number(process.env.TANDEM_CHECKER_SEED ?? 1);
const BUNDLE = join(process.cwd(), 'node_modules', '.cache', 'tandem-test', 'fault-server.mjs');
const WORD = /([a-z]\d*:\d+);/g;

afterEach(cleanup);
// Each stock provider adds a process 'exit' listener (y-websocket); four seeds at once hold more than ten.
process.setMaxListeners(64);

beforeAll(async () => {
  mkdirSync(join(BUNDLE, '..'), { recursive: true });
  await build({
    entryPoints: [join(process.cwd(), 'test', 'server', 'fault-server.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22.12',
    packages: 'external',
    logLevel: 'warning',
  });
}, 60_000);

/** The server process on a fixed port and data directory, killed and restarted at will. */
class FaultyServer {
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly delays: { load: number; unload: number },
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [BUNDLE], {
      env: {
        ...process.env,
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        AUTH_SECRET: SECRET,
        LOAD_DELAY_MS: String(this.delays.load),
        UNLOAD_DELAY_MS: String(this.delays.unload),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    onCleanup(() => child.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`fault server exited (${code}) before listening`)));
    });
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

interface Typist {
  name: string;
  client: TestClient;
  words: string[];
  crashed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runSeed(seed: number): Promise<{ observed: number; typed: number; kills: number }> {
  const rng = prng.create(seed);
  const dataDir = tempDir();
  const server = new FaultyServer(await freePort(), dataDir, {
    load: prng.int32(rng, 0, 40),
    unload: prng.int32(rng, 0, 40),
  });
  await server.start();
  const doc = `checked-${seed}`;
  const token = await signSyncToken(SECRET, { doc, role: 'edit' }, 600);
  const typists: Typist[] = [];
  const join = (name: string) => {
    const typist: Typist = { name, client: connectClient(server.url, doc, token), words: [], crashed: false };
    typists.push(typist);
    return typist;
  };
  for (const name of ['a', 'b', 'c']) join(name);
  /** Words some client saw from another: they went through the server (commit before fan-out). */
  const observed = new Set<string>();
  const observe = () => {
    for (const typist of typists) {
      if (typist.crashed) continue;
      for (const [, word] of typist.client.doc.getText('body').toString().matchAll(WORD)) {
        if (!word!.startsWith(`${typist.name}:`)) observed.add(word!);
      }
    }
  };

  let kills = 0;
  let n = 0;
  const steps = 40 + prng.int32(rng, 0, 30);
  // At least one kill per seed, at a random moment; more at random below.
  const forcedKill = prng.int32(rng, 10, steps - 10);
  for (let step = 0; step < steps; step++) {
    for (const typist of typists) {
      if (typist.crashed || !prng.bool(rng)) continue;
      const body = typist.client.doc.getText('body');
      const word = `${typist.name}:${n++}`;
      // At a word boundary: the start or the end.
      body.insert(prng.bool(rng) ? 0 : body.length, `${word};`);
      typist.words.push(word);
    }
    observe();
    const event = prng.int32(rng, 0, 99);
    if (event < 3 || step === forcedKill) {
      // SIGKILL now; sometimes a client crashes with it (it will never resend what it holds).
      await server.kill();
      kills++;
      observe();
      if (prng.int32(rng, 0, 2) === 0) {
        const victim = typists.find((typist) => !typist.crashed);
        if (victim) {
          victim.crashed = true;
          victim.client.destroy();
          join(`${victim.name}${step}`);
        }
      }
      await sleep(prng.int32(rng, 0, 60));
      await server.start();
    } else if (event < 10) {
      const typist = typists[prng.int32(rng, 0, typists.length - 1)]!;
      if (!typist.crashed) {
        typist.client.provider.disconnect();
        setTimeout(() => typist.client.provider.connect(), prng.int32(rng, 0, 80));
      }
    }
    await sleep(prng.int32(rng, 1, 8));
  }

  // Quiet: everyone reconnects and converges through the server.
  const alive = typists.filter((typist) => !typist.crashed);
  for (const typist of alive) if (!typist.client.provider.shouldConnect) typist.client.provider.connect();
  const bodyOf = (typist: Typist) => typist.client.doc.getText('body').toString();
  await vi.waitFor(
    () => {
      expect(alive.every((typist) => typist.client.provider.synced)).toBe(true);
      expect(new Set(alive.map(bodyOf)).size).toBe(1);
      for (const typist of alive) for (const word of typist.words) expect(bodyOf(alive[0]!)).toContain(`${word};`);
    },
    { timeout: 20_000, interval: 20 },
  );
  observe();
  // A last SIGKILL, then read the file itself: what is stored, not what a process still holds.
  await server.kill();
  const db = openDatabase(databaseFile(dataDir));
  onCleanup(() => db.close());
  const stored = new Y.Doc();
  Y.applyUpdate(stored, (await storedUpdate(new SqliteStorage(db), doc)) ?? new Uint8Array([0, 0]));
  expect(stored.store.pendingStructs).toBeNull();
  expect(stored.store.pendingDs).toBeNull();
  const final = stored.getText('body').toString();
  const counts = new Map<string, number>();
  for (const [, word] of final.matchAll(WORD)) counts.set(word!, (counts.get(word!) ?? 0) + 1);
  const lost = [...observed].filter((word) => !counts.has(word));
  const survivorsLost = alive.flatMap((typist) => typist.words).filter((word) => !counts.has(word));
  const duplicated = [...counts].filter(([, count]) => count > 1).map(([word]) => word);
  expect({ seed, lost, survivorsLost, duplicated }).toEqual({ seed, lost: [], survivorsLost: [], duplicated: [] });
  for (const typist of alive) {
    expect(bodyOf(typist)).toBe(final);
    expect(typist.client.doc.store.pendingStructs).toBeNull();
  }
  return { observed: observed.size, typed: n, kills };
}

describe('fault checker: SIGKILL, restarts, disconnects and slow storage', () => {
  it(
    `loses nothing observed and duplicates nothing over ${SEEDS} seeds`,
    async () => {
      let totals = { observed: 0, typed: 0, kills: 0 };
      for (let first = FIRST_SEED; first < FIRST_SEED + SEEDS; first += PARALLEL) {
        const seeds = Array.from({ length: Math.min(PARALLEL, FIRST_SEED + SEEDS - first) }, (_, i) => first + i);
        for (const result of await Promise.all(seeds.map(runSeed))) {
          totals = {
            observed: totals.observed + result.observed,
            typed: totals.typed + result.typed,
            kills: totals.kills + result.kills,
          };
        }
        await cleanup();
      }
      // The runs really exercised the faults.
      expect(totals.kills).toBeGreaterThanOrEqual(SEEDS);
      expect(totals.observed).toBeGreaterThan(SEEDS * 10);
    },
    Math.max(900_000, SEEDS * 20_000),
  );
});
