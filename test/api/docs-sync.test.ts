import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from '@/app/api/docs/[id]/route';
import { POST as createRoute } from '@/app/api/docs/route';
import { databaseFile } from '@/lib/data-dir';
import { openDatabase, type SqliteDatabase } from '@/lib/db/sqlite';
import { readTitle } from '@/lib/doc-model';
import type { DocumentRecord } from '@/lib/documents';
import { signSyncToken } from '@/lib/tokens';
import { type RunningSyncServer, startSqliteSyncServer } from '@/server/bootstrap';
import { silentLogger } from '@/server/log';
import { createTestUser, type ErrorBody, routeParams, type TestUser, userRequest, useTempDataDir } from './helpers';

/**
 * PATCH and DELETE go through the real sync server (in-process, port 0, the
 * same SQLite file as the app), with a stock WebsocketProvider as a live editor.
 */
const secret = randomBytes(32).toString('base64url');
let dataDir: ReturnType<typeof useTempDataDir>;
let sync: RunningSyncServer;
let user: TestUser;
let db: SqliteDatabase;
const jsonRequest = (method: string, path: string, body?: unknown) => userRequest(user, method, path, body);
const appDatabase = () => db;
const providers: WebsocketProvider[] = [];
const savedEnv = { AUTH_SECRET: process.env.AUTH_SECRET, SYNC_INTERNAL_URL: process.env.SYNC_INTERNAL_URL };

beforeAll(async () => {
  dataDir = useTempDataDir();
  process.env.AUTH_SECRET = secret;
  sync = await startSqliteSyncServer(
    {
      host: '127.0.0.1',
      port: 0,
      dataDir: dataDir.dir,
      authSecret: secret,
      maxMessageBytes: 8 * 1024 * 1024,
      logLevel: 'silent',
    },
    silentLogger(),
  );
  process.env.SYNC_INTERNAL_URL = sync.server.adminUrl;
  user = await createTestUser();
  db = openDatabase(databaseFile(dataDir.dir));
});

afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
});

afterAll(async () => {
  db.close();
  await sync.stop();
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  dataDir.cleanup();
});

async function create(title?: string): Promise<DocumentRecord> {
  const response = await createRoute(jsonRequest('POST', '/api/docs', title === undefined ? {} : { title }));
  expect(response.status).toBe(201);
  return (await response.json()) as DocumentRecord;
}

async function connect(room: string, role: 'edit' | 'view') {
  const doc = new Y.Doc();
  const token = await signSyncToken(secret, { doc: room, role, name: 'Tester' }, 300);
  const provider = new WebsocketProvider(sync.server.url, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  const closeCodes: number[] = [];
  provider.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code);
  });
  await vi.waitFor(() => expect(provider.synced).toBe(true));
  return { doc, provider, closeCodes };
}

/** Status of a raw WebSocket upgrade to `room` (101 when accepted). */
function upgradeStatus(room: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${sync.server.url}/${room}?token=${encodeURIComponent(token)}`);
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

function patch(id: string, body: unknown) {
  return patchRoute(jsonRequest('PATCH', `/api/docs/${id}`, body), routeParams(id));
}

function remove(id: string) {
  return deleteRoute(jsonRequest('DELETE', `/api/docs/${id}`), routeParams(id));
}

describe('PATCH /api/docs/[id]', () => {
  it('renames the live document for everyone editing it and answers with the record', async () => {
    const record = await create('Draft');
    const editor = await connect(record.id, 'edit');

    const response = await patch(record.id, { title: 'Final  report ' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const updated = (await response.json()) as DocumentRecord;
    expect(updated).toMatchObject({ id: record.id, title: 'Final report', role: 'owner' });

    await vi.waitFor(() => expect(readTitle(editor.doc)).toBe('Final report'));
    const fetched = await getRoute(jsonRequest('GET', `/api/docs/${record.id}`), routeParams(record.id));
    expect(((await fetched.json()) as DocumentRecord).title).toBe('Final report');
  });

  it.each([
    ['a missing title', {}],
    ['a non-string title', { title: ['a'] }],
    ['an unknown field', { title: 'ok', pinned: true }],
    ['a title over 200 characters', { title: 'y'.repeat(201) }],
    ['invalid JSON', '{title: nope}'],
    ['an empty body', ''],
  ])('answers 400 for %s and leaves the title alone', async (_label, body) => {
    const record = await create('Unchanged');
    const response = await patch(record.id, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.code).toBe('bad_request');
    const fetched = await getRoute(jsonRequest('GET', `/api/docs/${record.id}`), routeParams(record.id));
    expect(((await fetched.json()) as DocumentRecord).title).toBe('Unchanged');
  });

  it.each([
    ['an unknown id', 'BBBBBBBBBBBBBBBBBBBBBB'],
    ['a malformed id', '../etc/passwd'],
  ])('answers 404 for %s', async (_label, id) => {
    const response = await patch(id, { title: 'x' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.code).toBe('not_found');
  });
});

describe('DELETE /api/docs/[id]', () => {
  it('disconnects editors with 4404, removes content and row, and makes both links 404', async () => {
    const record = await create('Doomed');
    const editor = await connect(record.id, 'edit');
    editor.doc.getText('scratch').insert(0, 'some content');
    const db = appDatabase();
    const storedUpdates = () =>
      (db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE doc = ?').get(record.id) as { n: number }).n +
      (db.prepare('SELECT COUNT(*) AS n FROM doc_snapshots WHERE doc = ?').get(record.id) as { n: number }).n;
    await vi.waitFor(() => expect(storedUpdates()).toBeGreaterThan(0));

    const response = await remove(record.id);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');

    await vi.waitFor(() => expect(editor.closeCodes).toContain(4404));
    editor.provider.disconnect();
    expect(storedUpdates()).toBe(0);
    expect(db.prepare('SELECT 1 FROM documents WHERE id = ?').get(record.id)).toBeUndefined();
    const fetched = await getRoute(jsonRequest('GET', `/api/docs/${record.id}`), routeParams(record.id));
    expect(fetched.status).toBe(404);

    // Old tokens for either link no longer open anything.
    expect(await upgradeStatus(record.id, await signSyncToken(secret, { doc: record.id, role: 'edit' }, 60))).toBe(404);
    expect(
      await upgradeStatus(record.viewId, await signSyncToken(secret, { doc: record.viewId, role: 'view' }, 60)),
    ).toBe(404);

    const again = await remove(record.id);
    expect(again.status).toBe(404);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await remove('CCCCCCCCCCCCCCCCCCCCCC')).status).toBe(404);
    expect((await remove('%00')).status).toBe(404);
  });
});

describe('when the sync server is down', () => {
  it('PATCH and DELETE answer 503 with a JSON error and change nothing', async () => {
    const record = await create('Keep me');
    const previous = process.env.SYNC_INTERNAL_URL;
    // A port that was just free: nothing listens there.
    const closed = await startSqliteSyncServer(
      {
        host: '127.0.0.1',
        port: 0,
        dataDir: dataDir.dir,
        authSecret: secret,
        maxMessageBytes: 1024,
        logLevel: 'silent',
      },
      silentLogger(),
    );
    const deadUrl = closed.server.adminUrl;
    await closed.stop();
    process.env.SYNC_INTERNAL_URL = deadUrl;
    try {
      const renamed = await patch(record.id, { title: 'Changed' });
      expect(renamed.status).toBe(503);
      expect(((await renamed.json()) as ErrorBody).error.code).toBe('sync_unavailable');

      const deleted = await remove(record.id);
      expect(deleted.status).toBe(503);
      expect(((await deleted.json()) as ErrorBody).error).toEqual({
        code: 'sync_unavailable',
        message: expect.stringContaining('sync server'),
      });
    } finally {
      process.env.SYNC_INTERNAL_URL = previous;
    }
    const fetched = await getRoute(jsonRequest('GET', `/api/docs/${record.id}`), routeParams(record.id));
    expect(fetched.status).toBe(200);
    expect(((await fetched.json()) as DocumentRecord).title).toBe('Keep me');
  });
});
