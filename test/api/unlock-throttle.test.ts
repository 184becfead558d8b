import { describe, expect, it } from 'vitest';
import { clientKey, MAX_FAILURES, MAX_INSTANCE_FAILURES, UnlockThrottle, WINDOW_MS } from '@/lib/unlock-throttle';

describe('UnlockThrottle', () => {
  it('blocks a client after too many failures until the window passes', () => {
    let now = 1_000_000;
    const throttle = new UnlockThrottle(() => now);
    for (let i = 0; i < MAX_FAILURES - 1; i++) throttle.recordFailure('a');
    expect(throttle.isBlocked('a')).toBe(false);
    throttle.recordFailure('a');
    expect(throttle.isBlocked('a')).toBe(true);
    expect(throttle.isBlocked('b')).toBe(false);
    now += WINDOW_MS;
    expect(throttle.isBlocked('a')).toBe(false);
  });

  it('forgets failures after a success', () => {
    const throttle = new UnlockThrottle();
    for (let i = 0; i < MAX_FAILURES - 1; i++) throttle.recordFailure('a');
    throttle.recordSuccess('a');
    throttle.recordFailure('a');
    expect(throttle.isBlocked('a')).toBe(false);
  });

  it('keys clients by the first forwarded hop, else one shared bucket', () => {
    expect(clientKey(new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1' }))).toBe('203.0.113.7');
    expect(clientKey(new Headers({ 'x-real-ip': '198.51.100.2' }))).toBe('198.51.100.2');
    expect(clientKey(new Headers())).toBe('direct');
  });
});

describe('UnlockThrottle across clients', () => {
  it('caps wrong keys from all clients together, so forging a new address per try does not help', () => {
    let now = 1_000_000;
    const throttle = new UnlockThrottle(() => now);
    for (let i = 0; i < MAX_INSTANCE_FAILURES; i++) {
      const forged = `192.0.2.${i}`;
      expect(throttle.isBlocked(forged)).toBe(false);
      throttle.recordFailure(forged);
    }
    expect(throttle.isBlocked('198.51.100.1')).toBe(true);
    // A success does not reset the shared budget (it would hand a guesser a fresh one).
    throttle.recordSuccess('198.51.100.1');
    expect(throttle.isBlocked('198.51.100.2')).toBe(true);
    now += WINDOW_MS;
    expect(throttle.isBlocked('198.51.100.1')).toBe(false);
  });
});
