import { afterEach, describe, expect, it, vi } from 'vitest';
import { readTitle } from '../../lib/doc-model';
import { createDocument, getDocument } from '../../lib/documents';
import {
  deleteDocumentOnSyncServer,
  SyncServerRequestError,
  SyncServerUnavailableError,
  setTitleOnSyncServer,
} from '../../lib/sync-admin';
import { signAdminToken, signSyncToken } from '../../lib/tokens';
import { CloseCode } from '../../server/close-codes';
import {
  adminUrlOf,
  cleanup,
  connectClient,
  onCleanup,
  rawClient,
  SECRET,
  startServer,
  storedUpdate,
  text,
  upgradeStatus,
} from './helpers';

afterEach(cleanup);

/** Points lib/sync-admin at the test server, as the web app's env would. */
function useSyncServer(url: string, dataDir: string): void {
  vi.stubEnv('SYNC_INTERNAL_URL', adminUrlOf(url));
  vi.stubEnv('AUTH_SECRET', SECRET);
  vi.stubEnv('DATA_DIR', dataDir);
  onCleanup(() => vi.unstubAllEnvs());
}

describe('admin API', () => {
  it('deletes a document: clients closed with 4404, storage gone, tokens refused with 404', async () => {
    const t = await startServer();
    useSyncServer(t.url, t.dataDir);
    const record = createDocument(t.db, { title: 'Doomed' });
    const editor = connectClient(t.url, record.id, await t.token(record.id));
    editor.doc.getText('body').insert(0, 'to be deleted');
    await vi.waitFor(() => expect(t.storage.logLength(record.id)).toBeGreaterThan(0));
    const viewer = await rawClient(t.url, record.viewId, await t.token(record.viewId, 'view'));
    const closeCodes: number[] = [];
    editor.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });

    await deleteDocumentOnSyncServer(record.id);

    await vi.waitFor(() => expect(closeCodes).toContain(CloseCode.documentDeleted));
    await vi.waitFor(() => expect(viewer.closeCode).toBe(CloseCode.documentDeleted));
    expect(await storedUpdate(t.storage, record.id)).toBeNull();
    expect(getDocument(t.db, record.id)).toBeNull();
    expect((await upgradeStatus(t.url, `/${record.id}?token=${await t.token(record.id)}`)).status).toBe(404);
    expect((await upgradeStatus(t.url, `/${record.viewId}?token=${await t.token(record.viewId, 'view')}`)).status).toBe(
      404,
    );
    // The reconnecting editor never resurrects it.
    await vi.waitFor(() => expect(t.server.registry.size).toBe(0));
    expect(await storedUpdate(t.storage, record.id)).toBeNull();
    expect(text(editor)).toBe('to be deleted');
  });

  it('sets the live title for connected clients and the catalogue', async () => {
    const t = await startServer();
    useSyncServer(t.url, t.dataDir);
    const record = createDocument(t.db, { title: 'Old' });
    const a = connectClient(t.url, record.id, await t.token(record.id));
    await vi.waitFor(() => expect(readTitle(a.doc)).toBe('Old'));

    await setTitleOnSyncServer(record.id, 'New title');

    await vi.waitFor(() => expect(readTitle(a.doc)).toBe('New title'));
    await vi.waitFor(() => expect(getDocument(t.db, record.id)!.title).toBe('New title'));
    // Also for a document nobody has open: loaded, changed, stored, unloaded.
    const closed = createDocument(t.db, { title: 'Closed' });
    await setTitleOnSyncServer(closed.id, 'Renamed while closed');
    const b = connectClient(t.url, closed.id, await t.token(closed.id));
    await vi.waitFor(() => expect(readTitle(b.doc)).toBe('Renamed while closed'));
  });

  it('refuses to delete by view id, which would break the share link and keep the document', async () => {
    const t = await startServer();
    useSyncServer(t.url, t.dataDir);
    const record = createDocument(t.db, { title: 'Kept' });
    await expect(deleteDocumentOnSyncServer(record.viewId)).rejects.toMatchObject({
      status: 400,
      code: 'bad_document_id',
    });
    expect(getDocument(t.db, record.id)).not.toBeNull();
    const viewer = connectClient(t.url, record.viewId, await t.token(record.viewId, 'view'));
    await vi.waitFor(() => expect(readTitle(viewer.doc)).toBe('Kept'));
  });

  it('refuses missing, wrong-audience and bad requests with JSON errors', async () => {
    const t = await startServer();
    const http = t.adminUrl;
    const call = async (path: string, init: RequestInit) => {
      const response = await fetch(`${http}${path}`, init);
      return { status: response.status, body: response.status === 204 ? null : await response.json() };
    };
    expect(await call('/admin/docs/x', { method: 'DELETE' })).toMatchObject({
      status: 401,
      body: { error: { code: 'token_missing' } },
    });
    const syncToken = await signSyncToken(SECRET, { doc: 'x', role: 'edit' }, 60);
    expect(
      (await call('/admin/docs/x', { method: 'DELETE', headers: { authorization: `Bearer ${syncToken}` } })).status,
    ).toBe(401);
    const admin = { authorization: `Bearer ${await signAdminToken(SECRET)}` };
    expect((await call('/admin/docs/bad%20id', { method: 'DELETE', headers: admin })).status).toBe(400);
    expect((await call('/admin/docs/x/title', { method: 'PUT', headers: admin, body: '{not json' })).status).toBe(400);
    expect((await call('/admin/docs/x/title', { method: 'PUT', headers: admin, body: '{"title":5}' })).status).toBe(
      400,
    );
    expect((await call('/admin/docs/x/title', { method: 'POST', headers: admin, body: '{}' })).status).toBe(405);
    expect((await call('/admin/elsewhere', { method: 'GET', headers: admin })).status).toBe(404);
    expect((await call('/admin/docs/x', { method: 'DELETE', headers: admin })).status).toBe(204);
    expect((await call('/admin/docs/x/title', { method: 'PUT', headers: admin, body: '{"title":"t"}' })).status).toBe(
      404,
    );
  });

  it('reports an unreachable sync server with a typed error', async () => {
    const t = await startServer();
    useSyncServer(t.url, t.dataDir);
    await t.stop();
    await expect(deleteDocumentOnSyncServer('x')).rejects.toBeInstanceOf(SyncServerUnavailableError);
  });

  it('surfaces server refusals as SyncServerRequestError', async () => {
    const t = await startServer();
    useSyncServer(t.url, t.dataDir);
    vi.stubEnv('AUTH_SECRET', 'a-different-secret-a-different-secret-0000');
    await expect(setTitleOnSyncServer('x', 'y')).rejects.toMatchObject({ status: 401, code: 'token_invalid' });
    await expect(setTitleOnSyncServer('x', 'y')).rejects.toBeInstanceOf(SyncServerRequestError);
  });
});

describe('health and metrics', () => {
  it('answers /healthz, /readyz and /metrics', async () => {
    const t = await startServer();
    const http = t.adminUrl;
    expect(await (await fetch(`${http}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${http}/readyz`)).status).toBe(200);
    const a = connectClient(t.url, 'm', await t.token('m'));
    a.doc.getText('body').insert(0, 'metric');
    await vi.waitFor(async () => {
      const body = await (await fetch(`${http}/metrics`)).text();
      expect(body).toMatch(/^tandem_sync_connections 1$/m);
      expect(body).toMatch(/^tandem_sync_documents_loaded 1$/m);
      expect(body).toMatch(/^tandem_sync_updates_persisted_total 1$/m);
      expect(body).toMatch(/^tandem_sync_persist_duration_seconds_count 1$/m);
    });
    t.db.close();
    expect((await fetch(`${http}/readyz`)).status).toBe(503);
  });
});
