/**
 * Tandem's `saved` acknowledgement (type 100), per connection. It used to
 * carry the document's whole state vector after every batch to every `ack=1`
 * connection, viewers included: a message that grows with every editing
 * session the document ever had, sent to people who cannot write. Now each
 * editing connection is told only the persisted clocks of its own client ids:
 * the ids it wrote with over this connection and the awareness ids it owns
 * (a stock provider announces its doc's clientID there right after connecting,
 * so a client that reconnects learns at once that its earlier edits are saved).
 */
import * as Y from 'yjs';
import type { Connection } from './connection';
import { encodeSaved } from './protocol';

export class SavedAcks {
  private readonly written = new WeakMap<Connection, Set<number>>();

  constructor(private readonly doc: Y.Doc) {}

  /** Whether a connection gets acknowledgements at all. */
  static wants(connection: Connection): boolean {
    return connection.identity.ack && connection.canWrite;
  }

  /** Records the client ids an update of this connection wrote with (before it is committed). */
  wrote(connection: Connection, update: Uint8Array): void {
    let ids = this.written.get(connection);
    if (!ids) {
      ids = new Set();
      this.written.set(connection, ids);
    }
    for (const clientId of Y.parseUpdateMeta(update).to.keys()) ids.add(clientId);
  }

  /** Whether any of `clientIds` is one of the connection's own (written with, or `owned` in awareness). */
  concerns(connection: Connection, owned: Iterable<number>, clientIds: ReadonlySet<number>): boolean {
    for (const id of this.written.get(connection) ?? []) if (clientIds.has(id)) return true;
    for (const id of owned) if (clientIds.has(id)) return true;
    return false;
  }

  /** The saved message for a connection's ids (`owned`: its awareness ids), or null when it has none. */
  messageFor(connection: Connection, owned: Iterable<number>): Uint8Array | null {
    const ids = new Set([...(this.written.get(connection) ?? []), ...owned]);
    if (ids.size === 0) return null;
    const clocks = new Map<number, number>();
    for (const clientId of ids) clocks.set(clientId, Y.getState(this.doc.store, clientId));
    return encodeSaved(Y.encodeStateVector(clocks));
  }
}
