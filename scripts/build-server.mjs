/**
 * Compiles the processes Tandem runs outside Next.js (the sync server, `npm
 * start`'s launcher, `npm run token`) into plain JavaScript under dist/, so
 * production never runs TypeScript through a loader (tsx costs ~1 s of start-up
 * and ~50 MB of RSS per process). esbuild bundles our own modules (server/,
 * lib/, scripts/) into one file per entry and leaves every npm package as an
 * import resolved from node_modules at run time (native better-sqlite3
 * included). Plain .mjs: it must run before anything is compiled.
 *
 *   node scripts/build-server.mjs             build
 *   node scripts/build-server.mjs --if-stale  build only when a source is newer than the build
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');
const stamp = join(outdir, '.built');

/** What each compiled file is built from (entry → dist path without extension). */
export const ENTRIES = {
  'server/main': 'server/main.ts',
  // Started by server/storage/sqlite-writer.ts as a worker thread, from this path.
  'server/storage/sqlite-writer-worker': 'server/storage/sqlite-writer-worker.ts',
  'scripts/start': 'scripts/start.ts',
  'scripts/token': 'scripts/token.ts',
  'scripts/migrate-to-postgres': 'scripts/migrate-to-postgres.ts',
  'scripts/admin': 'scripts/admin.ts',
};

/** Everything a change in which makes the build stale. */
const SOURCES = ['server', 'lib', 'scripts', 'package-lock.json', 'tsconfig.json'];

function newestMtime(path) {
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

export function buildIsCurrent() {
  if (!existsSync(stamp)) return false;
  if (!Object.keys(ENTRIES).every((out) => existsSync(join(outdir, `${out}.js`)))) return false;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.every((source) => newestMtime(join(root, source)) <= built);
}

export async function buildServer() {
  const started = Date.now();
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([out, src]) => [out, join(root, src)])),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22.12',
    // npm packages stay in node_modules: one copy shared with the web app, native addons loadable.
    packages: 'external',
    // Modules imported dynamically (PostgreSQL, Redis) become chunks loaded only when configured.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // Source maps for stack traces when run with --enable-source-maps; not loaded otherwise.
    sourcemap: 'linked',
    logLevel: 'warning',
    // The web app's server-only modules must never reach a plain Node process.
    plugins: [refuseServerOnly],
  });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return Date.now() - started;
}

/** `server-only` throws when imported outside React's server build: fail the build, not the process. */
const refuseServerOnly = {
  name: 'refuse-server-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^server-only$/ }, (args) => ({
      errors: [{ text: `${args.importer} imports a web-app-only module into a Node process` }],
    }));
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && buildIsCurrent()) process.exit(0);
  buildServer().then(
    (ms) => process.stderr.write(`tandem: compiled the sync server and scripts into dist/ in ${ms} ms\n`),
    (error) => {
      process.stderr.write(`tandem: building dist/ failed: ${error instanceof Error ? error.message : error}\n`);
      process.exit(1);
    },
  );
}
