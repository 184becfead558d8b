import type { Server } from 'node:http';
import { SignJWT } from 'jose';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '../../server/close-codes';
import { messageSync } from '../../server/protocol';
import { markDeletedForTest } from './fixtures';
import {
  cleanup,
  connectClient,
  metric,
  onCleanup,
  rawClient,
  SECRET,
  startServer,
  text,
  upgradeStatus,
} from './helpers';

afterEach(cleanup);

async function foreignToken(doc: string): Promise<string> {
  return new SignJWT({ doc, role: 'edit' })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience('tandem-sync')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
}

describe('refusals at the HTTP upgrade', () => {
  it.each([
    ['bad room name', 400, 'bad_room', async () => '/bad%20room?token=x'],
    ['nested path', 400, 'bad_room', async () => `/a/b?token=x`],
    ['overlong room', 400, 'bad_room', async () => `/${'a'.repeat(65)}?token=x`],
    ['missing token', 401, 'token_missing', async () => '/doc'],
    ['malformed token', 401, 'token_malformed', async () => '/doc?token=not.a.jwt'],
    ['wrong signature', 401, 'token_invalid', async () => `/doc?token=${await foreignToken('doc')}`],
  ])('%s → %i %s', async (_name, status, code, path) => {
    const t = await startServer();
    const result = await upgradeStatus(t.url, await path());
    expect(result.status).toBe(status);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code } });
    expect(t.server.registry.size).toBe(0);
    expect(await metric(t.url, 'tandem_sync_refused_connections_total', `{reason="${code}"}`)).toBe(1);
    expect(await metric(t.url, 'tandem_sync_documents_loaded')).toBe(0);
  });

  it('refuses an expired token with 401', async () => {
    const t = await startServer();
    const expired = await new SignJWT({ doc: 'doc', role: 'edit' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('tandem-sync')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    const result = await upgradeStatus(t.url, `/doc?token=${expired}`);
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'token_expired' } });
    expect(t.server.registry.size).toBe(0);
  });

  it('refuses a valid token for another document with 403', async () => {
    const t = await startServer();
    const result = await upgradeStatus(t.url, `/doc-a?token=${await t.token('doc-b')}`);
    expect(result.status).toBe(403);
    expect(t.server.registry.size).toBe(0);
  });

  it('refuses a deleted document (and its view alias) with 404', async () => {
    const t = await startServer();
    const { id, viewId } = markDeletedForTest(t.db);
    expect((await upgradeStatus(t.url, `/${id}?token=${await t.token(id)}`)).status).toBe(404);
    expect((await upgradeStatus(t.url, `/${viewId}?token=${await t.token(viewId, 'view')}`)).status).toBe(404);
    expect(t.server.registry.size).toBe(0);
  });

  it('accepts a good request (101), so the refusals above are not vacuous', async () => {
    const t = await startServer();
    const result = await upgradeStatus(t.url, `/doc?token=${await t.token('doc')}`);
    expect(result.status).toBe(101);
  });
});

describe('bad input on an open connection closes only that connection', () => {
  const truncatedVarint = Uint8Array.of(0x80);
  const unknownType = Uint8Array.of(42, 0);
  const truncatedUpdate = (() => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, 2); // update
    encoding.writeVarUint(encoder, 50); // claims 50 bytes...
    encoding.writeUint8(encoder, 1); // ...delivers one
    return encoding.toUint8Array(encoder);
  })();
  const garbageUpdate = (() => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, Uint8Array.of(5, 200, 1, 7));
    return encoding.toUint8Array(encoder);
  })();

  it.each([
    { name: 'truncated varint', frame: truncatedVarint, code: CloseCode.badMessage },
    { name: 'truncated update payload', frame: truncatedUpdate, code: CloseCode.badMessage },
    { name: 'update that is not a Yjs update', frame: garbageUpdate, code: CloseCode.updateRefused },
    { name: 'text frame', frame: 'hello', code: CloseCode.unsupportedData },
    { name: 'oversized frame', frame: new Uint8Array(64 * 1024), code: CloseCode.messageTooBig },
  ])('$name → close $code', async ({ frame, code }) => {
    const t = await startServer({ maxMessageBytes: 32 * 1024 });
    const a = connectClient(t.url, 'room', await t.token('room'));
    const b = connectClient(t.url, 'room', await t.token('room'));
    await vi.waitFor(() => expect(a.provider.synced && b.provider.synced).toBe(true));
    const bad = await rawClient(t.url, 'room', await t.token('room'));
    bad.send(frame);
    await vi.waitFor(() => expect(bad.closeCode).toBe(code));
    a.doc.getText('body').insert(0, 'still syncing');
    await vi.waitFor(() => expect(text(b)).toBe('still syncing'));
    expect(t.storage.logLength('room')).toBe(1);
  });

  it('ignores a message type it does not know, as the reference server does (4400 would be final)', async () => {
    const t = await startServer();
    const other = connectClient(t.url, 'unknown', await t.token('unknown'));
    const newer = await rawClient(t.url, 'unknown', await t.token('unknown'));
    newer.send(unknownType);
    newer.send(Uint8Array.of(3)); // query-awareness: answered only if the connection is still open
    other.provider.awareness.setLocalStateField('user', { name: 'other' });
    await vi.waitFor(() => expect(newer.types()).toContain(1));
    expect(newer.closeCode).toBeNull();
    expect(await metric(t.url, 'tandem_sync_unknown_messages_total')).toBe(1);
  });

  it('closes a flooding connection with 1013 (try again later)', async () => {
    const t = await startServer({ limits: { messagesPerSecond: 5, messageBurst: 20 } });
    const other = connectClient(t.url, 'flood', await t.token('flood'));
    const flood = await rawClient(t.url, 'flood', await t.token('flood'));
    for (let i = 0; i < 50; i++) flood.send(Uint8Array.of(3)); // query-awareness
    await vi.waitFor(() => expect(flood.closeCode).toBe(CloseCode.rateLimited));
    other.doc.getText('body').insert(0, 'fine');
    await vi.waitFor(() => expect(t.storage.logLength('flood')).toBe(1));
  });

  it('drops a connection that stops answering pings', async () => {
    const t = await startServer({ limits: { heartbeatMs: 400 } });
    const live = await rawClient(t.url, 'hb', await t.token('hb'));
    const dead = new WebSocket(`${t.url}/hb?token=${await t.token('hb')}`, { autoPong: false });
    dead.on('error', () => {});
    onCleanup(() => dead.terminate());
    const closed = new Promise<void>((resolve) => dead.once('close', () => resolve()));
    await closed;
    expect(await metric(t.url, 'tandem_sync_connections_closed_total', `{code="${CloseCode.heartbeatTimeout}"}`)).toBe(
      1,
    );
    expect(live.closeCode).toBeNull();
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('survives an error on the listening server (e.g. accept failing with EMFILE)', async () => {
    const t = await startServer();
    // Node emits accept errors on the server; with no listener that throws and ends the process.
    const http = (t.server as unknown as { http: Server }).http;
    expect(() => http.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }))).not.toThrow();
    const client = connectClient(t.url, 'after-error', await t.token('after-error'));
    await vi.waitFor(() => expect(client.provider.synced).toBe(true));
  });
});
