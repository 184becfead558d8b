import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDocument } from '../../lib/documents';
import { closeTrashedDocumentOnSyncServer, restoreDocumentOnSyncServer } from '../../lib/sync-admin';
import { CloseCode } from '../../server/close-codes';
import { adminUrlOf, cleanup, connectClient, onCleanup, SECRET, startServer, text, upgradeStatus } from './helpers';

afterEach(cleanup);

function useSyncServer(url: string, dataDir: string): void {
  vi.stubEnv('SYNC_INTERNAL_URL', adminUrlOf(url));
  vi.stubEnv('AUTH_SECRET', SECRET);
  vi.stubEnv('DATA_DIR', dataDir);
  onCleanup(() => vi.unstubAllEnvs());
}

describe('admin API: trash', () => {
  it('closes open connections at once with 4411, refuses new ones until restored, keeps the content', async () => {
    const t = await startServer();
    useSyncServer(t.url, t.dataDir);
    const record = createDocument(t.db, { title: 'Trashed soon' });
    const editor = connectClient(t.url, record.id, await t.token(record.id));
    const viewer = connectClient(t.url, record.viewId, await t.token(record.viewId, 'view'));
    const codes = { editor: [] as number[], viewer: [] as number[] };
    editor.provider.on('connection-close', (event) => event && codes.editor.push(event.code));
    viewer.provider.on('connection-close', (event) => event && codes.viewer.push(event.code));
    editor.doc.getText('body').insert(0, 'kept in the trash');
    await vi.waitFor(() => expect(text(viewer)).toBe('kept in the trash'));
    await vi.waitFor(() => expect(t.storage.logLength(record.id)).toBeGreaterThan(0));

    await closeTrashedDocumentOnSyncServer(record.id);

    await vi.waitFor(() => expect(codes.editor).toEqual([CloseCode.documentTrashed]));
    await vi.waitFor(() => expect(codes.viewer).toEqual([CloseCode.documentTrashed]));
    // 44xx is final for the stock provider: it does not come back on its own.
    expect(editor.provider.shouldConnect).toBe(false);
    // Tokens still in their lifetime are refused, by edit id and by view id.
    expect((await upgradeStatus(t.url, `/${record.id}?token=${await t.token(record.id)}`)).status).toBe(410);
    expect((await upgradeStatus(t.url, `/${record.viewId}?token=${await t.token(record.viewId, 'view')}`)).status).toBe(
      410,
    );

    await restoreDocumentOnSyncServer(record.id);

    const back = connectClient(t.url, record.id, await t.token(record.id));
    await vi.waitFor(() => expect(text(back)).toBe('kept in the trash'));
  });
});
