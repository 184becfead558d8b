import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DIST_DIR_VARIABLE, E2E_DIST_PREFIX, REPO_ROOT } from './stack';

/**
 * What `next build` compiles. tsconfig.json is left out on purpose: every
 * `next build` (anyone's, into any dist dir) rewrites it, which would force a
 * rebuild on every run without any source having changed.
 */
const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['next.config.mjs', 'proxy.ts', 'instrumentation.ts', 'package.json', 'package-lock.json'];

/** Builds of older sources and old runs' output are removed once this old (no run still uses them by then). */
const STALE_MS = 30 * 60_000;
/** How long to wait for someone else's build of the same sources. */
const FOREIGN_BUILD_WAIT_MS = 5 * 60_000;
const FOREIGN_BUILD_MESSAGE = 'Another next build process is already running';

function collectSources(path: string, into: string[]): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    into.push(`${relative(REPO_ROOT, path)}:${stat.size}:${stat.mtimeMs}`);
    return;
  }
  for (const entry of readdirSync(path).sort()) {
    if (entry.startsWith('.')) continue; // editor swap files and the like
    collectSources(join(path, entry), into);
  }
}

/**
 * A build directory per state of the sources. Several people share this
 * checkout and run the suite: with one shared dist dir, a build started by one
 * run wipes the files another run's `next start` is serving. Keyed by the
 * sources, runs on the same sources share one build and a run on newer
 * sources builds beside it instead of on top of it.
 */
function distDirForSources(): string {
  const sources: string[] = [];
  for (const name of [...SOURCE_DIRS, ...SOURCE_FILES]) collectSources(join(REPO_ROOT, name), sources);
  const fingerprint = createHash('sha256').update(sources.join('\n')).digest('hex').slice(0, 12);
  return `${E2E_DIST_PREFIX}${fingerprint}`;
}

/** Removes other source states' builds and old runs' output folders (see playwright.config.ts). */
function pruneStale(keepBuild: string): void {
  const isStale = (dir: string) => Date.now() - statSync(dir).mtimeMs > STALE_MS && !existsSync(join(dir, 'lock'));
  for (const entry of readdirSync(REPO_ROOT)) {
    if (!entry.startsWith(E2E_DIST_PREFIX) || entry === keepBuild) continue;
    if (isStale(join(REPO_ROOT, entry))) rmSync(join(REPO_ROOT, entry), { recursive: true, force: true });
  }
  const results = join(REPO_ROOT, 'test-results');
  if (!existsSync(results)) return;
  for (const entry of readdirSync(results)) {
    if (isStale(join(results, entry))) rmSync(join(results, entry), { recursive: true, force: true });
  }
}

/**
 * `next build` rewrites tsconfig.json and next-env.d.ts to point at its own dist
 * dir. A test run must not leave tracked files changed (nor retarget everyone's
 * type checking at an e2e build), so both are put back as they were afterwards.
 */
function preserving<T>(files: readonly string[], run: () => T): T {
  const saved = files.map((file) => [file, existsSync(file) ? readFileSync(file, 'utf8') : null] as const);
  try {
    return run();
  } finally {
    for (const [file, text] of saved) {
      if (text !== null && readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
    }
  }
}

function runBuild(distDir: string): { ok: boolean; output: string } {
  const rewritten = ['tsconfig.json', 'next-env.d.ts'].map((name) => join(REPO_ROOT, name));
  const result = preserving(rewritten, () =>
    spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
}

/**
 * Builds the app (once per state of its sources) so the suite runs against what
 * `npm start` serves rather than the dev server, and tells the workers which
 * build to serve through the environment.
 */
export default async function globalSetup(): Promise<void> {
  // The sync server runs compiled, as `npm start` runs it (a no-op when dist/ is current).
  const server = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (server.status !== 0) throw new Error(`building dist/ failed:\n${server.stdout}\n${server.stderr}`);
  const distDir = distDirForSources();
  process.env[DIST_DIR_VARIABLE] = distDir;
  pruneStale(distDir);
  const buildId = join(REPO_ROOT, distDir, 'BUILD_ID');
  const lock = join(REPO_ROOT, distDir, 'lock');
  const deadline = Date.now() + FOREIGN_BUILD_WAIT_MS;
  for (;;) {
    // Next writes BUILD_ID last and removes its lock when done: both together mean a finished build.
    if (existsSync(buildId) && !existsSync(lock)) return;
    if (existsSync(lock) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      continue;
    }
    const started = Date.now();
    const { ok, output } = runBuild(distDir);
    if (ok) {
      console.log(`[e2e] next build into ${distDir} took ${Math.round((Date.now() - started) / 1000)} s`);
      return;
    }
    if (!output.includes(FOREIGN_BUILD_MESSAGE) || Date.now() >= deadline) {
      throw new Error(`next build into ${distDir} failed:\n${output}`);
    }
  }
}
