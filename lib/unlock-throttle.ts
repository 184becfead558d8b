/**
 * Slows down guessing of the access key. The comparison itself is constant-time,
 * but nothing stops a script from trying keys as fast as the server answers;
 * after MAX_FAILURES wrong keys from one client within WINDOW_MS, further tries
 * are refused until the window has passed. Clients are told apart by a header
 * the client itself can set (see `clientKey`), so a guesser could claim a new
 * address per try; MAX_INSTANCE_FAILURES caps wrong keys across all clients so
 * guessing stays bounded whatever the headers say.
 *
 * In memory, per web-app process: enough for a self-hosted instance (a restart
 * resets it, which costs an attacker a restart they cannot trigger).
 */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 5 * 60 * 1000;
/** Wrong keys per window from everyone together: room for a team's typos, not for a guesser. */
export const MAX_INSTANCE_FAILURES = 100;
/** Bounds memory if someone rotates client addresses. */
const MAX_TRACKED_CLIENTS = 10_000;

interface FailureWindow {
  failures: number;
  resetAt: number;
}

export class UnlockThrottle {
  private readonly clients = new Map<string, FailureWindow>();
  private instance: FailureWindow | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** True when `client`, or the instance as a whole, has used up its failures for the current window. */
  isBlocked(client: string): boolean {
    const window = this.current(client);
    const instance = this.currentInstance();
    return (
      (window !== undefined && window.failures >= MAX_FAILURES) ||
      (instance !== undefined && instance.failures >= MAX_INSTANCE_FAILURES)
    );
  }

  recordFailure(client: string): void {
    const instance = this.currentInstance();
    if (instance) instance.failures += 1;
    else this.instance = { failures: 1, resetAt: this.now() + WINDOW_MS };

    const window = this.current(client);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.clients.size >= MAX_TRACKED_CLIENTS) this.prune();
    this.clients.set(client, { failures: 1, resetAt: this.now() + WINDOW_MS });
  }

  recordSuccess(client: string): void {
    this.clients.delete(client);
  }

  private currentInstance(): FailureWindow | undefined {
    if (this.instance && this.instance.resetAt <= this.now()) this.instance = undefined;
    return this.instance;
  }

  private current(client: string): FailureWindow | undefined {
    const window = this.clients.get(client);
    if (window && window.resetAt <= this.now()) {
      this.clients.delete(client);
      return undefined;
    }
    return window;
  }

  private prune(): void {
    const now = this.now();
    for (const [client, window] of this.clients) if (window.resetAt <= now) this.clients.delete(client);
    // Still full: forget the oldest entries rather than grow without bound.
    for (const client of this.clients.keys()) {
      if (this.clients.size < MAX_TRACKED_CLIENTS) break;
      this.clients.delete(client);
    }
  }
}

/**
 * Who is guessing: the first `x-forwarded-for` hop when a reverse proxy sets it,
 * else one shared bucket (route handlers do not see the socket address). A
 * shared bucket means a guesser can lock others out for a few minutes at worst,
 * which beats letting them guess freely.
 */
export function clientKey(headers: Pick<Headers, 'get'>): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || headers.get('x-real-ip')?.trim() || 'direct';
}
