// Subpath imports, not the 'jose' index: the index loads every JWE/JWK/JWKS module too, ~3 MiB of RSS in
// every sync server process for code it never runs (bench/RESULTS.md, base RSS). The types come from the
// index, erased at compile time.
import type { JWTPayload } from 'jose';
import { JWSInvalid, JWTExpired, JWTInvalid } from 'jose/errors';
import { SignJWT } from 'jose/jwt/sign';
import { jwtVerify } from 'jose/jwt/verify';
import { DOC_ID_PATTERN } from './doc-id';

export type Role = 'edit' | 'view';

/**
 * What a sync token grants: one role on one document, to one person. `sub` is
 * the account id (or `guest:<id>` for someone who came through a link): the
 * sync server records it as the last editor and re-checks it when the
 * document's permissions change. `link` (a digest of the link token, see
 * lib/permissions/link-token.ts) is set when the access came only through the
 * document's link, so resetting the link revokes it. `exp` ends the
 * connection unless the client presents a renewed token in time.
 */
export interface SyncClaims {
  doc: string;
  role: Role;
  name?: string;
  sub?: string;
  link?: string;
  /** Expiry in seconds since the epoch (set on verify; ignored on sign). */
  exp?: number;
}

/**
 * The claims a verified sync token must carry, checked by hand rather than
 * with zod: this module runs in the sync server, where zod alone costs ~8 MiB
 * of RSS per process (bench/RESULTS.md, base RSS). Returns only the known
 * claims (as a zod object would), or null when any is missing or malformed.
 */
function syncClaims(payload: JWTPayload): SyncClaims | null {
  const { doc, role, name, sub, link, exp } = payload as Record<string, unknown>;
  if (typeof doc !== 'string' || !DOC_ID_PATTERN.test(doc)) return null;
  if (role !== 'edit' && role !== 'view') return null;
  const claims: SyncClaims = { doc, role };
  if (name !== undefined) {
    if (!isString(name, 0, 100)) return null;
    claims.name = name;
  }
  if (sub !== undefined) {
    if (!isString(sub, 1, 100)) return null;
    claims.sub = sub;
  }
  if (link !== undefined) {
    if (!isString(link, 1, 64)) return null;
    claims.link = link;
  }
  if (exp !== undefined) {
    if (!Number.isInteger(exp)) return null;
    claims.exp = exp as number;
  }
  return claims;
}

function isString(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

const ALGORITHM = 'HS256';
const AUDIENCE = 'tandem-sync';

export class TokenError extends Error {
  constructor(
    readonly reason: 'missing' | 'malformed' | 'expired' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/**
 * The HMAC key for a secret, imported once: given raw bytes, jose imports a
 * CryptoKey on every sign and verify (an async WebCrypto job on every
 * connection's upgrade; on a fresh process the first upgrade waited ~5 ms for
 * it). A process holds one or two secrets; the cache is cleared beyond a
 * handful all the same.
 */
const keys = new Map<string, Promise<CryptoKey>>();
const MAX_IMPORTED_KEYS = 16;

function key(secret: string): Promise<CryptoKey> {
  let imported = keys.get(secret);
  if (!imported) {
    if (keys.size >= MAX_IMPORTED_KEYS) keys.clear();
    imported = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    // A failed import is not cached: the next call tries again.
    imported.catch(() => keys.delete(secret));
    keys.set(secret, imported);
  }
  return imported;
}

/** Imports the secret's key ahead of the first token (the sync server calls it at start). */
export function prepareTokenKey(secret: string): Promise<void> {
  return key(secret).then(() => undefined);
}

/** Signs a sync token. `ttlSeconds` bounds how long a leaked link's token stays useful. */
export async function signSyncToken(secret: string, claims: SyncClaims, ttlSeconds: number): Promise<string> {
  const payload: Record<string, string> = { doc: claims.doc, role: claims.role };
  if (claims.name !== undefined) payload.name = claims.name;
  if (claims.sub !== undefined) payload.sub = claims.sub;
  if (claims.link !== undefined) payload.link = claims.link;
  return sign(secret, payload, AUDIENCE, ttlSeconds);
}

/** Verifies signature, algorithm, audience and expiry; returns the claims or throws a TokenError. */
export async function verifySyncToken(secret: string, token: string | null | undefined): Promise<SyncClaims> {
  const claims = syncClaims(await verify(secret, token, AUDIENCE));
  if (claims === null) throw new TokenError('malformed', 'token claims are malformed');
  return claims;
}

/** Parses durations such as `90s`, `15m`, `1h`, `7d` into seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text} (use e.g. 30m, 1h, 7d)`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

const ADMIN_AUDIENCE = 'tandem-admin';

/**
 * Signs a short-lived token for the sync server's admin API (the web app calls
 * it to delete documents and set titles). A separate audience keeps a sync
 * token from ever passing as an admin token and vice versa.
 */
export async function signAdminToken(secret: string, ttlSeconds = 60): Promise<string> {
  return sign(secret, { scope: 'admin' }, ADMIN_AUDIENCE, ttlSeconds);
}

/** Verifies an admin token; throws a TokenError like verifySyncToken. */
export async function verifyAdminToken(secret: string, token: string | null | undefined): Promise<void> {
  await verify(secret, token, ADMIN_AUDIENCE);
}

async function sign(
  secret: string,
  payload: Record<string, string>,
  audience: string,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + Math.max(1, Math.floor(ttlSeconds)))
    .sign(await key(secret));
}

/** Checks signature, algorithm, audience and expiry; maps every failure to a TokenError reason. */
async function verify(secret: string, token: string | null | undefined, audience: string): Promise<JWTPayload> {
  if (token === null || token === undefined || token === '') throw new TokenError('missing', 'no token');
  try {
    const { payload } = await jwtVerify(token, await key(secret), {
      algorithms: [ALGORITHM],
      audience,
      requiredClaims: ['exp'],
    });
    return payload;
  } catch (error) {
    if (error instanceof JWTExpired) throw new TokenError('expired', 'token expired');
    if (error instanceof JWSInvalid || error instanceof JWTInvalid) {
      throw new TokenError('malformed', 'token is malformed');
    }
    throw new TokenError('invalid', 'token is not valid');
  }
}
