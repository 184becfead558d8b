import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecret } from './secret';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-secret-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadOrCreateSecret', () => {
  it('generates a secret once, mode 0600, and reuses it', () => {
    const dir = tempDir();
    const first = loadOrCreateSecret(join(dir, 'data'), '');
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'data', 'secret')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(join(dir, 'data'), undefined)).toBe(first);
    expect(readFileSync(join(dir, 'data', 'secret'), 'utf8')).toBe(first);
  });

  it('prefers AUTH_SECRET and rejects a short one', () => {
    const dir = tempDir();
    expect(loadOrCreateSecret(dir, 'x'.repeat(40))).toBe('x'.repeat(40));
    expect(() => loadOrCreateSecret(dir, 'short')).toThrow(/at least 32/);
  });
});
