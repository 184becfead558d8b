/**
 * Decides which queued updates may be stored. Each must first apply cleanly
 * to a replica of the committed document:
 * - `Y.decodeUpdate` accepts some updates that `Y.applyUpdate` then throws on
 *   (e.g. a zero-length delete range for an unknown client); stored, one would
 *   fail every later load of the document.
 * - An update whose structs or deletions reference content the document does
 *   not have applies without throwing but stays pending forever
 *   (`store.pendingStructs` / `store.pendingDs`): it would live in the live
 *   doc, every snapshot and every sync step 2, and Yjs retries it on every
 *   later update (one 4 MB such update made each keystroke cost ~240 ms).
 *   A client that synced through this server never sends one.
 */
import * as Y from 'yjs';
import type { PendingUpdate } from './persistence';

export type RefusalReason = 'does_not_apply' | 'missing_dependencies';

export class UpdateRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'does_not_apply' ? 'update does not apply' : 'update depends on content the document lacks',
      options,
    );
    this.name = 'UpdateRefusal';
  }
}

export class UpdateGate {
  /** Equal to the committed doc between batches, so admitting costs one apply per update, not a copy. */
  private replica: Y.Doc | null = null;

  constructor(private readonly committed: Y.Doc) {}

  /**
   * Returns the updates of `batch` that apply and change something, in order;
   * calls `refused` for each that does not apply, and `unchanged` for each that
   * applies but changes nothing (a resend: the document already holds it, so
   * storing it again would only grow the log, finding 6 of the hostile-clients issue).
   */
  admit(
    batch: readonly PendingUpdate[],
    refused: (pending: PendingUpdate, refusal: UpdateRefusal) => void,
    unchanged: (pending: PendingUpdate) => void = () => {},
  ): PendingUpdate[] {
    const admitted: PendingUpdate[] = [];
    for (const pending of batch) {
      this.replica ??= copyOf(this.committed, admitted);
      const refusal = applyTo(this.replica, pending.update);
      if (refusal === 'unchanged') {
        unchanged(pending);
        continue;
      }
      if (refusal === null) {
        admitted.push(pending);
        continue;
      }
      // The replica may hold part of the update (or its pending remains): rebuild on next use.
      this.reset();
      refused(pending, refusal);
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

function applyTo(replica: Y.Doc, update: Uint8Array): UpdateRefusal | 'unchanged' | null {
  // Whether the transaction inserted or deleted anything: read from the transaction itself, no encoding.
  let changed = false;
  const onTransaction = (transaction: Y.Transaction) => {
    if (transaction.deleteSet.clients.size > 0) changed = true;
    for (const [client, clock] of transaction.afterState) {
      if ((transaction.beforeState.get(client) ?? 0) !== clock) changed = true;
    }
  };
  replica.on('afterTransaction', onTransaction);
  try {
    Y.applyUpdate(replica, update);
  } catch (error) {
    return new UpdateRefusal('does_not_apply', { cause: error });
  } finally {
    replica.off('afterTransaction', onTransaction);
  }
  if (replica.store.pendingStructs !== null || replica.store.pendingDs !== null) {
    return new UpdateRefusal('missing_dependencies');
  }
  return changed ? null : 'unchanged';
}

function copyOf(doc: Y.Doc, updates: readonly PendingUpdate[]): Y.Doc {
  const copy = new Y.Doc({ gc: doc.gc });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  for (const { update } of updates) Y.applyUpdate(copy, update);
  return copy;
}
