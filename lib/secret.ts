import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Shortest secret we accept: HS256 wants at least 256 bits of key. */
export const MIN_SECRET_LENGTH = 32;

/**
 * The token signing secret. `AUTH_SECRET` wins; otherwise a random secret is
 * generated once into `<dataDir>/secret` (mode 0600) and reused, so the web app
 * and the sync server agree on it without any configuration.
 *
 * Creation uses O_EXCL (`wx`): when both processes start at once, one writes and
 * the other reads what was written instead of overwriting it.
 */
export function loadOrCreateSecret(dataDir: string, fromEnv = process.env.AUTH_SECRET): string {
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(`AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`);
    }
    return fromEnv;
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secret');
  try {
    writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  // A concurrent creator may not have finished writing; wait briefly for content.
  for (let attempt = 0; attempt < 50; attempt++) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= MIN_SECRET_LENGTH) return secret;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  throw new Error(`${file} holds no usable secret; delete it to have a new one generated`);
}
