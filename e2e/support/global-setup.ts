import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_DIST_DIR, REPO_ROOT } from './stack';

/**
 * What `next build` compiles: if none of it changed since the last build, the build is reused.
 * tsconfig.json is left out on purpose: every `next build` (anyone's, into any dist dir)
 * rewrites it, which would force a rebuild on every run without any source having changed.
 */
const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['next.config.mjs', 'proxy.ts', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows up as a newer directory
  for (const entry of readdirSync(path)) {
    if (entry.startsWith('.')) continue; // editor swap files and the like
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildIsFresh(): boolean {
  const buildId = join(REPO_ROOT, E2E_DIST_DIR, 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const builtAt = statSync(buildId).mtimeMs;
  const sources = [...SOURCE_DIRS, ...SOURCE_FILES].map((name) => newestMtime(join(REPO_ROOT, name)));
  return Math.max(...sources) < builtAt;
}

/**
 * `next build` rewrites tsconfig.json and next-env.d.ts to point at its own dist
 * dir. A test run must not leave tracked files changed (nor retarget everyone's
 * type checking at .next-e2e), so both are put back as they were afterwards.
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

/**
 * Builds the app once per change, into its own dist dir, so the suite runs
 * against what `npm start` serves rather than the dev server.
 */
export default function globalSetup(): void {
  if (process.env.E2E_SKIP_BUILD === '1' || buildIsFresh()) return;
  const started = Date.now();
  const rewritten = ['tsconfig.json', 'next-env.d.ts'].map((name) => join(REPO_ROOT, name));
  const result = preserving(rewritten, () =>
    spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
      cwd: REPO_ROOT,
      env: { ...process.env, NEXT_DIST_DIR: E2E_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  if (result.status !== 0) {
    throw new Error(`next build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`[e2e] next build into ${E2E_DIST_DIR} took ${Math.round((Date.now() - started) / 1000)} s`);
}
