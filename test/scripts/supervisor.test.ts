/**
 * Finding 11: `npm start` supervises its children. A crashed child (web app or
 * sync server) is restarted with backoff and logged, the other keeps running,
 * and only stop() (Ctrl+C / SIGTERM) ends them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Supervisor } from '../../scripts/supervisor';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A node child running `code`. */
const node = (name: string, code: string) => ({
  name,
  command: process.execPath,
  args: ['-e', code],
  stdio: 'ignore' as const,
});
const forever = 'setInterval(() => {}, 1000)';

describe('the npm start supervisor', () => {
  it('restarts a crashed child with growing backoff, logs it, and leaves the other running', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor([node('sync server', 'process.exit(3)'), node('web app', forever)], {
      initialBackoffMs: 20,
      maxBackoffMs: 80,
      log: (line) => lines.push(line),
    });
    stops.push(() => supervisor.stop());
    supervisor.start();
    const web = supervisor.current('web app');
    expect(web?.pid).toBeDefined();
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    // The web app was never touched: same process, still running.
    expect(supervisor.current('web app')).toBe(web);
    expect(web?.exitCode).toBeNull();
    expect(supervisor.starts('web app')).toBe(1);
    expect(lines[0]).toMatch(/sync server stopped unexpectedly \(code 3, signal null\); restarting in 20 ms/);
    expect(supervisor.starts('sync server')).toBeGreaterThanOrEqual(4);
    // Backoff grows, then stays at the maximum.
    const delays = lines.map((line) => Number(/restarting in (\d+) ms/.exec(line)?.[1]));
    expect(delays.slice(0, 4)).toEqual([20, 40, 80, 80]);
  });

  it('restarts a child killed by a signal, and stop() ends everything for good', async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor([node('sync server', forever), node('web app', forever)], {
      initialBackoffMs: 10,
      log: (line) => lines.push(line),
    });
    stops.push(() => supervisor.stop());
    supervisor.start();
    const first = supervisor.current('sync server')!;
    first.kill('SIGKILL');
    await vi.waitFor(() => expect(supervisor.current('sync server')?.pid).toBeGreaterThan(0));
    await vi.waitFor(() => expect(supervisor.current('sync server')).not.toBe(first));
    expect(lines.some((line) => line.includes('signal SIGKILL'))).toBe(true);
    const [sync, web] = [supervisor.current('sync server')!, supervisor.current('web app')!];
    await supervisor.stop();
    expect(sync.signalCode ?? sync.exitCode).not.toBeNull();
    expect(web.signalCode ?? web.exitCode).not.toBeNull();
    const starts = supervisor.starts('sync server');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(supervisor.starts('sync server')).toBe(starts);
  });
});
