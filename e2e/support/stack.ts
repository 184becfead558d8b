import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { StackAccounts } from './accounts';
import { ManagedProcess } from './child-process';
import { freePort, HOST, waitForHttp } from './network';

/**
 * The e2e builds live beside, not on top of, anyone's `next dev` / `next build`
 * output: `.next-e2e-<fingerprint of the sources>`, chosen by the global setup
 * and handed to the workers in this variable.
 */
export const E2E_DIST_PREFIX = '.next-e2e-';
export const DIST_DIR_VARIABLE = 'TANDEM_E2E_DIST_DIR';
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Variables that would make the stack depend on the shell it was started from.
 * The stack sets what it needs itself; overrides come through `StackOptions.env`.
 */
const SCRUBBED_VARIABLES = [
  'PORT',
  'SYNC_PORT',
  'SYNC_HOST',
  'SYNC_ADMIN_HOST',
  'SYNC_ADMIN_PORT',
  'SYNC_INTERNAL_URL',
  'PUBLIC_SYNC_URL',
  'DATA_DIR',
  'AUTH_SECRET',
  'SIGNUP',
  'TRUSTED_PROXIES',
  'PUBLIC_URL',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'NODE_ENV',
  'NEXT_DIST_DIR',
];

export interface StackOptions {
  /** Extra environment for both processes, e.g. `{ SIGNUP: 'open' }`. */
  env?: Record<string, string>;
  /**
   * Leave the instance without accounts (no setup through the printed link),
   * for tests of the first start itself. Default: the fixtures set it up.
   */
  fresh?: boolean;
}

/** The sync server of a stack, which tests may stop and start again (same port, same data). */
export interface SyncServerControl {
  readonly running: boolean;
  /** SIGTERM asks for a graceful shutdown; SIGKILL simulates a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
}

export interface Stack {
  /** `http://127.0.0.1:<port>` of `next start`. */
  readonly baseURL: string;
  /** `ws://127.0.0.1:<port>` of the sync server, for crafted clients. */
  readonly syncURL: string;
  readonly syncHttpURL: string;
  readonly dataDir: string;
  /** The token signing secret both processes share, for minting tokens in tests. */
  readonly secret: string;
  readonly syncServer: SyncServerControl;
  /** Where the processes' output goes, for reading after a failure. */
  readonly logDir: string;
  /** The admin (set up through the printed link) and the people who joined; see support/accounts.ts. */
  readonly accounts: StackAccounts;
  dispose(): Promise<void>;
}

/**
 * Starts the built web app and a real sync server on free ports, sharing a fresh
 * temporary DATA_DIR and a random AUTH_SECRET. Serves the build the global
 * setup made (its directory in TANDEM_E2E_DIST_DIR).
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const root = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  const dataDir = join(root, 'data');
  const logDir = join(root, 'logs');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(logDir, { recursive: true });

  const [appPort, syncPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  const secret = randomBytes(32).toString('base64url');
  // The sync server's admin listener: /admin/** (the web app's SYNC_INTERNAL_URL), /metrics and health.
  const syncHttpURL = `http://${HOST}:${adminPort}`;
  const distDir = process.env[DIST_DIR_VARIABLE];
  if (distDir === undefined) throw new Error(`${DIST_DIR_VARIABLE} is not set: the global setup chooses the build`);

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of SCRUBBED_VARIABLES) delete env[name];
  Object.assign(env, {
    DATA_DIR: dataDir,
    AUTH_SECRET: secret,
    SYNC_PORT: String(syncPort),
    SYNC_HOST: HOST,
    SYNC_ADMIN_PORT: String(adminPort),
    SYNC_INTERNAL_URL: syncHttpURL,
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: '1',
    ...options.env,
  });

  const sync = new ManagedProcess({
    name: 'sync server',
    command: process.execPath,
    // Compiled by the global setup, as in production (npm start).
    args: ['dist/server/main.js'],
    env,
    cwd: REPO_ROOT,
    logFile: join(logDir, 'sync.log'),
  });
  const app = new ManagedProcess({
    name: 'next start',
    command: process.execPath,
    args: ['node_modules/next/dist/bin/next', 'start', '-p', String(appPort), '-H', HOST],
    env: { ...env, NODE_ENV: 'production' },
    cwd: REPO_ROOT,
    logFile: join(logDir, 'app.log'),
  });

  const startSync = async () => {
    sync.start();
    await waitForHttp(`${syncHttpURL}/healthz`, {
      accept: (status) => status === 200,
      timeoutMs: STARTUP_TIMEOUT_MS,
      stillAlive: () => sync.running,
      describe: () => `sync server output (${join(logDir, 'sync.log')}):\n${sync.tail()}`,
    });
  };

  const accounts = new StackAccounts(`http://${HOST}:${appPort}`, join(logDir, 'app.log'));
  const dispose = async () => {
    await accounts.dispose();
    await Promise.all([app.dispose(), sync.dispose()]);
    if (!process.env.E2E_KEEP_DATA) rmSync(root, { recursive: true, force: true });
  };

  try {
    // Both start at once: two cores, and neither needs the other to boot.
    app.start();
    await Promise.all([
      startSync(),
      waitForHttp(`http://${HOST}:${appPort}/`, {
        timeoutMs: STARTUP_TIMEOUT_MS,
        stillAlive: () => app.running,
        describe: () => `next start output (${join(logDir, 'app.log')}):\n${app.tail()}`,
      }),
    ]);
    if (!options.fresh) await accounts.setUp();
  } catch (error) {
    await dispose();
    throw error;
  }

  return {
    accounts,
    baseURL: `http://${HOST}:${appPort}`,
    syncURL: `ws://${HOST}:${syncPort}`,
    syncHttpURL,
    dataDir,
    secret,
    logDir,
    syncServer: {
      get running() {
        return sync.running;
      },
      stop: (signal) => sync.stop(signal),
      start: startSync,
    },
    dispose,
  };
}
