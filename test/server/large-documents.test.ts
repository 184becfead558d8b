/**
 * Finding 4 of the hostile-clients issue: one large message is not a slow
 * client. A document larger than the send backlog bound opens; one beyond the
 * document bound is refused with a final 4413 (not looped on); and a client
 * that stops reading is still closed with 4503.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../server/close-codes';
import { cleanup, connectClient, metric, rawClient, startServer, type TestServer, text } from './helpers';

afterEach(cleanup);

const KIB = 1024;
/** The byte rate limit follows the message size; these tests write faster than 64 KiB/s. */
const fast = { bytesPerSecond: 16 * 1024 * KIB, byteBurst: 16 * 1024 * KIB };

/** Writes `chunks` chunks of `size` characters through a stock client, each durable before the next. */
async function writeDocument(t: TestServer, room: string, chunks: number, size: number): Promise<void> {
  const writer = connectClient(t.url, room, await t.token(room));
  await vi.waitFor(() => expect(writer.provider.synced).toBe(true));
  for (let i = 0; i < chunks; i++) {
    writer.doc.getText('body').insert(0, String.fromCharCode(97 + (i % 26)).repeat(size));
    await vi.waitFor(() => expect(t.storage.logLength(room)).toBe(i + 1));
  }
  writer.destroy();
}

describe('large documents', () => {
  it('serves a document larger than the send backlog bound in one message', async () => {
    // 64 KiB messages: the backlog bound is 256 KiB; the document is ~400 KB.
    const t = await startServer({ maxMessageBytes: 64 * KIB, limits: { ...fast, maxDocumentBytes: 1024 * KIB } });
    await writeDocument(t, 'big', 7, 60 * KIB);
    const reader = connectClient(t.url, 'big', await t.token('big'));
    await vi.waitFor(() => expect(text(reader)).toHaveLength(7 * 60 * KIB));
    expect(await metric(t.url, 'tandem_sync_connections_closed_total', `{code="${CloseCode.slowConsumer}"}`)).toBe(0);
  });

  it('tells a client with a final 4413 when the document is beyond the document bound', async () => {
    const t = await startServer({ maxMessageBytes: 64 * KIB, limits: { ...fast, maxDocumentBytes: 1024 * KIB } });
    await writeDocument(t, 'huge', 7, 60 * KIB);
    await t.stop();
    const again = await startServer({ dataDir: t.dataDir, limits: { maxDocumentBytes: 300 * KIB } });
    const reader = connectClient(again.url, 'huge', await again.token('huge'));
    const closed = new Promise<number>((resolve) => reader.provider.on('closed', (event) => resolve(event.code)));
    expect(await closed).toBe(CloseCode.documentTooLarge);
    expect(reader.provider.shouldConnect).toBe(false);
  });

  it('refuses (4413) an update that would grow the document beyond the bound, and stores nothing of it', async () => {
    const t = await startServer({ limits: { maxDocumentBytes: 200 * KIB } });
    const watcher = connectClient(t.url, 'grow', await t.token('grow'));
    const writer = connectClient(t.url, 'grow', await t.token('grow'));
    await vi.waitFor(() => expect(writer.provider.synced && watcher.provider.synced).toBe(true));
    writer.doc.getText('body').insert(0, 'x'.repeat(150 * KIB));
    await vi.waitFor(() => expect(text(watcher)).toHaveLength(150 * KIB));
    const closed = new Promise<number>((resolve) => writer.provider.on('closed', (event) => resolve(event.code)));
    writer.doc.getText('body').insert(0, 'y'.repeat(100 * KIB));
    expect(await closed).toBe(CloseCode.documentTooLarge);
    expect(t.storage.logLength('grow')).toBe(1);
    watcher.doc.getText('body').insert(0, 'ok');
    await vi.waitFor(() => expect(t.storage.logLength('grow')).toBe(2));
  });
});

describe('slow consumers', () => {
  it('closes the client that stops reading (4503), not the one that reads the same large messages', async () => {
    const t = await startServer({ limits: { maxBacklogBytes: 1024 * KIB } });
    const writer = connectClient(t.url, 'slow', await t.token('slow'));
    await vi.waitFor(() => expect(writer.provider.synced).toBe(true));
    const reading = await rawClient(t.url, 'slow', await t.token('slow'));
    const stalled = await rawClient(t.url, 'slow', await t.token('slow'));
    // Stop reading: the kernel buffers fill, then messages pile up behind the one in flight.
    stalled.ws.pause();
    for (let i = 0; i < 200 && stalled.closeCode === null; i++) {
      writer.doc.getText('body').insert(0, 'z'.repeat(200 * KIB));
      // Rows given, not rows kept: the log is compacted by bytes along the way.
      await vi.waitFor(async () => expect((await t.storage.heads(['slow'])).get('slow')?.seq).toBe(i + 1));
      if ((await metric(t.url, 'tandem_sync_connections_closed_total', `{code="${CloseCode.slowConsumer}"}`)) > 0)
        break;
    }
    expect(await metric(t.url, 'tandem_sync_connections_closed_total', `{code="${CloseCode.slowConsumer}"}`)).toBe(1);
    expect(reading.closeCode).toBeNull();
    expect(writer.provider.wsconnected).toBe(true);
  });
});
