/**
 * WebSocket close codes the sync server uses. 4000-4999 are reserved by
 * RFC 6455 for applications; we mirror HTTP statuses in the last three digits
 * so a close code reads like the refusal it stands for. The stock y-websocket 3
 * provider never reconnects after a 4400-4499 close, so that range is kept for
 * cases where reconnecting cannot help. Documented in PROTOCOL.md.
 */
export const CloseCode = {
  /** The server is shutting down (RFC 6455 "going away"); clients should reconnect later. */
  goingAway: 1001,
  /** A text frame (RFC 6455 "unsupported data"): the protocol is binary. Not final. */
  unsupportedData: 1003,
  /** Set by `ws` itself when a frame exceeds MAX_MESSAGE_BYTES (RFC 6455 "message too big"). */
  messageTooBig: 1009,
  /** A message that cannot be framed (truncated varints, lengths beyond the frame) or a state that is not JSON. Final. */
  badMessage: 4400,
  /**
   * The server refused an update for good (it does not apply to the document,
   * or depends on content the document lacks); resending it cannot help, so
   * the client must stop and tell its user. Final for stock clients too.
   */
  updateRefused: 4422,
  /**
   * The document's encoded state exceeds SYNC_MAX_DOCUMENT_BYTES: it cannot be
   * served, or the client's update would grow it beyond that. Final.
   */
  documentTooLarge: 4413,
  /** The document was deleted while the connection was open. */
  documentDeleted: 4404,
  /**
   * The document was moved to the trash while the connection was open (admin
   * `PUT /admin/docs/:id/trashed`). Final: the editor says "This document was
   * moved to the trash"; once restored, the page connects again on reload.
   */
  documentTrashed: 4411,
  /**
   * Heartbeat: no pong arrived within one ping interval. Only a metrics label:
   * the socket is terminated without a close frame, so the client sees 1006 and reconnects.
   */
  heartbeatTimeout: 4408,
  /**
   * The per-connection message or byte rate limit was exceeded. RFC 6455's
   * "Try Again Later", not 4429: the stock y-websocket 3 provider treats every
   * 44xx code as final and would never reconnect, losing nothing but stalling
   * forever; with 1013 it backs off and resyncs.
   */
  rateLimited: 1013,
  /**
   * The connection's token expired and the client did not present a renewed
   * one (auth message, PROTOCOL.md). Not final for Tandem's editor: it asks
   * the app for a new token and reconnects if it still may.
   */
  tokenExpired: 4401,
  /** The person's access to the document was removed (or the document given away). Final. */
  accessRevoked: 4403,
  /**
   * The person's role on the document changed (e.g. editor → viewer, or up):
   * the client must reconnect with a token for the new role. Final for stock
   * clients (their token says the old role).
   */
  accessChanged: 4409,
  /** The connection came through the document's link, which was reset or turned off. Final. */
  linkReset: 4410,
  /** The server failed (e.g. storage error) and cannot serve this connection. */
  serverError: 4500,
  /** The client read too slowly: its send buffer grew beyond the bound. */
  slowConsumer: 4503,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];
