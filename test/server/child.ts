/**
 * Runs the compiled sync server (`dist/server/main.js`, built by the Vitest
 * global setup) as a child process, as `npm run sync` does, on a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { expect, vi } from 'vitest';
import { onCleanup, SECRET, serverDefaults } from './helpers';

/** Finds a free port by listening on port 0 and closing again. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export function spawnServer(env: Record<string, string>): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: process.cwd(),
    // Admin listener on any free port unless a test picks one (the default 1235 would clash between children).
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      SYNC_ADMIN_PORT: '0',
      SYNC_SQLITE_WRITER: serverDefaults.sqliteWriter,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  onCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return Object.assign(child, { stderrText: () => stderr });
}

export async function startChild(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawnServer({ SYNC_PORT: String(port), DATA_DIR: dataDir, AUTH_SECRET: SECRET, ...env });
  await vi.waitFor(
    async () => {
      expect(child.exitCode, child.stderrText()).toBeNull();
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(200);
    },
    { timeout: 20_000, interval: 100 },
  );
  return { child, url: `ws://127.0.0.1:${port}` };
}
