/**
 * A Jepsen-style checker for the scaled-out server, in the spirit of the
 * hostile-clients issue's: per seed, four stock clients type unique words
 * through a round-robin balancer over three compiled sync processes on
 * PostgreSQL and a Redis of the test's own, while random processes are
 * killed with SIGKILL (and restarted) and Redis is killed and restarted, and
 * clients drop off and come back. It records every word any client observed
 * (its own once acknowledged as saved, others' once received) and asserts:
 * - right after each kill, with every client held away (they would resend),
 *   PostgreSQL holds every word observed before the kill;
 * - at the end, PostgreSQL and every replica hold every word typed exactly
 *   once, are identical, and hold no pending structs.
 * Quick form in `npm test` (3 seeds); TANDEM_FUZZ=long runs 20.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { signSyncToken } from '../../lib/tokens';
import { decodeSaved, messageSaved } from '../../server/protocol';
import { PostgresStorage } from '../../server/storage/postgres';
import { freePort } from './child';
import { type ClusterEnv, clusterEnv, privateRedis } from './cluster-helpers';
import { cleanup, connectClient, onCleanup, SECRET, storedUpdate, type TestClient, tempDir } from './helpers';
import { startTcpProxy } from './tcp-proxy';

afterEach(cleanup);

const LONG = process.env.TANDEM_FUZZ === 'long';
const SEEDS = LONG ? 20 : 3;
const FIRST_SEED = Number.isInteger(Number(process.env.TANDEM_FUZZ_SEED)) ? Number(process.env.TANDEM_FUZZ_SEED) : 1;
const ROOM = 'cluster-jepsen';
const WORD = /(\w+-\d+);/g;
const words = (text: string) => [...text.matchAll(WORD)].map((match) => match[1]!);

/** One compiled sync process on a fixed port, to kill and start again. */
class Node {
  private child: ChildProcess | null = null;
  constructor(
    private readonly env: ClusterEnv,
    readonly port: number,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['dist/server/main.js'], {
      env: {
        ...process.env,
        LOG_LEVEL: 'error',
        SYNC_PORT: String(this.port),
        SYNC_ADMIN_PORT: '0',
        DATA_DIR: tempDir(),
        AUTH_SECRET: SECRET,
        DATABASE_URL: this.env.databaseUrl,
        DATABASE_SCHEMA: this.env.schema.schema,
        REDIS_URL: this.env.redisUrl,
        REDIS_PREFIX: this.env.prefix,
      },
      stdio: 'ignore',
    });
    this.child = child;
    onCleanup(() => child.kill('SIGKILL'));
    await vi.waitFor(
      async () => {
        expect(child.exitCode).toBeNull();
        expect((await fetch(`http://127.0.0.1:${this.port}/healthz`)).status).toBe(200);
      },
      { timeout: 20_000, interval: 50 },
    );
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
  typed: { word: string; clock: number }[];
  ackedClock: number;
}

async function runSeed(seed: number): Promise<{ kills: number; redisRestarts: number; words: number }> {
  const random = prng.create(seed);
  const redis = await privateRedis();
  const env = await clusterEnv(redis.url);
  const nodes = await Promise.all([0, 1, 2].map(async () => new Node(env, await freePort())));
  await Promise.all(nodes.map((node) => node.start()));
  const balancer = await startTcpProxy(nodes.map((node) => ({ host: '127.0.0.1', port: node.port })));
  const url = `ws://127.0.0.1:${balancer.port}`;
  const storage = new PostgresStorage(env.schema.pool(2));
  const storedWords = async () => {
    const update = await storedUpdate(storage, ROOM);
    const doc = new Y.Doc();
    if (update) Y.applyUpdate(doc, update);
    return { doc, words: words(doc.getText('body').toString()) };
  };

  const typists: Typist[] = [];
  for (const name of ['a', 'b', 'c', 'd']) {
    const token = await signSyncToken(SECRET, { doc: ROOM, role: 'edit', name }, 600);
    const client = connectClient(url, ROOM, token, { ack: '1' });
    const typist: Typist = { name, client, typed: [], ackedClock: 0 };
    client.provider.messageHandlers[messageSaved] = (_encoder, decoder) => {
      const persisted = Y.decodeStateVector(decodeSaved(decoder.arr));
      typist.ackedClock = Math.max(typist.ackedClock, persisted.get(client.doc.clientID) ?? 0);
    };
    typists.push(typist);
  }
  await vi.waitFor(
    () =>
      expect(
        typists.every((t) => t.client.provider.synced),
        `seed ${seed}: synced`,
      ).toBe(true),
    {
      timeout: 15_000,
    },
  );

  let counter = 0;
  let paused = false;
  const typing = setInterval(() => {
    if (paused) return;
    for (const typist of typists) {
      if (!prng.bool(random)) continue;
      const body = typist.client.doc.getText('body');
      // Only between words, so no word is split by another's insert.
      const boundaries = [0, ...[...body.toString().matchAll(/;/g)].map((match) => match.index! + 1)];
      const word = `${typist.name}-${counter++}`;
      body.insert(boundaries[prng.int32(random, 0, boundaries.length - 1)]!, `${word};`);
      typist.typed.push({ word, clock: Y.getState(typist.client.doc.store, typist.client.doc.clientID) });
    }
    if (prng.int32(random, 0, 40) === 0) {
      const typist = typists[prng.int32(random, 0, typists.length - 1)]!;
      typist.client.provider.disconnect();
      setTimeout(
        () => {
          if (!paused) typist.client.provider.connect();
        },
        prng.int32(random, 20, 300),
      );
    }
  }, 5);
  onCleanup(() => clearInterval(typing));
  const observed = () => {
    const seen = new Set<string>();
    for (const typist of typists) {
      for (const word of words(typist.client.doc.getText('body').toString()))
        if (!word.startsWith(`${typist.name}-`)) seen.add(word);
      for (const { word, clock } of typist.typed) if (clock <= typist.ackedClock) seen.add(word);
    }
    return seen;
  };

  let kills = 0;
  let redisRestarts = 0;
  const faults = prng.int32(random, 2, 3);
  for (let fault = 0; fault < faults; fault++) {
    await new Promise((resolve) => setTimeout(resolve, prng.int32(random, 200, 700)));
    if (prng.int32(random, 0, 2) === 0) {
      // Redis dies; typing goes on; Redis comes back.
      await redis.kill();
      await new Promise((resolve) => setTimeout(resolve, prng.int32(random, 100, 500)));
      await redis.start();
      redisRestarts++;
      continue;
    }
    const victim = nodes[prng.int32(random, 0, nodes.length - 1)]!;
    const seen = observed();
    await victim.kill();
    kills++;
    // Audit PostgreSQL with every client held away: a reconnecting client would resend what it holds.
    paused = true;
    for (const typist of typists) typist.client.provider.disconnect();
    const { words: restored } = await storedWords();
    const present = new Set(restored);
    expect(
      [...seen].filter((word) => !present.has(word)),
      `seed ${seed}: lost at kill ${kills}`,
    ).toEqual([]);
    await victim.start();
    paused = false;
    for (const typist of typists) typist.client.provider.connect();
  }
  await new Promise((resolve) => setTimeout(resolve, prng.int32(random, 100, 300)));
  clearInterval(typing);

  // Quiesce: everyone connected, converged and acknowledged.
  for (const typist of typists) typist.client.provider.connect();
  await vi.waitFor(
    () => {
      for (const typist of typists) {
        const { provider, doc } = typist.client;
        expect(provider.synced, `seed ${seed}: ${typist.name} synced`).toBe(true);
        expect(typist.ackedClock, `seed ${seed}: ${typist.name} acknowledged`).toBe(
          Y.getState(doc.store, doc.clientID),
        );
        expect(doc.getText('body').toString(), `seed ${seed}: ${typist.name} converged`).toBe(
          typists[0]!.client.doc.getText('body').toString(),
        );
      }
    },
    { timeout: 30_000, interval: 50 },
  );
  const { doc: stored, words: final } = await storedWords();
  const typed = typists.flatMap((typist) => typist.typed.map(({ word }) => word));
  const counts = new Map<string, number>();
  for (const word of final) counts.set(word, (counts.get(word) ?? 0) + 1);
  expect(
    [...counts].filter(([, n]) => n !== 1),
    `seed ${seed}: duplicated`,
  ).toEqual([]);
  expect(
    typed.filter((word) => !counts.has(word)),
    `seed ${seed}: lost`,
  ).toEqual([]);
  expect(stored.store.pendingStructs).toBeNull();
  expect(stored.store.pendingDs).toBeNull();
  for (const typist of typists) {
    expect(typist.client.doc.getText('body').toString()).toBe(stored.getText('body').toString());
    expect(typist.client.doc.store.pendingStructs).toBeNull();
  }
  return { kills, redisRestarts, words: typed.length };
}

describe('cluster fault checker: kill -9 of random processes, Redis restarts, disconnects', () => {
  it(
    `loses nothing and duplicates nothing over ${SEEDS} seeds on three processes`,
    async () => {
      const totals = { kills: 0, redisRestarts: 0, words: 0 };
      for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
        const result = await runSeed(seed);
        totals.kills += result.kills;
        totals.redisRestarts += result.redisRestarts;
        totals.words += result.words;
        await cleanup();
      }
      process.stdout.write(
        `cluster checker: ${SEEDS} seeds, ${totals.kills} kills, ${totals.redisRestarts} Redis restarts, ${totals.words} words\n`,
      );
      expect(totals.kills + totals.redisRestarts).toBeGreaterThanOrEqual(SEEDS * 2);
      expect(totals.words).toBeGreaterThan(SEEDS * 50);
    },
    LONG ? 3_600_000 : 180_000,
  );
});
