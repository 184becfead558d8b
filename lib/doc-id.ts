/**
 * Document ids are the sync room names and appear in URLs. They are validated
 * at every boundary (HTTP upgrade, API routes) before anything is allocated.
 */
export const DOC_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidDocId(value: unknown): value is string {
  return typeof value === 'string' && DOC_ID_PATTERN.test(value);
}

/** 128 random bits, base64url: unguessable and URL-safe (22 characters). */
export function newDocId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
