import { createHash } from 'node:crypto';

/**
 * What a sync token says about the link it was minted for: a digest of the
 * link token, never the token itself. The sync server compares it with the
 * digest of the document's current link, so a reset link's connections are
 * told apart from everyone else's.
 */
export function linkDigest(linkToken: string): string {
  return createHash('sha256').update(`tandem-link\0${linkToken}`).digest('base64url').slice(0, 22);
}
