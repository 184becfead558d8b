/**
 * DocFeed orders what other processes committed: in-line ranges apply at once,
 * a hole waits briefly for the missing range and then asks for a catch-up,
 * by-reference messages always catch up, covered ranges are ignored.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DocFeed, GAP_GRACE_MS } from '../../server/cluster/doc-feed';
import { DocPositions } from '../../server/doc-positions';
import { SyncMetrics } from '../../server/metrics';
import type { SeqRange } from '../../server/storage/storage';

afterEach(() => {
  vi.useRealTimers();
});

function feed(head = 0) {
  const positions = new DocPositions(head, 0, 0);
  const applied: SeqRange[] = [];
  const catchUps: string[] = [];
  const target = {
    positions,
    applyRemote: (_update: Uint8Array, range: SeqRange) => {
      applied.push(range);
      positions.applied(range, 1);
    },
    catchUp: async (reason: string) => {
      catchUps.push(reason);
    },
  };
  return { feed: new DocFeed(target, new SyncMetrics()), positions, applied, catchUps };
}

const bytes = Uint8Array.of(1);

describe('DocFeed', () => {
  it('applies the next range at once and ignores what is covered', () => {
    const { feed: f, applied, positions } = feed(3);
    f.receive({ first: 2, last: 3 }, bytes);
    f.receive({ first: 4, last: 5 }, bytes);
    expect(applied).toEqual([{ first: 4, last: 5 }]);
    expect(positions.head).toBe(5);
  });

  it('holds a range after a hole and applies it in order once the hole fills', () => {
    vi.useFakeTimers();
    const { feed: f, applied, catchUps } = feed(0);
    f.receive({ first: 3, last: 3 }, bytes);
    f.receive({ first: 2, last: 2 }, bytes);
    expect(applied).toEqual([]);
    f.receive({ first: 1, last: 1 }, bytes);
    expect(applied.map((range) => range.first)).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(GAP_GRACE_MS * 2);
    expect(catchUps).toEqual([]);
  });

  it('catches up when a hole stays open, and for every message by reference', () => {
    vi.useFakeTimers();
    const { feed: f, catchUps } = feed(0);
    f.receive({ first: 5, last: 5 }, bytes);
    vi.advanceTimersByTime(GAP_GRACE_MS - 1);
    expect(catchUps).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(catchUps).toEqual(['gap']);
    f.receive({ first: 6, last: 6 }, null);
    expect(catchUps).toEqual(['gap', 'reference']);
  });
});
