/**
 * Faults inside one room (finding 11 and the persistence spec): a compaction
 * that keeps failing is retried with backoff, not after every batch; a batch
 * that is durable is reported durable even when a handler after the commit throws.
 */
import { describe, expect, it } from 'vitest';
import { MemoryDirectory } from '../../server/directory';
import { defaultLimits } from '../../server/limits';
import { silentLogger } from '../../server/log';
import { SyncMetrics } from '../../server/metrics';
import { CommitQueue } from '../../server/persistence';
import { Room } from '../../server/room';
import { MemoryStorage } from '../../server/storage/memory';
import type { StoredRow, SwapResult } from '../../server/storage/storage';

class BrokenSnapshots extends MemoryStorage {
  swaps = 0;
  override async swapSnapshot(_doc: string, _expectedSeq: number, _snapshot: StoredRow): Promise<SwapResult> {
    this.swaps++;
    throw new Error('snapshot table on fire');
  }
}

describe('compaction failures', () => {
  it('back off instead of retrying after every batch, and retry once the backoff has passed', async () => {
    const storage = new BrokenSnapshots();
    let now = 1_000_000;
    const room = await Room.load('compact-backoff', {
      storage,
      directory: new MemoryDirectory(),
      metrics: new SyncMetrics(),
      log: silentLogger(),
      compactThreshold: 1,
      limits: defaultLimits(),
      now: () => now,
    });
    try {
      for (let i = 0; i < 10; i++) {
        await room.setTitle(`Title ${i}`);
        await room.flush();
      }
      // Ten batches over the threshold: one attempt, then the backoff holds.
      expect(storage.swaps).toBe(1);
      now += 60_000;
      await room.setTitle('after the backoff');
      await room.flush();
      expect(storage.swaps).toBe(2);
      // The next backoff is longer than the first.
      now += 1_500;
      await room.setTitle('soon after');
      await room.flush();
      expect(storage.swaps).toBe(2);
    } finally {
      room.destroy();
    }
  });
});

describe('a handler that throws after a durable commit', () => {
  it('still reports the batch as committed (it is stored and was broadcast)', async () => {
    const storage = new MemoryStorage();
    const queue = new CommitQueue('after-commit', storage, new SyncMetrics(), silentLogger(), {
      admit: (batch) => batch,
      committed: () => {
        throw new Error('bug after the broadcast');
      },
      failed: () => {},
    });
    await expect(queue.enqueue(new Uint8Array([0, 0]), { source: 'admin' })).resolves.toBeUndefined();
    expect((await storage.load('after-commit')).head).toBe(1);
  });
});
