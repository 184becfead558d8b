import { once } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signSyncToken } from '../../lib/tokens';
import { CloseCode } from '../../server/close-codes';
import { loadConfig } from '../../server/config';
import { spawnServer, startChild } from './child';
import { cleanup, connectClient, rawClient, SECRET, tempDir, text } from './helpers';

afterEach(cleanup);

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/tandem-x' });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 1234,
      dataDir: '/tmp/tandem-x',
      authSecret: undefined,
      maxMessageBytes: 8 * 1024 * 1024,
      logLevel: 'info',
    });
  });

  it.each([
    ['SYNC_PORT', 'eighty'],
    ['SYNC_PORT', '70000'],
    ['MAX_MESSAGE_BYTES', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['AUTH_SECRET', 'short'],
    ['SYNC_PORT', '80.5'],
    ['DATABASE_URL', 'mysql://db/x'],
    ['DATABASE_SCHEMA', 'Not-An-Identifier'],
    ['REDIS_URL', 'http://redis'],
    ['REDIS_PREFIX', 'a b'],
  ])('rejects %s=%s with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('configuration problems', () => {
  it('lists every invalid variable at once, and reads valid ones', () => {
    expect(() => loadConfig({ SYNC_PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(
      /SYNC_PORT: .*\n\s+LOG_LEVEL: must be one of/,
    );
    expect(
      loadConfig({
        SYNC_PORT: '0',
        DATABASE_URL: 'postgresql://db/x',
        DATABASE_SCHEMA: 'tandem_1',
        REDIS_URL: 'rediss://r',
        REDIS_PREFIX: 'a.b-c',
        LOG_LEVEL: 'debug',
        SYNC_TRUSTED_PROXIES: 'none',
      }),
    ).toMatchObject({
      port: 0,
      databaseUrl: 'postgresql://db/x',
      databaseSchema: 'tandem_1',
      redisUrl: 'rediss://r',
      redisPrefix: 'a.b-c',
      logLevel: 'debug',
      upgradeLimits: { trustedProxies: 'none' },
    });
  });
});

describe('the server process', () => {
  it('fails fast on invalid configuration', async () => {
    const child = spawnServer({ SYNC_PORT: 'not-a-port', DATA_DIR: tempDir() });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(child.stderrText()).toContain('SYNC_PORT');
  });

  it('creates DATA_DIR/secret (0600) when AUTH_SECRET is unset, and reuses it', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'secret');
    const run = async () => {
      const { child } = await startChild(dataDir, { AUTH_SECRET: '' });
      expect(existsSync(file)).toBe(true);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      return readFileSync(file, 'utf8');
    };
    const created = await run();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(created.length).toBeGreaterThanOrEqual(32);
    expect(await run()).toBe(created);
  });

  it('shuts down gracefully on SIGTERM: clients closed with 1001, updates flushed, exit 0', async () => {
    const dataDir = tempDir();
    const first = await startChild(dataDir);
    const token = await signSyncToken(SECRET, { doc: 'bye', role: 'edit' }, 600);
    const writer = connectClient(first.url, 'bye', token);
    const watcher = await rawClient(first.url, 'bye', token);
    await vi.waitFor(() => expect(writer.provider.synced).toBe(true));
    writer.doc.getText('body').insert(0, 'flushed on shutdown');
    await vi.waitFor(() => expect(watcher.messages.length).toBeGreaterThan(1));
    first.child.kill('SIGTERM');
    const [code] = await once(first.child, 'exit');
    expect(code).toBe(0);
    expect(watcher.closeCode).toBe(CloseCode.goingAway);
    writer.destroy();
    const second = await startChild(dataDir);
    const reader = connectClient(second.url, 'bye', token);
    await vi.waitFor(() => expect(text(reader)).toBe('flushed on shutdown'), { timeout: 10_000 });
  });
});
