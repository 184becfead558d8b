import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createPgPool } from '../../lib/db/postgres';
import { StackAccounts } from './accounts';
import { ManagedProcess } from './child-process';
import { freePort, HOST, waitForHttp } from './network';
import { DIST_DIR_VARIABLE, REPO_ROOT } from './stack';

const STARTUP_TIMEOUT_MS = 60_000;
export const E2E_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';
export const E2E_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One web app process and the sync process its pages connect to. */
export interface ClusterSite {
  baseURL: string;
  syncHttpURL: string;
}

export interface ClusterStack {
  sites: ClusterSite[];
  secret: string;
  logDir: string;
  /** Set up through site 0's printed link; accounts live in PostgreSQL, so they work on every site. */
  accounts: StackAccounts;
  dispose(): Promise<void>;
}

/**
 * Tandem scaled out on this machine: `count` sync processes and `count` web app
 * processes (the built app, `next start`) on one PostgreSQL schema and one
 * Redis prefix of their own. Web app i sends its pages to sync process i
 * (PUBLIC_SYNC_URL), so two browsers on two sites meet only through
 * PostgreSQL and Redis.
 */
export async function startClusterStack(count = 2): Promise<ClusterStack> {
  const root = mkdtempSync(join(tmpdir(), 'tandem-e2e-cluster-'));
  const logDir = join(root, 'logs');
  mkdirSync(logDir, { recursive: true });
  const distDir = process.env[DIST_DIR_VARIABLE];
  if (distDir === undefined) throw new Error(`${DIST_DIR_VARIABLE} is not set: the global setup chooses the build`);
  const schema = `e2e_${randomBytes(6).toString('hex')}`;
  const prefix = `e2e-${randomBytes(6).toString('hex')}`;
  const admin = createPgPool(E2E_DATABASE_URL, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const secret = randomBytes(32).toString('base64url');
  const processes: ManagedProcess[] = [];
  const sites: ClusterSite[] = [];
  let accounts: StackAccounts | undefined;

  const dispose = async () => {
    await accounts?.dispose();
    await Promise.all(processes.map((process) => process.dispose()));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end();
    const redis = new Redis(E2E_REDIS_URL, { maxRetriesPerRequest: 1 });
    const keys = await redis.keys(`${prefix}:*`).catch(() => [] as string[]);
    if (keys.length > 0) await redis.del(...keys).catch(() => {});
    redis.disconnect();
    if (!process.env.E2E_KEEP_DATA) rmSync(root, { recursive: true, force: true });
  };

  try {
    const waits: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const [appPort, syncPort, adminPort] = [await freePort(), await freePort(), await freePort()];
      // The admin listener: /admin/** (SYNC_INTERNAL_URL), /metrics and health.
      const syncHttpURL = `http://${HOST}:${adminPort}`;
      const dataDir = join(root, `data-${i}`);
      mkdirSync(dataDir, { recursive: true });
      const env: NodeJS.ProcessEnv = {
        ...withoutTandemVariables(process.env),
        DATA_DIR: dataDir,
        AUTH_SECRET: secret,
        DATABASE_URL: E2E_DATABASE_URL,
        DATABASE_SCHEMA: schema,
        REDIS_URL: E2E_REDIS_URL,
        REDIS_PREFIX: prefix,
        SYNC_PORT: String(syncPort),
        SYNC_HOST: HOST,
        SYNC_ADMIN_PORT: String(adminPort),
        SYNC_INTERNAL_URL: syncHttpURL,
        PUBLIC_SYNC_URL: `ws://${HOST}:${syncPort}`,
        NEXT_DIST_DIR: distDir,
        NEXT_TELEMETRY_DISABLED: '1',
      };
      const sync = new ManagedProcess({
        name: `sync server ${i}`,
        command: process.execPath,
        args: ['dist/server/main.js'],
        env,
        cwd: REPO_ROOT,
        logFile: join(logDir, `sync-${i}.log`),
      });
      const app = new ManagedProcess({
        name: `next start ${i}`,
        command: process.execPath,
        args: ['node_modules/next/dist/bin/next', 'start', '-p', String(appPort), '-H', HOST],
        env: { ...env, NODE_ENV: 'production' },
        cwd: REPO_ROOT,
        logFile: join(logDir, `app-${i}.log`),
      });
      processes.push(sync, app);
      sync.start();
      app.start();
      waits.push(
        waitForHttp(`${syncHttpURL}/readyz`, {
          accept: (status) => status === 200,
          timeoutMs: STARTUP_TIMEOUT_MS,
          stillAlive: () => sync.running,
          describe: () => sync.tail(),
        }),
        waitForHttp(`http://${HOST}:${appPort}/`, {
          timeoutMs: STARTUP_TIMEOUT_MS,
          stillAlive: () => app.running,
          describe: () => app.tail(),
        }),
      );
      sites.push({ baseURL: `http://${HOST}:${appPort}`, syncHttpURL });
    }
    await Promise.all(waits);
    accounts = new StackAccounts(sites[0]!.baseURL, join(logDir, 'app-0.log'));
    await accounts.setUp();
  } catch (error) {
    await dispose();
    throw error;
  }
  return { sites, secret, logDir, accounts: accounts!, dispose };
}

/** The test runner's environment minus anything that would point these processes elsewhere. */
function withoutTandemVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const name of Object.keys(clean)) {
    if (
      /^(PORT|HOST|SYNC_|PUBLIC_SYNC_URL|DATA_DIR|AUTH_SECRET|DATABASE_|REDIS_|TANDEM_|NEXT_DIST_DIR|NODE_ENV)/.test(
        name,
      )
    ) {
      delete clean[name];
    }
  }
  return clean;
}
