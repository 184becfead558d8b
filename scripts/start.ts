/**
 * `npm start`: builds the web app when its build is missing or older than the
 * sources, then runs the web app and the sync server side by side on the
 * embedded defaults and prints where to find them. Ctrl+C (or SIGTERM) stops both
 * gracefully; if either dies, the other is stopped too and the exit code says so.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from '../lib/data-dir';
import { loadOrCreateSecret } from '../lib/secret';

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

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with code ${child.exitCode}`);
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

  const children: ChildProcess[] = [
    // Compiled ahead of time by scripts/build-server.mjs (npm start runs it first): no loader in production.
    spawn(process.execPath, [join(root, 'dist', 'server', 'main.js')], { cwd: root, env, stdio: 'inherit' }),
    spawn(process.execPath, [nextBin, 'start', '-p', String(webPort), '-H', webHost], {
      cwd: root,
      env,
      stdio: 'inherit',
    }),
  ];
  const [sync, web] = children as [ChildProcess, ChildProcess];

  let stopping = false;
  const stop = (code: number): void => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    const force = setTimeout(() => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }, 10_000);
    force.unref();
    Promise.all(
      children.map((child) =>
        child.exitCode === null ? new Promise((done) => child.once('exit', done)) : Promise.resolve(),
      ),
    ).then(() => process.exit(code));
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  for (const child of children) {
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`tandem: a process stopped unexpectedly (code ${code}, signal ${signal}); stopping the other`);
      stop(code || 1);
    });
  }

  const showHost = (host: string) => (host === '0.0.0.0' || host === '::' ? 'localhost' : host);
  await Promise.all([
    waitFor(`http://${showHost(syncHost)}:${syncPort}/healthz`, sync),
    waitFor(`http://${showHost(webHost)}:${webPort}/`, web),
  ]);
  console.log('');
  console.log(`  Tandem is running.`);
  console.log(
    `  Web app:     http://${showHost(webHost) === '127.0.0.1' ? 'localhost' : showHost(webHost)}:${webPort}`,
  );
  console.log(
    `  Sync server: ws://${showHost(syncHost) === '127.0.0.1' ? 'localhost' : showHost(syncHost)}:${syncPort}`,
  );
  console.log(`  Data:        ${data}`);
  console.log('  Press Ctrl+C to stop.');
  console.log('');
}

main().catch((error: unknown) => {
  console.error(`tandem: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
