/**
 * Several sync server processes on one PostgreSQL schema and one Redis key
 * prefix, for the scale-out tests: in this process (startNode) or as real
 * child processes running dist/server/main.js (startChildNode).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { expect, vi } from 'vitest';
import { type RunningSyncServer, startSyncServer } from '../../server/bootstrap';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../server/limits';
import { silentLogger } from '../../server/log';
import { freePort, spawnServer } from './child';
import { onCleanup, SECRET, tempDir, trackAdminUrl } from './helpers';
import { TEST_DATABASE_URL, type TestSchema, testSchema } from './pg';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ClusterEnv {
  schema: TestSchema;
  prefix: string;
  redisUrl: string;
  databaseUrl: string;
}

/** A fresh schema and key prefix; the prefix's keys are deleted by cleanup(). */
export async function clusterEnv(redisUrl = TEST_REDIS_URL): Promise<ClusterEnv> {
  const schema = await testSchema();
  const prefix = `test-${randomBytes(6).toString('hex')}`;
  onCleanup(async () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });
  return { schema, prefix, redisUrl, databaseUrl: TEST_DATABASE_URL };
}

/** Fast loops for tests: a lost message is repaired within ~0.5 s, a dead process noticed within ~2 s. */
export const FAST_CLUSTER = { reconcileMs: 200, livenessMs: 300 };

export async function startNode(
  env: ClusterEnv,
  overrides: {
    databaseUrl?: string;
    redisUrl?: string;
    upgradeLimits?: { maxConnectionsPerToken?: number; maxConnectionsPerAddress?: number };
  } = {},
): Promise<RunningSyncServer & { url: string }> {
  const running = await startSyncServer(
    {
      host: '127.0.0.1',
      port: 0,
      dataDir: tempDir(),
      authSecret: SECRET,
      maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
      logLevel: 'silent',
      databaseUrl: overrides.databaseUrl ?? env.databaseUrl,
      databaseSchema: env.schema.schema,
      redisUrl: overrides.redisUrl ?? env.redisUrl,
      redisPrefix: env.prefix,
    },
    silentLogger(),
    { cluster: FAST_CLUSTER, upgradeLimits: overrides.upgradeLimits },
  );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.stop();
  };
  onCleanup(stop);
  trackAdminUrl(running.server);
  return { ...running, stop, url: running.server.url };
}

/** The compiled server as a child process on the cluster's schema and prefix. */
export async function startChildNode(env: ClusterEnv, extra: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawnServer({
    SYNC_PORT: String(port),
    DATA_DIR: tempDir(),
    AUTH_SECRET: SECRET,
    DATABASE_URL: env.databaseUrl,
    DATABASE_SCHEMA: env.schema.schema,
    REDIS_URL: env.redisUrl,
    REDIS_PREFIX: env.prefix,
    ...extra,
  });
  await vi.waitFor(
    async () => {
      expect(child.exitCode, child.stderrText()).toBeNull();
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(200);
    },
    { timeout: 20_000, interval: 100 },
  );
  return { child, port, url: `ws://127.0.0.1:${port}` };
}

/** Kills (CLIENT KILL) every Redis connection of this cluster's processes with the given role ('sub' or 'cmd'). */
export async function killRedisConnections(env: ClusterEnv, role: 'sub' | 'cmd'): Promise<number> {
  const admin = new Redis(env.redisUrl);
  try {
    const list = (await admin.call('CLIENT', 'LIST')) as string;
    const ids = list
      .split('\n')
      .filter((line) => new RegExp(`name=${env.prefix}:[0-9a-f]+:${role}( |$)`).test(line))
      .map((line) => /id=(\d+)/.exec(line)![1]!);
    for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
    return ids.length;
  } finally {
    admin.disconnect();
  }
}

/** A redis-server of this test's own on a free port, to kill and restart without touching the shared one. */
export async function privateRedis(): Promise<{ url: string; kill(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort();
  let server: ChildProcess | null = null;
  const start = async () => {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await vi.waitFor(
      async () => {
        const probe = new Redis(`redis://127.0.0.1:${port}`, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
        probe.on('error', () => {});
        try {
          expect(await probe.ping()).toBe('PONG');
        } finally {
          probe.disconnect();
        }
      },
      { timeout: 10_000, interval: 50 },
    );
  };
  const kill = async () => {
    const running = server;
    server = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  onCleanup(kill);
  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start };
}
