/**
 * Scale-out, in one test process: two and three sync servers on one
 * PostgreSQL schema and one Redis prefix, stock WebsocketProvider clients
 * spread over them. Real PostgreSQL, real Redis; faults through TCP proxies
 * and CLIENT KILL.
 */

import { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { signAdminToken, signSyncToken } from '../../lib/tokens';
import { CloseCode } from '../../server/close-codes';
import { SharedConnectionCounter } from '../../server/cluster/shared-counter';
import { silentLogger } from '../../server/log';
import { decodeSaved, messageSaved } from '../../server/protocol';
import { clusterEnv, killRedisConnections, privateRedis, startNode, TEST_REDIS_URL } from './cluster-helpers';
import {
  adminUrlOf,
  cleanup,
  connectClient,
  metric,
  onCleanup,
  SECRET,
  storedUpdate,
  type TestClient,
  text,
} from './helpers';
import { startTcpProxy } from './tcp-proxy';

afterEach(cleanup);

const token = (doc: string) => signSyncToken(SECRET, { doc, role: 'edit' }, 600);

function storedBody(update: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return doc.getText('body').toString();
}

async function converged(clients: readonly TestClient[], timeout = 10_000): Promise<string> {
  await vi.waitFor(
    () => {
      const texts = clients.map(text);
      expect(new Set(texts).size, JSON.stringify(texts)).toBe(1);
    },
    { timeout, interval: 50 },
  );
  return text(clients[0]!);
}

describe('several sync processes on PostgreSQL and Redis', () => {
  it('converges concurrent typing over three processes and stores it', async () => {
    const env = await clusterEnv();
    const nodes = [await startNode(env), await startNode(env), await startNode(env)];
    const t = await token('shared');
    const clients = nodes.flatMap((node) => [
      connectClient(node.url, 'shared', t),
      connectClient(node.url, 'shared', t),
    ]);
    await vi.waitFor(() => expect(clients.every((c) => c.provider.synced)).toBe(true));
    for (let round = 0; round < 20; round++) {
      clients.forEach((client, i) => {
        const body = client.doc.getText('body');
        body.insert(round % 2 === 0 ? 0 : body.length, `${i}.${round};`);
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const final = await converged(clients);
    expect(final.split(';').filter(Boolean)).toHaveLength(clients.length * 20);
    await vi.waitFor(async () => expect(storedBody(await storedUpdate(nodes[0]!.storage, 'shared'))).toBe(final));
    expect(
      await metric(nodes[1]!.url, 'tandem_sync_bus_messages_total', '{direction="in",type="update"}'),
    ).toBeGreaterThan(0);
  });

  it('shows a client on A in the awareness of B, and removes it when it leaves', async () => {
    const env = await clusterEnv();
    const [a, b] = [await startNode(env), await startNode(env)];
    const t = await token('presence');
    const onA = connectClient(a.url, 'presence', t);
    const onB = connectClient(b.url, 'presence', t);
    await vi.waitFor(() => expect(onA.provider.synced && onB.provider.synced).toBe(true));
    onA.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    await vi.waitFor(() =>
      expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toEqual({ user: { name: 'Ada' } }),
    );
    // A late joiner on B gets it too (query-awareness is answered with the union).
    const late = connectClient(b.url, 'presence', t);
    await vi.waitFor(() => expect(late.provider.awareness.getStates().has(onA.doc.clientID)).toBe(true));
    onA.destroy();
    await vi.waitFor(() => expect(onB.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false));
    await vi.waitFor(() => expect(late.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false));
  });

  it('renames and deletes through one process: every process follows and closes its connections (4404)', async () => {
    const env = await clusterEnv();
    const [a, b] = [await startNode(env), await startNode(env)];
    const id = 'shared-doc';
    const t = await token(id);
    const onA = connectClient(a.url, id, t);
    const onB = connectClient(b.url, id, t);
    await vi.waitFor(() => expect(onA.provider.synced && onB.provider.synced).toBe(true));
    const admin = async (url: string, method: 'PUT' | 'DELETE', path: string, body?: unknown) =>
      fetch(`${adminUrlOf(url)}${path}`, {
        method,
        headers: { authorization: `Bearer ${await signAdminToken(SECRET)}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await admin(a.url, 'PUT', `/admin/docs/${id}/title`, { title: 'Renamed on A' })).status).toBe(200);
    await vi.waitFor(() => expect(onB.doc.getText('title').toString()).toBe('Renamed on A'));
    const closedOnB: number[] = [];
    onB.provider.on('connection-close', (event) => {
      if (event) closedOnB.push(event.code);
    });
    expect((await admin(a.url, 'DELETE', `/admin/docs/${id}`)).status).toBe(204);
    await vi.waitFor(() => expect(closedOnB).toContain(CloseCode.documentDeleted));
    // Nothing can be stored for it any more, on any process.
    await vi.waitFor(async () => expect((await b.storage.heads([id])).get(id)?.deleted).toBe(true));
  });

  it('sends a large update by reference: the other process reads it from PostgreSQL', async () => {
    const env = await clusterEnv();
    const [a, b] = [await startNode(env), await startNode(env)];
    const t = await token('large');
    const onA = connectClient(a.url, 'large', t);
    const onB = connectClient(b.url, 'large', t);
    await vi.waitFor(() => expect(onA.provider.synced && onB.provider.synced).toBe(true));
    const paste = 'lorem ipsum '.repeat(10_000); // 120 KB, above the 64 KiB inline bound
    onA.doc.getText('body').insert(0, paste);
    await vi.waitFor(() => expect(text(onB)).toBe(paste), { timeout: 5_000 });
    expect(await metric(b.url, 'tandem_sync_catch_ups_total', '{reason="reference"}')).toBeGreaterThan(0);
  });

  it('reconverges after Redis connections are killed mid-typing, with no further edit', async () => {
    const env = await clusterEnv();
    const [a, b] = [await startNode(env), await startNode(env)];
    const t = await token('killed');
    const onA = connectClient(a.url, 'killed', t);
    const onB = connectClient(b.url, 'killed', t);
    await vi.waitFor(() => expect(onA.provider.synced && onB.provider.synced).toBe(true));
    let killed = 0;
    for (let i = 0; i < 30; i++) {
      onA.doc.getText('body').insert(0, `a${i};`);
      onB.doc.getText('body').insert(0, `b${i};`);
      // Kill this cluster's subscriber connections now and then: what is published meanwhile is lost to them.
      if (i % 10 === 5) killed += await killRedisConnections(env, 'sub');
      if (i % 10 === 8) killed += await killRedisConnections(env, 'cmd');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(killed).toBeGreaterThanOrEqual(4);
    const final = await converged([onA, onB]);
    expect(final.split(';').filter(Boolean)).toHaveLength(60);
    expect(await metric(a.url, 'tandem_sync_bus_reconnects_total')).toBeGreaterThan(0);
  });

  it('reconverges after Redis is killed and restarted mid-typing, losing nothing', async () => {
    const redis = await privateRedis();
    const env = await clusterEnv(redis.url);
    const nodes = [await startNode(env), await startNode(env), await startNode(env)];
    const t = await token('restart');
    const clients = nodes.map((node) => connectClient(node.url, 'restart', t));
    await vi.waitFor(() => expect(clients.every((c) => c.provider.synced)).toBe(true));
    for (let i = 0; i < 30; i++) {
      for (const [k, client] of clients.entries()) client.doc.getText('body').insert(0, `${k}.${i};`);
      if (i === 10) await redis.kill();
      if (i === 20) await redis.start();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // The last edits were made right after the restart: nobody types again, yet all converge.
    const final = await converged(clients, 15_000);
    expect(final.split(';').filter(Boolean)).toHaveLength(90);
    expect(storedBody(await storedUpdate(nodes[2]!.storage, 'restart'))).toBe(final);
  }, 40_000);

  it('repairs a lost last message from PostgreSQL when a process cannot publish (Redis cut)', async () => {
    const env = await clusterEnv();
    const redisProxy = await startTcpProxy([{ host: '127.0.0.1', port: Number(new URL(TEST_REDIS_URL).port || 6379) }]);
    const a = await startNode(env, { redisUrl: `redis://127.0.0.1:${redisProxy.port}` });
    const b = await startNode(env);
    const t = await token('lost');
    const onA = connectClient(a.url, 'lost', t);
    const onB = connectClient(b.url, 'lost', t);
    await vi.waitFor(() => expect(onA.provider.synced && onB.provider.synced).toBe(true));
    onA.doc.getText('body').insert(0, 'before;');
    await vi.waitFor(() => expect(text(onB)).toBe('before;'));
    redisProxy.cut();
    // A commits this, but cannot tell anyone: the message is lost, and nothing later reveals the gap.
    onA.doc.getText('body').insert(0, 'during;');
    await vi.waitFor(() => expect(text(onB)).toBe('during;before;'), { timeout: 5_000 });
    expect(await metric(b.url, 'tandem_sync_catch_ups_total', '{reason="reconcile"}')).toBeGreaterThan(0);
    // A kept serving its own clients all along; /readyz says the bus is down but stays ready.
    const ready = await fetch(`${a.url.replace('ws', 'http')}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ storage: 'ok', bus: 'down' });
    redisProxy.restore();
    onB.doc.getText('body').insert(0, 'after;');
    await vi.waitFor(() => expect(text(onA)).toBe('after;during;before;'), { timeout: 5_000 });
  });

  it('stores before anything is fanned out or acknowledged while PostgreSQL is unreachable, then converges', async () => {
    const env = await clusterEnv();
    const pgUrl = new URL(env.databaseUrl);
    const pgProxy = await startTcpProxy([{ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) }]);
    const proxiedUrl = new URL(env.databaseUrl);
    proxiedUrl.port = String(pgProxy.port);
    const a = await startNode(env, { databaseUrl: proxiedUrl.toString() });
    const b = await startNode(env);
    const t = await token('pgcut');
    const onA = connectClient(a.url, 'pgcut', t, { ack: '1' });
    let ackedClock = 0;
    onA.provider.messageHandlers[messageSaved] = (_encoder, decoder) => {
      ackedClock = Y.decodeStateVector(decodeSaved(decoder.arr)).get(onA.doc.clientID) ?? 0;
      decoding.readVarUint8Array(decoder);
    };
    const onB = connectClient(b.url, 'pgcut', t);
    await vi.waitFor(() => expect(onA.provider.synced && onB.provider.synced).toBe(true));
    onA.doc.getText('body').insert(0, 'stored;');
    await vi.waitFor(() => expect(text(onB)).toBe('stored;'));

    await vi.waitFor(() => expect(ackedClock).toBe(Y.getState(onA.doc.store, onA.doc.clientID)));
    pgProxy.cut();
    onA.doc.getText('body').insert(0, 'unstored;');
    const unstoredClock = Y.getState(onA.doc.store, onA.doc.clientID);
    // A cannot store it, so nobody else may see it; A's readiness fails so a load balancer drains it.
    await vi.waitFor(async () => expect((await fetch(`${a.url.replace('ws', 'http')}/readyz`)).status).toBe(503));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(text(onB)).toBe('stored;');
    expect(storedBody(await storedUpdate(b.storage, 'pgcut'))).toBe('stored;');
    expect(text(onA)).toBe('unstored;stored;'); // the client keeps its change
    expect(ackedClock).toBeLessThan(unstoredClock); // and was never told it is saved

    pgProxy.restore();
    await vi.waitFor(() => expect(text(onB)).toBe('unstored;stored;'), { timeout: 15_000 });
    await vi.waitFor(async () => expect(storedBody(await storedUpdate(b.storage, 'pgcut'))).toBe('unstored;stored;'));
    await vi.waitFor(async () => expect((await fetch(`${a.url.replace('ws', 'http')}/readyz`)).status).toBe(200));
    await vi.waitFor(() => expect(ackedClock).toBe(unstoredClock), { timeout: 10_000 });
  }, 40_000);

  it('limits connections per token across processes (Redis counters), and frees a stopped process slots', async () => {
    const env = await clusterEnv();
    const limits = { maxConnectionsPerToken: 2 };
    const [a, b] = [await startNode(env, { upgradeLimits: limits }), await startNode(env, { upgradeLimits: limits })];
    const t = await token('limited');
    const attempt = (url: string) => {
      const ws = new WebSocket(`${url}/limited?token=${t}`);
      onCleanup(() => ws.terminate());
      return new Promise<{ ws: WebSocket; result: number | 'open' }>((resolve) => {
        ws.once('open', () => resolve({ ws, result: 'open' }));
        ws.once('unexpected-response', (_req, res) => resolve({ ws, result: res.statusCode ?? 0 }));
        ws.once('error', () => {});
      });
    };
    const first = await attempt(a.url);
    expect(first.result).toBe('open');
    expect((await attempt(a.url)).result).toBe('open');
    // The third, on the other process, is over the limit for the cluster.
    expect((await attempt(b.url)).result).toBe(429);
    first.ws.close();
    await vi.waitFor(async () => expect((await attempt(b.url)).result).toBe('open'));
    expect((await attempt(b.url)).result).toBe(429);
    // A stops: its slot is no longer counted.
    await a.stop();
    await vi.waitFor(async () => expect((await attempt(b.url)).result).toBe('open'));
  });

  it('does not count the connections of a process whose heartbeat expired (killed)', async () => {
    const env = await clusterEnv();
    const redis = new Redis(env.redisUrl);
    onCleanup(() => redis.disconnect());
    const counter = new SharedConnectionCounter(
      redis,
      { prefix: env.prefix, kind: 'token', max: 2, processId: 'alive' },
      silentLogger(),
    );
    await vi.waitFor(() => expect(redis.status).toBe('ready'));
    await redis.set(`${env.prefix}:proc:alive`, '1');
    // A killed process left two slots behind; its heartbeat key is gone.
    await redis.hset(`${env.prefix}:conn:token:tok`, 'killed', '2');
    expect(await counter.tryAcquire('tok')).toBe(true);
    expect(await redis.hgetall(`${env.prefix}:conn:token:tok`)).toEqual({ alive: '1' });
    // A live process's slots do count.
    await redis.set(`${env.prefix}:proc:other`, '1');
    await redis.hset(`${env.prefix}:conn:token:tok`, 'other', '1');
    expect(await counter.tryAcquire('tok')).toBe(false);
    counter.release('tok');
    await vi.waitFor(async () => expect(await redis.hget(`${env.prefix}:conn:token:tok`, 'alive')).toBeNull());
  });
});
