/**
 * Durable before fan-out, checked where it happens: at the moment the server
 * hands an update to any other connection, the commit holding it is already
 * visible to a *separate* SQLite connection on the same file, i.e. the
 * transaction committed (with synchronous=FULL, lib/db/sqlite.test.ts: the WAL
 * was fsynced at that commit). A SIGKILL test alone would pass with
 * synchronous=OFF, since the page cache survives the process.
 */
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databaseFile } from '../../lib/data-dir';
import { Connection } from '../../server/connection';
import { cleanup, connectClient, onCleanup, startServer, text } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
  return cleanup();
});

describe('commit order', () => {
  it('never sends an update to another connection before a separate reader sees its commit', async () => {
    const t = await startServer();
    const reader = new Database(databaseFile(t.dataDir), { readonly: true });
    onCleanup(() => reader.close());
    expect(t.db.pragma('synchronous', { simple: true })).toBe(2);
    const head = reader.prepare('SELECT seq FROM doc_heads WHERE doc = ?');
    const storedHead = () => (head.get('order') as { seq: number } | undefined)?.seq ?? 0;
    const writer = connectClient(t.url, 'order', await t.token('order'));
    const watcher = connectClient(t.url, 'order', await t.token('order'));
    await vi.waitFor(() => expect(writer.provider.synced && watcher.provider.synced).toBe(true));

    /** For each update message handed to a connection: the stored head a separate connection saw at that moment. */
    const seenAtSend: number[] = [];
    const send = Connection.prototype.send;
    vi.spyOn(Connection.prototype, 'send').mockImplementation(function (this: Connection, data: Uint8Array) {
      const decoder = decoding.createDecoder(data);
      // messageSync (0) + messageYjsUpdate (2): the fan-out of a committed update.
      if (decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 2) seenAtSend.push(storedHead());
      return send.call(this, data);
    });
    for (let i = 1; i <= 20; i++) {
      writer.doc.getText('body').insert(0, `${i};`);
      await vi.waitFor(() => expect(text(watcher).startsWith(`${i};`)).toBe(true));
      // The i-th edit's fan-out happened after at least i commits (the title seed may add one).
      expect(seenAtSend.length).toBeGreaterThanOrEqual(i);
      expect(seenAtSend[i - 1]).toBeGreaterThanOrEqual(i);
    }
    expect(seenAtSend.every((seq, i) => i === 0 || seq >= seenAtSend[i - 1]!)).toBe(true);
  });
});
