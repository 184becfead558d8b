/**
 * `npm start`: builds the web app when its build is missing or older than the
 * sources, then runs the web app and the sync server side by side on the
 * embedded defaults and prints where to find them. Ctrl+C (or SIGTERM) stops both
 * gracefully; if either dies it is restarted with backoff (scripts/supervisor.ts)
 * and the other keeps running: an editor session survives a sync server crash.
 */
import { type ChildProcess, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from '../lib/data-dir';
import { loadOrCreateSecret } from '../lib/secret';
import { Supervisor } from './supervisor';

/** The project folder: where package.json is, whether we run from scripts/ or compiled from dist/scripts/. */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const root = projectRoot(import.meta.dirname);
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const distDir = process.env.NEXT_DIST_DIR || '.next';
const SOURCES = [
  'app',
  'components',
  'lib',
  'public',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.mjs',
  'package-lock.json',
  'tsconfig.json',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const buildId = join(root, distDir, 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.every((source) => newestMtime(join(root, source)) <= built);
}

function port(name: string, fallback: number): number {
  const value = process.env[name] ?? String(fallback);
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65535) {
    throw new Error(`${name} must be a port number (1-65535), got "${value}"`);
  }
  return parsed;
}

/** Waits until `url` answers; a child that crashes meanwhile is being restarted, so only time runs out. */
async function waitFor(url: string, child: () => ChildProcess | null, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child() === null) {
      await new Promise((done) => setTimeout(done, 250));
      continue;
    }
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  const webPort = port('PORT', 3000);
  const syncPort = port('SYNC_PORT', 1234);
  const webHost = process.env.HOST || '127.0.0.1';
  const syncHost = process.env.SYNC_HOST || '127.0.0.1';
  const data = dataDir();
  // Create the shared secret before either process starts, so they never race for it.
  loadOrCreateSecret(data);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: data,
    SYNC_PORT: String(syncPort),
    SYNC_HOST: syncHost,
    // The web app prints the first-start setup link with it.
    PORT: String(webPort),
    NEXT_TELEMETRY_DISABLED: '1',
  };

  if (buildIsCurrent()) {
    console.log('tandem: web build is up to date');
  } else {
    console.log('tandem: building the web app (next build)…');
    const build = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
  }

  const supervisor = new Supervisor([
    // Compiled ahead of time by scripts/build-server.mjs (npm start runs it first): no loader in production.
    { name: 'sync server', command: process.execPath, args: [join(root, 'dist', 'server', 'main.js')], cwd: root, env },
    {
      name: 'web app',
      command: process.execPath,
      args: [nextBin, 'start', '-p', String(webPort), '-H', webHost],
      cwd: root,
      env,
    },
  ]);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void supervisor.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  supervisor.start();
  const running = (name: string) => () => supervisor.current(name);

  const showHost = (host: string) => (host === '0.0.0.0' || host === '::' ? 'localhost' : host);
  try {
    await Promise.all([
      waitFor(`http://${showHost(syncHost)}:${syncPort}/healthz`, running('sync server')),
      waitFor(`http://${showHost(webHost)}:${webPort}/`, running('web app')),
    ]);
  } catch (error) {
    // Not fatal: the supervisor keeps restarting what crashed; Ctrl+C stops everything.
    console.error(`tandem: ${error instanceof Error ? error.message : String(error)}; still trying`);
    return;
  }
  console.log('');
  console.log(`  Tandem is running.`);
  console.log(
    `  Web app:     http://${showHost(webHost) === '127.0.0.1' ? 'localhost' : showHost(webHost)}:${webPort}`,
  );
  console.log(
    `  Sync server: ws://${showHost(syncHost) === '127.0.0.1' ? 'localhost' : showHost(syncHost)}:${syncPort}`,
  );
  console.log(
    `  Admin:       http://127.0.0.1:${process.env.SYNC_ADMIN_PORT || '1235'} (metrics, admin API; loopback only)`,
  );
  console.log(`  Data:        ${data}`);
  console.log('  Press Ctrl+C to stop.');
  console.log('');
}

main().catch((error: unknown) => {
  console.error(`tandem: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
