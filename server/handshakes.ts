/**
 * Where each connection is in its sync handshake, for one reason: an honest
 * client can send an update that depends on content the server lacks.
 *
 * A stock provider that reconnects sends its step 1 on open and answers the
 * server's step 1 with a step 2 holding everything the server lacks, such as
 * what it typed while offline. But its document's updates go out as soon as
 * the socket is open: one typed in that window arrives *before* the step 2 and
 * depends on the offline edits, so it would stay pending. Refused with the
 * final 4422 (finding 5), it stopped the editor and a reload lost the offline
 * edits; the fault checker (test/server/fault-checker.test.ts) hit it. Such an
 * update is dropped without a word instead: the step 2 behind it carries it.
 * Only then, only before that client's step 2 and only after its step 1 (a
 * hostile client that skips the handshake is refused as before), and at most
 * MAX_FORGIVEN times per connection (each costs a rebuilt replica).
 */
import type { Connection } from './connection';
import type { PendingUpdate } from './persistence';

const MAX_FORGIVEN = 64;

export class Handshakes {
  private readonly step1 = new WeakSet<Connection>();
  private readonly step2 = new WeakSet<Connection>();
  /** Updates received after the sender's step 1 and before its step 2. */
  private readonly early = new WeakSet<Uint8Array>();
  private readonly forgiven = new WeakMap<Connection, number>();

  started(connection: Connection): void {
    this.step1.add(connection);
  }

  answered(connection: Connection): void {
    this.step2.add(connection);
  }

  noteUpdate(connection: Connection, update: Uint8Array): void {
    if (this.step1.has(connection) && !this.step2.has(connection)) this.early.add(update);
  }

  /** True when `pending` (refused for missing dependencies) is the race above, within the bound. */
  forgives(pending: PendingUpdate): boolean {
    if (pending.origin.source !== 'client' || !this.early.has(pending.update)) return false;
    const connection = pending.origin.connection;
    const count = (this.forgiven.get(connection) ?? 0) + 1;
    this.forgiven.set(connection, count);
    return count <= MAX_FORGIVEN;
  }
}
