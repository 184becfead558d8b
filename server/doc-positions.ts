/**
 * Which rows of a document's log a room's Y.Doc holds. `head` is the highest
 * sequence up to which every row is applied; rows applied beyond a hole (our
 * own commit landing after another process's, which has not reached us yet)
 * are remembered until the hole is filled from the bus or from storage.
 */
import type { SeqRange } from './storage/storage';

export class DocPositions {
  /** Every row up to here is in the Y.Doc. */
  head: number;
  /** The stored snapshot covers rows up to here (as far as this process knows). */
  snapshotSeq: number;
  /** Bytes of log rows after the snapshot (drives compaction by size). */
  bytesSinceSnapshot: number;
  /** Applied ranges beyond a hole: first → last. */
  private readonly ahead = new Map<number, number>();

  constructor(head: number, snapshotSeq: number, bytesSinceSnapshot: number) {
    this.head = head;
    this.snapshotSeq = snapshotSeq;
    this.bytesSinceSnapshot = bytesSinceSnapshot;
  }

  get rowsSinceSnapshot(): number {
    return Math.max(0, this.highest - this.snapshotSeq);
  }

  /** The highest sequence applied, hole or not. */
  get highest(): number {
    let highest = this.head;
    for (const last of this.ahead.values()) highest = Math.max(highest, last);
    return highest;
  }

  /** True when there is a hole below an applied range (a row we have not seen). */
  get hasHole(): boolean {
    return this.ahead.size > 0;
  }

  /** Whether every row of `range` is already applied. */
  covers(range: SeqRange): boolean {
    if (range.last <= this.head) return true;
    for (const [first, last] of this.ahead) if (range.first >= first && range.last <= last) return true;
    return false;
  }

  /** Records that the rows of `range` are now in the Y.Doc, and advances `head` over what is contiguous. */
  applied(range: SeqRange, bytes: number): void {
    if (range.last > this.head && !this.covers(range)) this.bytesSinceSnapshot += bytes;
    if (range.first <= this.head + 1) this.head = Math.max(this.head, range.last);
    else this.ahead.set(range.first, Math.max(range.last, this.ahead.get(range.first) ?? 0));
    for (let moved = true; moved; ) {
      moved = false;
      for (const [first, last] of this.ahead) {
        if (first <= this.head + 1) {
          this.ahead.delete(first);
          this.head = Math.max(this.head, last);
          moved = true;
        }
      }
    }
  }

  /** A snapshot up to `seq` was stored (by us or by another process). */
  snapshotStored(seq: number): void {
    if (seq <= this.snapshotSeq) return;
    this.snapshotSeq = seq;
    this.bytesSinceSnapshot = seq >= this.highest ? 0 : this.bytesSinceSnapshot;
  }
}
