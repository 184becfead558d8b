import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseDuration, signSyncToken, TokenError, verifySyncToken } from './tokens';

const SECRET = 'a'.repeat(48);

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('sync tokens', () => {
  it('round-trips the claims', async () => {
    const token = await signSyncToken(SECRET, { doc: 'doc-1', role: 'view', name: 'Ada' }, 60);
    const claims = await verifySyncToken(SECRET, token);
    expect(claims).toEqual({ doc: 'doc-1', role: 'view', name: 'Ada', exp: expect.any(Number) });
    const withPerson = await signSyncToken(SECRET, { doc: 'doc-1', role: 'edit', sub: 'user-1', link: 'abc' }, 60);
    expect(await verifySyncToken(SECRET, withPerson)).toMatchObject({ sub: 'user-1', link: 'abc', role: 'edit' });
  });

  it('refuses missing, malformed, wrongly signed and expired tokens with distinct reasons', async () => {
    const good = await signSyncToken(SECRET, { doc: 'd', role: 'edit' }, 60);
    expect(await reason(verifySyncToken(SECRET, undefined))).toBe('missing');
    expect(await reason(verifySyncToken(SECRET, 'not-a-jwt'))).toBe('malformed');
    expect(await reason(verifySyncToken('b'.repeat(48), good))).toBe('invalid');
    const expired = await new SignJWT({ doc: 'd', role: 'edit' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('tandem-sync')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(SECRET));
    expect(await reason(verifySyncToken(SECRET, expired))).toBe('expired');
  });

  it('refuses a token without expiry, for another audience, or with bad claims', async () => {
    const key = new TextEncoder().encode(SECRET);
    const noExp = await new SignJWT({ doc: 'd', role: 'edit' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('tandem-sync')
      .sign(key);
    expect(await reason(verifySyncToken(SECRET, noExp))).not.toBe('accepted');
    const otherAudience = await new SignJWT({ doc: 'd', role: 'edit' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('somewhere-else')
      .setExpirationTime('1h')
      .sign(key);
    expect(await reason(verifySyncToken(SECRET, otherAudience))).toBe('invalid');
    const badRole = await new SignJWT({ doc: 'd', role: 'owner' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('tandem-sync')
      .setExpirationTime('1h')
      .sign(key);
    expect(await reason(verifySyncToken(SECRET, badRole))).toBe('malformed');
  });

  it('keeps only the known claims and checks each of them (no schema library: checked by hand)', async () => {
    const key = new TextEncoder().encode(SECRET);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience('tandem-sync')
        .setExpirationTime('1h')
        .sign(key);
    const full = { doc: 'd', role: 'view', name: 'Ada', sub: 'user-1', link: 'abc', extra: 'dropped' };
    expect(await verifySyncToken(SECRET, await sign(full))).toEqual({
      doc: 'd',
      role: 'view',
      name: 'Ada',
      sub: 'user-1',
      link: 'abc',
      exp: expect.any(Number),
    });
    const bad = [
      { doc: 'a/b' },
      { doc: 7 },
      { name: 'x'.repeat(101) },
      { name: 7 },
      { sub: '' },
      { link: 'x'.repeat(65) },
    ];
    for (const claims of bad) {
      expect(await reason(verifySyncToken(SECRET, await sign({ doc: 'd', role: 'edit', ...claims })))).toBe(
        'malformed',
      );
    }
    expect(await reason(verifySyncToken(SECRET, await sign({ doc: 'd', role: 'edit', name: '' })))).toBe('accepted');
  });

  it('parses durations', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('7d')).toBe(604800);
    expect(() => parseDuration('soon')).toThrow(/not a duration/);
  });
});
