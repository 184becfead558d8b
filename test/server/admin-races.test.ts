/**
 * Finding 11: admin requests and shutdown, a rename racing a delete, and the
 * tombstone lookup every upgrade makes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile } from '../../lib/data-dir';
import { openDatabase } from '../../lib/db/sqlite';
import { syncInternalUrl } from '../../lib/sync-admin';
import { signAdminToken } from '../../lib/tokens';
import { loadConfig } from '../../server/config';
import { MemoryDirectory, type RoomResolution, SQLITE_TOMBSTONE_QUERY } from '../../server/directory';
import { silentLogger } from '../../server/log';
import { MemoryStorage } from '../../server/storage/memory';
import { SyncServer } from '../../server/sync-server';
import { cleanup, onCleanup, SECRET, tempDir } from './helpers';

afterEach(cleanup);

/** A catalogue whose next lookup of `room` waits until `open()` is called. */
class GatedDirectory extends MemoryDirectory {
  private gate: { room: string; opened: Promise<void> } | null = null;
  private openGate: () => void = () => {};
  /** Resolves when the gated lookup has started. */
  reached: Promise<void> = Promise.resolve();

  hold(room: string): void {
    let reached!: () => void;
    this.reached = new Promise((resolve) => {
      reached = resolve;
    });
    const opened = new Promise<void>((resolve) => {
      this.openGate = resolve;
    });
    this.gate = { room, opened };
    this.onReach = reached;
  }

  private onReach: () => void = () => {};

  open(): void {
    this.openGate();
  }

  override async resolve(room: string): Promise<RoomResolution> {
    const gate = this.gate;
    if (gate && gate.room === room) {
      this.gate = null;
      // Looked up now, answered after the gate opens: a stale answer, as from a slow database.
      const answer = await super.resolve(room);
      this.onReach();
      await gate.opened;
      return answer;
    }
    return super.resolve(room);
  }
}

async function start(directory: MemoryDirectory, storage = new MemoryStorage()) {
  const server = new SyncServer({ port: 0, secret: SECRET, storage, directory, log: silentLogger() });
  await server.listen();
  onCleanup(() => server.close());
  return { server, storage, base: server.adminUrl };
}

async function admin(base: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${await signAdminToken(SECRET)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('admin requests and shutdown', () => {
  it('answers a request still in progress when shutdown begins with 503 and loads nothing', async () => {
    const directory = new GatedDirectory();
    const { server, storage, base } = await start(directory);
    directory.hold('late');
    const response = admin(base, 'PUT', '/admin/docs/late/title', { title: 'After shutdown' });
    await directory.reached;
    const closed = server.close();
    directory.open();
    const answer = await response;
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('shutting_down');
    await closed;
    expect((await storage.load('late')).head).toBe(0);
    expect(server.registry.get('late')).toBeUndefined();
  });
});

describe('a rename racing a delete', () => {
  it('answers 404 (document deleted), not 500, and stores nothing for it', async () => {
    const directory = new GatedDirectory();
    const { storage, base } = await start(directory);
    expect((await admin(base, 'PUT', '/admin/docs/race/title', { title: 'First' })).status).toBe(200);
    // The rename reads the catalogue (document exists), then the delete completes, then the rename goes on.
    directory.hold('race');
    const rename = admin(base, 'PUT', '/admin/docs/race/title', { title: 'Second' });
    await directory.reached;
    expect((await admin(base, 'DELETE', '/admin/docs/race')).status).toBe(204);
    directory.open();
    const answer = await rename;
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('document_deleted');
    await expect(storage.append('race', [new Uint8Array([0, 0])])).rejects.toThrow();
  });
});

describe('the tombstone lookup', () => {
  it('uses indexes on both the id and the view id (no table scan on every upgrade)', () => {
    const db = openDatabase(databaseFile(tempDir()));
    onCleanup(() => db.close());
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_TOMBSTONE_QUERY}`).all('x', 'x') as { detail: string }[];
    expect(plan.length).toBeGreaterThan(0);
    for (const step of plan) expect(step.detail).not.toMatch(/^SCAN deleted_documents/);
    expect(plan.some((step) => /deleted_documents_view_id/.test(step.detail))).toBe(true);
  });
});

describe('the admin listener (SYNC_ADMIN_PORT)', () => {
  it('serves /metrics and /admin/** apart from the public port, on loopback', async () => {
    const { server, base } = await start(new MemoryDirectory());
    const publicHttp = server.url.replace(/^ws/, 'http');
    expect(base).not.toBe(publicHttp);
    expect(new URL(base).hostname).toBe('127.0.0.1');
    expect((await fetch(`${publicHttp}/metrics`)).status).toBe(404);
    expect((await admin(publicHttp, 'DELETE', '/admin/docs/x')).status).toBe(404);
    expect((await fetch(`${publicHttp}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await admin(base, 'DELETE', '/admin/docs/x')).status).toBe(204);
  });

  it('is configured by SYNC_ADMIN_HOST / SYNC_ADMIN_PORT (default 127.0.0.1:1235); the public port only when asked', () => {
    expect(loadConfig({}).admin).toEqual({ host: '127.0.0.1', port: 1235 });
    expect(loadConfig({ SYNC_ADMIN_PORT: '9100', SYNC_ADMIN_HOST: '10.0.0.5' }).admin).toEqual({
      host: '10.0.0.5',
      port: 9100,
    });
    expect(loadConfig({ SYNC_PORT: '4000', SYNC_ADMIN_PORT: '4000' }).admin).toBe('public');
    expect(() => loadConfig({ SYNC_ADMIN_PORT: 'x' })).toThrow('SYNC_ADMIN_PORT');
  });
});

describe('the web app finds the admin listener', () => {
  it('defaults SYNC_INTERNAL_URL to the loopback admin port, not the public one', () => {
    expect(syncInternalUrl({} as NodeJS.ProcessEnv)).toBe('http://127.0.0.1:1235');
    expect(syncInternalUrl({ SYNC_PORT: '4000', SYNC_ADMIN_PORT: '4001' } as unknown as NodeJS.ProcessEnv)).toBe(
      'http://127.0.0.1:4001',
    );
    expect(syncInternalUrl({ SYNC_INTERNAL_URL: 'http://10.0.0.9:1240/' } as unknown as NodeJS.ProcessEnv)).toBe(
      'http://10.0.0.9:1240',
    );
  });
});
