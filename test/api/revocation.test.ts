import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { POST as resetLinkRoute } from '@/app/api/docs/[id]/link/route';
import { PUT as memberRoute } from '@/app/api/docs/[id]/members/route';
import { PATCH as generalAccessRoute } from '@/app/api/docs/[id]/sharing/route';
import { POST as tokenRoute } from '@/app/api/docs/[id]/token/route';
import { POST as createRoute } from '@/app/api/docs/route';
import { POST as linkTokenRoute } from '@/app/api/links/[token]/token/route';
import { appStore } from '@/lib/db/app-db';
import type { DocumentRecord } from '@/lib/documents';
import type { SyncAccess } from '@/lib/sync-access';
import { encodeAuthRenew } from '@/lib/sync-auth';
import { signSyncToken } from '@/lib/tokens';
import { type RunningSyncServer, startSqliteSyncServer } from '@/server/bootstrap';
import { silentLogger } from '@/server/log';
import { syncFrame } from '../server/frames';
import { createTestUser, type TestUser, userRequest, useTempDataDir } from './helpers';

/**
 * Live revocation end to end: permissions change through the app's routes,
 * the app tells the sync server, and open connections (hand-made clients on
 * real sockets, tokens minted by the app) are closed or lose their role.
 */
const secret = randomBytes(32).toString('base64url');
let dataDir: ReturnType<typeof useTempDataDir>;
let sync: RunningSyncServer;
let owner: TestUser;
let bob: TestUser;
const sockets: WebSocket[] = [];
const saved = { AUTH_SECRET: process.env.AUTH_SECRET, SYNC_INTERNAL_URL: process.env.SYNC_INTERNAL_URL };
const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

beforeAll(async () => {
  dataDir = useTempDataDir();
  process.env.AUTH_SECRET = secret;
  sync = await startSqliteSyncServer(
    {
      host: '127.0.0.1',
      port: 0,
      dataDir: dataDir.dir,
      authSecret: secret,
      maxMessageBytes: 1 << 20,
      logLevel: 'silent',
    },
    silentLogger(),
  );
  process.env.SYNC_INTERNAL_URL = sync.server.adminUrl;
  owner = await createTestUser('Olive Owner');
  bob = await createTestUser('Bob Member');
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.terminate();
});

afterAll(async () => {
  await sync.stop();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  dataDir.cleanup();
});

async function createDoc(): Promise<DocumentRecord> {
  return (await (
    await createRoute(userRequest(owner, 'POST', '/api/docs', { title: 'Live' }))
  ).json()) as DocumentRecord;
}

async function tokenFor(user: TestUser, id: string): Promise<SyncAccess> {
  const response = await tokenRoute(userRequest(user, 'POST', `/api/docs/${id}/token`, {}), params({ id }));
  expect(response.status).toBe(200);
  return (await response.json()) as SyncAccess;
}

async function share(id: string, person: string, role: 'editor' | 'viewer'): Promise<void> {
  const response = await memberRoute(
    userRequest(owner, 'PUT', `/api/docs/${id}/members`, { person, role }),
    params({ id }),
  );
  expect(response.status).toBe(200);
}

interface Client {
  socket: WebSocket;
  closeCode: number | null;
  messages: Uint8Array[];
}

/** A hand-made client: a raw socket speaking the wire protocol, as an attacker's script would. */
async function open(access: Pick<SyncAccess, 'room' | 'token'>): Promise<Client> {
  const socket = new WebSocket(`${sync.server.url}/${access.room}?token=${encodeURIComponent(access.token)}`);
  sockets.push(socket);
  const client: Client = { socket, closeCode: null, messages: [] };
  // Refused upgrades also surface as socket errors; the promise below reports them.
  socket.on('error', () => {});
  socket.on('message', (data: Buffer) => client.messages.push(new Uint8Array(data)));
  socket.on('close', (code) => {
    client.closeCode = code;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
  });
  return client;
}

function upgradeStatus(access: Pick<SyncAccess, 'room' | 'token'>): Promise<number> {
  return open(access).then(
    () => 101,
    (error: Error) => Number(/answered (\d+)/.exec(error.message)?.[1] ?? 0),
  );
}

function someUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('live revocation through the app', () => {
  it('a downgraded editor is closed with 4409, and its old edit token no longer opens the document', async () => {
    const doc = await createDoc();
    await share(doc.id, bob.email, 'editor');
    const access = await tokenFor(bob, doc.id);
    expect(access.role).toBe('edit');
    const client = await open(access);

    await share(doc.id, bob.email, 'viewer');
    await vi.waitFor(() => expect(client.closeCode).toBe(4409));
    // The old token is still a valid JWT: the stored permissions refuse it at the upgrade.
    expect(await upgradeStatus(access)).toBe(403);
    // The new token is a view token on the view id, and writes through it are never applied.
    const downgraded = await tokenFor(bob, doc.id);
    expect(downgraded).toMatchObject({ role: 'view', room: doc.viewId });
    const viewer = await open(downgraded);
    viewer.socket.send(syncFrame('update', someUpdate('written by a viewer')));
    await vi.waitFor(() => expect(viewer.messages.some((message) => message[0] === 2)).toBe(true));
    const { catalogue } = await appStore();
    expect((await catalogue.get(doc.id))?.lastEditor ?? null).toBeNull();
  });

  it('a removed person is closed with 4403; someone unaffected stays connected', async () => {
    const doc = await createDoc();
    await share(doc.id, bob.email, 'editor');
    const bobs = await open(await tokenFor(bob, doc.id));
    const owners = await open(await tokenFor(owner, doc.id));
    const response = await (await import('@/app/api/docs/[id]/members/[userId]/route')).DELETE(
      userRequest(owner, 'DELETE', `/api/docs/${doc.id}/members/${bob.id}`),
      params({ id: doc.id, userId: bob.id }),
    );
    expect(response.status).toBe(200);
    await vi.waitFor(() => expect(bobs.closeCode).toBe(4403));
    expect(owners.closeCode).toBeNull();
    expect(
      (await tokenRoute(userRequest(bob, 'POST', `/api/docs/${doc.id}/token`, {}), params({ id: doc.id }))).status,
    ).toBe(404);
  });

  it('resetting the link closes the guests who came through it with 4410', async () => {
    const doc = await createDoc();
    const id = doc.id;
    await generalAccessRoute(
      userRequest(owner, 'PATCH', `/api/docs/${id}/sharing`, { generalAccess: 'edit' }),
      params({ id }),
    );
    const { permissions } = await appStore();
    const link = (await permissions.facts(id))!.linkToken!;
    const guestAccess = (await (
      await linkTokenRoute(
        userRequest(null, 'POST', `/api/links/${link}/token`, { name: 'Gus' }),
        params({ token: link }),
      )
    ).json()) as SyncAccess;
    const guest = await open(guestAccess);
    const owners = await open(await tokenFor(owner, id));

    expect((await resetLinkRoute(userRequest(owner, 'POST', `/api/docs/${id}/link`), params({ id }))).status).toBe(200);
    await vi.waitFor(() => expect(guest.closeCode).toBe(4410));
    expect(owners.closeCode).toBeNull();
    expect(await upgradeStatus(guestAccess)).toBe(403);
  });

  it('closes a connection whose token expired (4401) unless it was renewed on the socket', async () => {
    const doc = await createDoc();
    const short = (ttl: number) => signSyncToken(secret, { doc: doc.id, role: 'edit', sub: owner.id }, ttl);
    const lapsing = await open({ room: doc.id, token: await short(1) });
    const renewed = await open({ room: doc.id, token: await short(1) });
    renewed.socket.send(encodeAuthRenew(await short(600)));
    await vi.waitFor(() => expect(lapsing.closeCode).toBe(4401), { timeout: 5_000 });
    // Both tokens had the same expiry: the renewed connection outlived it.
    expect(renewed.closeCode).toBeNull();
    // A renewal for someone else is ignored (the old expiry stands).
    const other = await open({ room: doc.id, token: await short(1) });
    other.socket.send(encodeAuthRenew(await signSyncToken(secret, { doc: doc.id, role: 'edit', sub: bob.id }, 600)));
    await vi.waitFor(() => expect(other.closeCode).toBe(4401), { timeout: 5_000 });
  });
});
