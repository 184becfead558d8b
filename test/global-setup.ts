/**
 * Vitest global setup: compiles dist/ (a no-op when current) so that tests
 * which start the sync server as a process run what production runs.
 */
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const result = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building dist/ failed:\n${result.stdout}\n${result.stderr}`);
}
