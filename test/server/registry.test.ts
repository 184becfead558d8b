import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { signSyncToken } from '../../lib/tokens';
import { MemoryDirectory, type RoomResolution } from '../../server/directory';
import { defaultLimits } from '../../server/limits';
import { silentLogger } from '../../server/log';
import { SyncMetrics } from '../../server/metrics';
import type { Room } from '../../server/room';
import { RoomRegistry } from '../../server/room-registry';
import { MemoryStorage } from '../../server/storage/memory';
import type { StoredRow } from '../../server/storage/storage';
import { SyncServer } from '../../server/sync-server';
import {
  cleanup,
  connectClient,
  metric,
  onCleanup,
  SECRET,
  startServer,
  tempDir,
  text,
  upgradeStatus,
} from './helpers';

afterEach(cleanup);

function registry(storage = new MemoryStorage(), unloadGraceMs = 0) {
  let loads = 0;
  const counting = Object.assign(Object.create(storage) as MemoryStorage, {
    load: (doc: string) => {
      loads++;
      return storage.load(doc);
    },
  });
  const rooms = new RoomRegistry({
    storage: counting,
    directory: new MemoryDirectory(),
    metrics: new SyncMetrics(),
    log: silentLogger(),
    compactThreshold: 500,
    limits: defaultLimits(),
    unloadGraceMs,
  });
  return { rooms, storage, loads: () => loads };
}

describe('room registry', () => {
  it('shares one load between concurrent acquires', async () => {
    const { rooms, loads } = registry();
    const [a, b, c] = await Promise.all([rooms.acquire('d'), rooms.acquire('d'), rooms.acquire('d')]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(loads()).toBe(1);
    expect(rooms.size).toBe(1);
  });

  it('gives a connect during unload the one true document, reloaded after the flush', async () => {
    const { rooms, storage, loads } = registry();
    const first = await rooms.acquire('d');
    const update = (() => {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, 'flushed before reload');
      return Y.encodeStateAsUpdate(doc);
    })();
    // Queue an update and release at once: the unload must flush it before anyone reloads.
    const setTitle = first.setTitle('T');
    await storage.append('d', [update]);
    rooms.release(first);
    const [again, twice] = await Promise.all([rooms.acquire('d'), rooms.acquire('d')]);
    await setTitle;
    expect(again).toBe(twice);
    expect(again).not.toBe(first);
    expect(loads()).toBe(2);
    expect(again.doc.getText('title').toString()).toBe('T');
    expect(again.doc.getText('t').toString()).toBe('flushed before reload');
    expect(rooms.size).toBe(1);
  });

  it('unloads when the last reference goes', async () => {
    const { rooms } = registry();
    const a = await rooms.acquire('d');
    const b: Room = await rooms.acquire('d');
    rooms.release(a);
    expect(rooms.size).toBe(1);
    rooms.release(b);
    await rooms.settle('d');
    expect(rooms.size).toBe(0);
  });
});

describe('the unload grace period (finding 7)', () => {
  it('keeps a document loaded while a client reconnects in a loop: one load, no compaction per attempt', async () => {
    const storage = new MemoryStorage();
    let compactions = 0;
    const counting = Object.assign(Object.create(storage) as MemoryStorage, {
      swapSnapshot: (doc: string, expected: number, snapshot: StoredRow) => {
        compactions++;
        return storage.swapSnapshot(doc, expected, snapshot);
      },
    });
    const { rooms, loads } = registry(counting, 60_000);
    for (let i = 0; i < 10; i++) {
      const room = await rooms.acquire('loop');
      await room.setTitle(`attempt ${i}`);
      rooms.release(room);
    }
    expect(loads()).toBe(1);
    expect(compactions).toBe(0);
    expect(rooms.size).toBe(1);
    // Shutdown does not wait out the grace period.
    await rooms.unloadAll();
    expect(rooms.size).toBe(0);
    expect(compactions).toBe(1);
  });

  it('encodes a document once per version for any number of joining clients', async () => {
    const t = await startServer();
    const writer = connectClient(t.url, 'joiners', await t.token('joiners'));
    writer.doc.getText('body').insert(0, 'shared');
    await vi.waitFor(() => expect(t.storage.logLength('joiners')).toBe(1));
    const before = await metric(t.url, 'tandem_sync_state_encodes_total');
    const joiners = await Promise.all(
      Array.from({ length: 10 }, async (_, i) =>
        connectClient(t.url, 'joiners', await t.token('joiners', 'edit', `j${i}`)),
      ),
    );
    await vi.waitFor(() => expect(joiners.every((joiner) => text(joiner) === 'shared')).toBe(true));
    expect((await metric(t.url, 'tandem_sync_state_encodes_total')) - before).toBe(1);
  });

  it('serves a document loaded from its snapshot alone without encoding it again', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    const writer = connectClient(first.url, 'cold', await first.token('cold'));
    writer.doc.getText('body').insert(0, 'stored before the restart');
    await vi.waitFor(() => expect(first.storage.logLength('cold')).toBe(1));
    writer.destroy();
    await first.stop(); // unloading compacts: the snapshot alone is the document
    const second = await startServer({ dataDir });
    expect(second.storage.logLength('cold')).toBe(0);
    const joiner = connectClient(second.url, 'cold', await second.token('cold', 'edit', 'joiner'));
    await vi.waitFor(() => expect(text(joiner)).toBe('stored before the restart'));
    expect(await metric(second.url, 'tandem_sync_state_encodes_total')).toBe(0);
    // Changed afterwards: the next joiner gets the new version (one encode), never the stale snapshot.
    joiner.doc.getText('body').insert(0, 'and after: ');
    await vi.waitFor(() => expect(second.storage.logLength('cold')).toBe(1));
    const late = connectClient(second.url, 'cold', await second.token('cold', 'edit', 'late'));
    await vi.waitFor(() => expect(text(late)).toBe('and after: stored before the restart'));
    expect(await metric(second.url, 'tandem_sync_state_encodes_total')).toBe(1);
  });

  it('unloads (and compacts) once the grace period has passed', async () => {
    const { rooms } = registry(new MemoryStorage(), 50);
    rooms.release(await rooms.acquire('later'));
    expect(rooms.size).toBe(1);
    await vi.waitFor(() => expect(rooms.size).toBe(0));
  });
});

describe('load and unload through the server', () => {
  it('serves clients that connect while the document unloads the one true document', async () => {
    /** Holds every compaction (the unload's last step) until the test lets it finish: the window is certain. */
    class GatedStorage extends MemoryStorage {
      compacting = false;
      private open: () => void = () => {};
      private readonly gate = new Promise<void>((resolve) => {
        this.open = resolve;
      });
      override async swapSnapshot(doc: string, expected: number, snapshot: StoredRow) {
        this.compacting = true;
        await this.gate;
        return super.swapSnapshot(doc, expected, snapshot);
      }
      finishCompactions(): void {
        this.open();
      }
    }
    const storage = new GatedStorage();
    const server = new SyncServer({
      port: 0,
      secret: SECRET,
      storage,
      directory: new MemoryDirectory(),
      log: silentLogger(),
      unloadGraceMs: 0,
    });
    await server.listen();
    onCleanup(() => server.close());
    const token = (name: string) => signSyncToken(SECRET, { doc: 'cycle', role: 'edit', name }, 600);
    const a = connectClient(server.url, 'cycle', await token('a'));
    a.doc.getText('body').insert(0, 'before unload');
    await vi.waitFor(async () => expect((await storage.load('cycle')).head).toBeGreaterThan(0));
    a.destroy();
    await vi.waitFor(() => expect(storage.compacting).toBe(true));
    // The unload is under way (flushed, compaction held): two clients connect now.
    const b = connectClient(server.url, 'cycle', await token('b'));
    const c = connectClient(server.url, 'cycle', await token('c'));
    await vi.waitFor(() => expect(b.provider.wsconnecting || b.provider.wsconnected).toBe(true));
    expect(b.provider.synced || c.provider.synced).toBe(false);
    storage.finishCompactions();
    await vi.waitFor(() => expect(text(b)).toBe('before unload'));
    await vi.waitFor(() => expect(text(c)).toBe('before unload'));
    b.doc.getText('body').insert(0, 'b:');
    await vi.waitFor(() => expect(text(c)).toBe('b:before unload'));
    expect(server.registry.size).toBe(1);
  });

  it('refuses a document whose stored state cannot be loaded, and stores nothing over it', async () => {
    const t = await startServer();
    const a = connectClient(t.url, 'broken', await t.token('broken'));
    a.doc.getText('body').insert(0, 'precious');
    await vi.waitFor(() => expect(t.storage.logLength('broken')).toBe(1));
    a.destroy();
    await vi.waitFor(() => expect(t.server.registry.size).toBe(0));
    await t.server.registry.settle('broken');
    t.db.prepare('INSERT INTO doc_updates (doc, seq, data) VALUES (?, 2, ?)').run('broken', Uint8Array.of(9, 9, 9));
    t.db.prepare('UPDATE doc_heads SET seq = 2 WHERE doc = ?').run('broken');
    const rowsBefore = t.db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ?').all('broken');
    const snapshotsBefore = t.db.prepare('SELECT * FROM doc_snapshots WHERE doc = ?').all('broken');
    const result = await upgradeStatus(t.url, `/broken?token=${await t.token('broken')}`);
    expect(result.status).toBe(500);
    expect(JSON.parse(result.body)).toMatchObject({ error: { code: 'load_failed' } });
    expect(t.server.registry.size).toBe(0);
    expect(t.db.prepare('SELECT seq, data FROM doc_updates WHERE doc = ?').all('broken')).toEqual(rowsBefore);
    expect(t.db.prepare('SELECT * FROM doc_snapshots WHERE doc = ?').all('broken')).toEqual(snapshotsBefore);
  });

  it('releases the room when the post-load tombstone check fails (no room leaks)', async () => {
    /** Answers the first lookup of each upgrade, then fails: the check after the load throws. */
    class FlakyDirectory extends MemoryDirectory {
      calls = 0;
      override async resolve(room: string): Promise<RoomResolution> {
        if (++this.calls % 2 === 0) throw new Error('catalogue unavailable');
        return super.resolve(room);
      }
    }
    const server = new SyncServer({
      port: 0,
      secret: SECRET,
      storage: new MemoryStorage(),
      directory: new FlakyDirectory(),
      log: silentLogger(),
      unloadGraceMs: 0,
    });
    await server.listen();
    onCleanup(() => server.close());
    const token = await signSyncToken(SECRET, { doc: 'leak', role: 'edit' }, 600);
    expect((await upgradeStatus(server.url, `/leak?token=${token}`)).status).toBe(500);
    await vi.waitFor(() => expect(server.registry.size).toBe(0));
  });

  it('compacts a long log in the background while clients keep editing', async () => {
    const t = await startServer({ compactThreshold: 20 });
    const a = connectClient(t.url, 'long', await t.token('long'));
    const b = connectClient(t.url, 'long', await t.token('long'));
    for (let i = 0; i < 60; i++) {
      a.doc.getText('body').insert(0, 'x');
      await vi.waitFor(() => expect(text(b)).toHaveLength(i + 1));
    }
    await vi.waitFor(() => expect(t.db.prepare('SELECT COUNT(*) AS n FROM doc_snapshots').get()).toEqual({ n: 1 }));
    expect(t.storage.logLength('long')).toBeLessThan(60);
    const late = connectClient(t.url, 'long', await t.token('long'));
    await vi.waitFor(() => expect(text(late)).toBe('x'.repeat(60)));
  });
});
