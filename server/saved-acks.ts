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
import * as decoding from 'lib0/decoding';
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
    for (const clientId of structClientIds(update)) ids.add(clientId);
  }

  /** Whether any of `clientIds` is one of the connection's own (written with, or `owned` in awareness). */
  concerns(connection: Connection, owned: Iterable<number>, clientIds: ReadonlySet<number>): boolean {
    for (const id of this.written.get(connection) ?? []) if (clientIds.has(id)) return true;
    for (const id of owned) if (clientIds.has(id)) return true;
    return false;
  }

  /** The saved message for a connection's ids (`owned`: its awareness ids), or null when it has none. */
  messageFor(connection: Connection, owned: Iterable<number>): Uint8Array | null {
    const clocks = new Map<number, number>();
    for (const clientId of this.written.get(connection) ?? [])
      clocks.set(clientId, Y.getState(this.doc.store, clientId));
    for (const clientId of owned) clocks.set(clientId, Y.getState(this.doc.store, clientId));
    if (clocks.size === 0) return null;
    return encodeSaved(Y.encodeStateVector(clocks));
  }
}

/**
 * The client ids whose structs a (v1) update carries: `Y.parseUpdateMeta(update).to.keys()`.
 * Run once per committed update, and that parse decodes every struct; an
 * editor's update holds one client's structs, whose id is in its first bytes
 * (`varUint clients · varUint structs · varUint client · …`), so only updates
 * with several clients are parsed in full.
 */
export function structClientIds(update: Uint8Array): Iterable<number> {
  const decoder = decoding.createDecoder(update);
  const clients = decoding.readVarUint(decoder);
  if (clients === 0) return [];
  if (clients === 1 && decoding.readVarUint(decoder) > 0) return [decoding.readVarUint(decoder)];
  return Y.parseUpdateMeta(update).to.keys();
}
