import * as encoding from 'lib0/encoding';

/**
 * Tandem's one client → server message in y-protocols' auth channel (type 2):
 * a renewed sync token for the open connection, so a token can expire (and
 * the server close connections whose token did) without the editor ever
 * reconnecting while its person still may be there.
 *
 *   varUint 2 (auth) · varUint 1 (renew) · varString token
 */
export const MESSAGE_AUTH = 2;
export const AUTH_RENEW_TOKEN = 1;

export function encodeAuthRenew(token: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  encoding.writeVarUint(encoder, AUTH_RENEW_TOKEN);
  encoding.writeVarString(encoder, token);
  return encoding.toUint8Array(encoder);
}
