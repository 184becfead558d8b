/**
 * The fan-out between sync server processes. PostgreSQL holds the truth; the
 * bus only tells other processes, fast, what was just committed, so it may
 * lose messages: each carries the document's sequence range, a receiver that
 * sees a gap (or reconnects, or finds the stored head ahead of its own) reads
 * the missing rows from storage. See server/SCALING.md.
 */
import type { SlotCounter } from '../cluster/shared-counter';
import type { SeqRange } from '../storage/storage';

export type BusMessage =
  /** Rows `range` of the document were committed by process `from`; `update` null: too large, read it from storage. */
  | { type: 'update'; from: string; range: SeqRange; update: Uint8Array | null; sentAt: number }
  /** An awareness message (as sent to clients) from one connection of process `from`, whose credential is `principal`. */
  | { type: 'awareness'; from: string; principal: string; update: Uint8Array }
  /** Process `from` just loaded the document (or reconnected): everyone please send their clients' states. */
  | { type: 'awareness-query'; from: string }
  /** The document was deleted: close its connections everywhere. */
  | { type: 'deleted'; from: string }
  /** Who may open the document changed: re-check every open connection on it. */
  | { type: 'access'; from: string };

export type BusHandler = (message: BusMessage) => void;

export interface Bus {
  /** This process's id on the bus (awareness ownership, heartbeats). */
  readonly processId: string;
  /** Starts delivering the document's messages to `handler`; resolves once subscribed (or at once when the bus is down). */
  subscribe(doc: string, handler: BusHandler): Promise<void>;
  unsubscribe(doc: string): void;
  /** Fire and forget: a message the bus cannot send is lost, and receivers recover (see above). */
  publish(doc: string, message: BusMessage): void;
  /** Runs after the bus reconnected: messages may have been missed meanwhile. */
  onReconnect(handler: () => void): void;
  /** Which of these processes still beat (heartbeat key present); null when the bus cannot tell now. */
  liveProcesses(ids: readonly string[]): Promise<Set<string> | null>;
  /** Connection counts shared by every process (per address, per token), limited to `max` per key. */
  connectionCounter(kind: string, max: number): SlotCounter;
  /** Whether the bus is connected now (for /readyz). */
  readonly connected: boolean;
  close(): Promise<void>;
}
