import { describe, expect, it } from 'vitest';
import { clientAddressFrom, MAX_ACCOUNT_FAILURES, SignInThrottle, WINDOW_MS } from '@/lib/auth/throttle';

function headers(forwarded?: string): Headers {
  return new Headers(forwarded === undefined ? {} : { 'x-forwarded-for': forwarded });
}

describe('sign-in throttle', () => {
  it("locks an account after repeated failures without locking anyone else's", () => {
    let now = 1_000;
    const throttle = new SignInThrottle(() => now);
    for (let i = 0; i < MAX_ACCOUNT_FAILURES; i++) {
      // A guesser rotating addresses: the per-account count still adds up.
      expect(throttle.check('victim@example.test', `10.0.0.${i}`)).toBeNull();
      throttle.failed('victim@example.test', `10.0.0.${i}`);
    }
    expect(throttle.check('victim@example.test', '10.9.9.9')).toBeGreaterThan(0);
    // Other accounts, from the guesser's addresses or anywhere else, are untouched.
    expect(throttle.check('colleague@example.test', '10.0.0.1')).toBeNull();
    expect(throttle.check('colleague@example.test', '192.0.2.1')).toBeNull();
    now += WINDOW_MS;
    expect(throttle.check('victim@example.test', '10.9.9.9')).toBeNull();
  });

  it('limits one address across many accounts', () => {
    const throttle = new SignInThrottle(() => 0);
    for (let i = 0; i < 30; i++) throttle.failed(`user${i}@example.test`, '203.0.113.7');
    expect(throttle.check('fresh@example.test', '203.0.113.7')).toBeGreaterThan(0);
    expect(throttle.check('fresh@example.test', '203.0.113.8')).toBeNull();
  });

  it('believes X-Forwarded-For only through TRUSTED_PROXIES', () => {
    // next start sets the header to the socket's address when the client sent none.
    expect(clientAddressFrom(headers('198.51.100.4'), [])).toBe('198.51.100.4');
    // Without trusted proxies, a client-sent chain counts as a whole, not as the address it claims.
    expect(clientAddressFrom(headers('1.2.3.4, 198.51.100.4'), [])).toBe('untrusted:1.2.3.4,198.51.100.4');
    // Behind a trusted proxy: the first untrusted hop from the right.
    expect(clientAddressFrom(headers('1.2.3.4, 198.51.100.4, 10.0.0.2'), ['10.0.0.0/8'])).toBe('198.51.100.4');
    expect(clientAddressFrom(headers(), ['10.0.0.0/8'])).toBe('unknown');
  });
});
