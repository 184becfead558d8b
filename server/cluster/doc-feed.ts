/**
 * Orders what other processes committed for one document before the room
 * applies it. Bus messages carry sequence ranges: the next one in line is
 * applied at once; one after a hole waits a moment for the hole to fill (two
 * processes publish independently, so a small reordering is normal) and then
 * the room catches up from storage. A message carried by reference (too large
 * for the bus) is always read from storage.
 */
import type { DocPositions } from '../doc-positions';
import type { SyncMetrics } from '../metrics';
import type { SeqRange } from '../storage/storage';

/** How long a hole may stay open before reading the missing rows from storage. */
export const GAP_GRACE_MS = 150;

/** Messages held behind a hole at most; beyond, they are left to the catch-up (bounded memory). */
const MAX_HELD = 1024;

export type CatchUpReason = 'gap' | 'reference' | 'reconnect' | 'reconcile';

export interface FeedTarget {
  readonly positions: DocPositions;
  /** Applies committed rows from another process (origin `bus`). */
  applyRemote(update: Uint8Array, range: SeqRange): void;
  /** Reads and applies every stored row after the room's head. */
  catchUp(reason: CatchUpReason): Promise<void>;
}

interface Held {
  range: SeqRange;
  update: Uint8Array;
}

export class DocFeed {
  private readonly held = new Map<number, Held>();
  private gapTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly target: FeedTarget,
    private readonly metrics: SyncMetrics,
  ) {}

  receive(range: SeqRange, update: Uint8Array | null): void {
    const { positions } = this.target;
    if (positions.covers(range)) return;
    if (update === null) {
      void this.target.catchUp('reference');
      return;
    }
    if (range.first <= positions.head + 1) {
      this.target.applyRemote(update, range);
      this.drain();
      return;
    }
    this.metrics.busGaps.inc();
    // Storage has every held row too: past a bound (a catch-up that keeps failing), hold nothing more.
    if (this.held.size < MAX_HELD) this.held.set(range.first, { range, update });
    this.gapTimer ??= setTimeout(() => {
      this.gapTimer = null;
      void this.target.catchUp('gap');
    }, GAP_GRACE_MS);
  }

  /** After a catch-up (or an own commit): apply what is now in line, forget what is covered. */
  drain(): void {
    const { positions } = this.target;
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (const [first, held] of this.held) {
        if (positions.covers(held.range)) {
          this.held.delete(first);
        } else if (first <= positions.head + 1) {
          this.held.delete(first);
          this.target.applyRemote(held.update, held.range);
          progressed = true;
        }
      }
    }
    if (this.held.size === 0 && this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }
  }

  stop(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    this.held.clear();
  }
}
