/**
 * A token bucket: `capacity` tokens, refilled continuously at `refillPerSecond`.
 * Bursts (a large paste, a reconnect's sync) pass; a sustained flood does not.
 */
/** Shared by every bucket: a default `() => performance.now()` would be a closure per bucket, three per connection. */
const monotonicNow = () => performance.now();

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Takes `amount` tokens if available; false means the caller is over its rate. */
  take(amount = 1): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}
