import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type ConnectionState, connectionState, coversLocalChanges, type StateVector } from './saved-state';

/** Tandem's "saved" acknowledgement (see server/protocol.ts and PROTOCOL.md). */
export const MESSAGE_SAVED = 100;

export interface ConnectionSnapshot {
  state: ConnectionState;
  /** Local changes the server has not yet confirmed as persisted. */
  unsaved: boolean;
  /** When the connection was lost (ms since epoch), while offline. */
  offlineSince: number | null;
  /** The document has been loaded from the server at least once (its content and title are real). */
  everSynced: boolean;
}

/**
 * Watches one provider and its Y.Doc and derives the connection indicator.
 * Plain class (no React) so the rules stay readable and testable against a
 * real server; `useConnectionStatus` only subscribes to it.
 */
export class ConnectionTracker {
  private persisted: StateVector | null = null;
  private everSynced = false;
  private offlineSince: number | null = null;
  /** Client ids this Y.Doc wrote with (Yjs may reassign `clientID` on a collision). */
  private readonly localClients = new Set<number>();
  private snapshot: ConnectionSnapshot = { state: 'connecting', unsaved: false, offlineSince: null, everSynced: false };
  private readonly listeners = new Set<() => void>();
  private readonly detach: Array<() => void> = [];

  /**
   * @param readOnly a view connection: the server drops its updates, so any
   *   local change (e.g. a schema fix-up a plugin appended on load) can never be
   *   acknowledged and must not hold the indicator at "saving" forever.
   */
  constructor(
    private readonly doc: Y.Doc,
    private readonly provider: WebsocketProvider,
    private readonly readOnly = false,
  ) {
    this.localClients.add(doc.clientID);

    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      // Updates the provider applied came from the server; everything else was typed here.
      if (origin !== provider) this.localClients.add(doc.clientID);
      this.recompute();
    };
    doc.on('update', onUpdate);
    this.detach.push(() => doc.off('update', onUpdate));

    const onSync = (synced: boolean) => {
      if (synced) this.everSynced = true;
      this.recompute();
    };
    const onStatus = () => this.recompute();
    provider.on('sync', onSync);
    provider.on('status', onStatus);
    this.detach.push(() => {
      provider.off('sync', onSync);
      provider.off('status', onStatus);
    });

    provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      this.acknowledge(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
    };
    this.detach.push(() => {
      delete provider.messageHandlers[MESSAGE_SAVED];
    });
    this.recompute();
  }

  /** Persisted state only grows; keep the furthest clock seen per client. */
  private acknowledge(vector: StateVector): void {
    const merged = new Map(this.persisted ?? []);
    for (const [client, clock] of vector) merged.set(client, Math.max(clock, merged.get(client) ?? 0));
    this.persisted = merged;
    this.recompute();
  }

  private recompute(): void {
    const synced = this.provider.wsconnected && this.provider.synced;
    if (synced) this.offlineSince = null;
    else if (this.everSynced && this.offlineSince === null) this.offlineSince = Date.now();
    const local = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    const unsaved = !this.readOnly && !coversLocalChanges(local, this.persisted, this.localClients);
    const state = connectionState({
      denied: null,
      synced,
      everSynced: this.everSynced,
      unsaved,
    });
    const previous = this.snapshot;
    if (
      previous.state === state &&
      previous.unsaved === unsaved &&
      previous.offlineSince === this.offlineSince &&
      previous.everSynced === this.everSynced
    ) {
      return;
    }
    this.snapshot = { state, unsaved, offlineSince: this.offlineSince, everSynced: this.everSynced };
    for (const listener of this.listeners) listener();
  }

  getSnapshot = (): ConnectionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    for (const undo of this.detach) undo();
    this.listeners.clear();
  }
}
