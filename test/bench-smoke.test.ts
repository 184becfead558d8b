/**
 * `npm run bench -- --smoke`: every scenario on tiny sizes against every
 * server, so the harness (servers, load generator processes, /proc sampling,
 * tables) cannot rot unnoticed. Only that each table is there and each server
 * synced is checked: no timing assertions.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceAvailable } from '../bench/traces';

const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!traceAvailable('automerge-paper'))('npm run bench -- --smoke', () => {
  it('runs every scenario against every server and prints one table each', { timeout: 300_000 }, () => {
    const out = join(dir, 'results.md');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', `--out=${out}`], {
      encoding: 'utf8',
      timeout: 280_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    for (const title of ['Busy room', 'Many rooms', 'Many connections', 'Trace replay', 'Join storm', 'Presence']) {
      expect(text).toContain(`### ${title}`);
    }
    for (const server of [
      'Tandem (SQLite, durable)',
      'Tandem (SQLite, durable, writer thread)',
      'y-websocket 2.1.0 reference',
      'Hocuspocus 4',
      'raw relay',
    ]) {
      expect(text).toContain(`| ${server}`);
    }
    // Every edit reached every other client of its room, on every server.
    const busy = text.slice(text.indexOf('### Busy room'), text.indexOf('### Many rooms'));
    const delivered = [...busy.matchAll(/^\| [^|]+ \| [^|]+ \| ([^|]+) \|/gm)].map((match) => match[1]!.trim());
    expect(delivered.slice(2)).toEqual(['100.0', '100.0', '100.0', '100.0', '100.0']);
    // The trace document converged on every server that holds documents.
    expect(text).toMatch(/\| Tandem \(SQLite, durable\) \| 200\.0 \| [^|]+ \| 1\.00 \|/);
  });
});
