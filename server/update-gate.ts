/**
 * Decides which queued updates may be stored. `Y.decodeUpdate` accepts some
 * updates that `Y.applyUpdate` then throws on (e.g. a zero-length delete
 * range for an unknown client); stored, one would fail every later load of the
 * document, so one editor could make it unloadable for everyone. Each update
 * must first apply to a replica of the committed document.
 */
import * as Y from 'yjs';
import type { PendingUpdate } from './persistence';

export class UpdateGate {
  /** Equal to the committed doc between batches, so admitting costs one apply per update, not a copy. */
  private replica: Y.Doc | null = null;

  constructor(private readonly committed: Y.Doc) {}

  /** Returns the updates of `batch` that apply, in order; calls `refused` for each of the others. */
  admit(batch: readonly PendingUpdate[], refused: (pending: PendingUpdate, error: unknown) => void): PendingUpdate[] {
    const admitted: PendingUpdate[] = [];
    for (const pending of batch) {
      this.replica ??= copyOf(this.committed, admitted);
      try {
        Y.applyUpdate(this.replica, pending.update);
        admitted.push(pending);
      } catch (error) {
        // A throwing apply can leave part of the update behind: rebuild on next use.
        this.reset();
        refused(pending, error);
      }
    }
    return admitted;
  }

  /** Another process committed `update` (applied to the committed doc): keep the replica equal to it. */
  mirror(update: Uint8Array): void {
    if (this.replica) Y.applyUpdate(this.replica, update);
  }

  /** The admitted batch was not committed after all: forget it. */
  reset(): void {
    this.replica?.destroy();
    this.replica = null;
  }
}

function copyOf(doc: Y.Doc, updates: readonly PendingUpdate[]): Y.Doc {
  const copy = new Y.Doc({ gc: doc.gc });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  for (const { update } of updates) Y.applyUpdate(copy, update);
  return copy;
}
