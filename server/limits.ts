/**
 * Every bound the sync server puts on one connection and one room, in one
 * place. Defaults are what `server/config.ts` applies when the matching
 * environment variable is unset; SECURITY.md lists them with their variables.
 */
export interface SyncLimits {
  /** Sustained messages per second per connection, and the burst allowed on top. Typing sends ~10/s. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Sustained bytes per second per connection, and the burst (must exceed one max-size message). */
  bytesPerSecond: number;
  byteBurst: number;
  /**
   * Bytes queued for a client *behind* the message being written to it. One
   * large message (a big document's first sync) is not a slow client; a
   * backlog that keeps growing behind it is.
   */
  maxBacklogBytes: number;
  /** Ping interval; a connection that has not answered the previous ping is dropped. */
  heartbeatMs: number;
  /** Largest encoded document state served or grown to; beyond it clients are told 4413 (final). */
  maxDocumentBytes: number;
  /** Largest JSON text of one awareness state. */
  maxAwarenessStateBytes: number;
  /** Entries one awareness frame may claim; larger frames are dropped unread. */
  maxAwarenessEntries: number;
  /** Awareness client ids one connection may speak for (a stock provider uses one). */
  maxAwarenessClients: number;
  /** All awareness states of one room together: bounds what each new connection is sent. */
  maxAwarenessRoomBytes: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export function defaultLimits(maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES): SyncLimits {
  return {
    messagesPerSecond: 500,
    messageBurst: 2000,
    bytesPerSecond: maxMessageBytes,
    byteBurst: 4 * maxMessageBytes,
    maxBacklogBytes: 4 * maxMessageBytes,
    heartbeatMs: 30_000,
    maxDocumentBytes: 32 * 1024 * 1024,
    maxAwarenessStateBytes: 16 * 1024,
    maxAwarenessEntries: 1024,
    maxAwarenessClients: 4,
    maxAwarenessRoomBytes: 4 * 1024 * 1024,
  };
}
