/**
 * Sign-in throttling, per account and per client address. An account that
 * saw MAX_ACCOUNT_FAILURES wrong passwords within WINDOW_MS refuses further
 * attempts (right or wrong) until the window passes; so does an address after
 * MAX_ADDRESS_FAILURES. The two counters are independent: a guesser who
 * locks one account (or rotates addresses) never locks out anyone else's.
 *
 * In memory, per web-app process: with several processes each counts its
 * own share, which still bounds guessing to a small multiple.
 */
import { BlockList, isIP } from 'node:net';

export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_ACCOUNT_FAILURES = 10;
export const MAX_ADDRESS_FAILURES = 30;
/** Bounds memory if someone rotates addresses or email addresses. */
const MAX_TRACKED = 50_000;

interface Window {
  failures: number;
  resetAt: number;
}

class FailureCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until `key` may try again, or null. */
  blockedFor(key: string): number | null {
    const window = this.current(key);
    return window && window.failures >= this.max ? window.resetAt - this.now() : null;
  }

  fail(key: string): void {
    const window = this.current(key);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED) this.prune();
    this.windows.set(key, { failures: 1, resetAt: this.now() + WINDOW_MS });
  }

  clear(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED) break;
      this.windows.delete(key);
    }
  }
}

export class SignInThrottle {
  private readonly accounts: FailureCounter;
  private readonly addresses: FailureCounter;

  constructor(now: () => number = Date.now) {
    this.accounts = new FailureCounter(MAX_ACCOUNT_FAILURES, now);
    this.addresses = new FailureCounter(MAX_ADDRESS_FAILURES, now);
  }

  /** Milliseconds to wait, or null when this attempt may proceed. */
  check(account: string, address: string): number | null {
    return this.accounts.blockedFor(account) ?? this.addresses.blockedFor(address);
  }

  failed(account: string, address: string): void {
    if (account !== '') this.accounts.fail(account);
    this.addresses.fail(address);
  }

  succeeded(account: string, _address: string): void {
    this.accounts.clear(account);
  }
}

/**
 * The client address to count sign-in attempts against. Route handlers do
 * not see the socket; `next start` puts the peer's address in
 * `X-Forwarded-For` only when the request has none, so the header is used
 * only when TRUSTED_PROXIES lists the proxies in front: its chain is walked
 * from the right, skipping trusted hops. Without trusted proxies, a client
 * that sends its own header is counted under the header's whole value, so
 * rotating it buys nothing against the per-account limit.
 */
export function clientAddressFrom(
  headers: Pick<Headers, 'get'> | undefined,
  trustedProxies: readonly string[],
): string {
  const chain = (headers?.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  if (chain.length === 0) return 'unknown';
  if (trustedProxies.length === 0) return chain.length === 1 ? chain[0]! : `untrusted:${chain.join(',')}`;
  const trusted = trustList(trustedProxies);
  for (let index = chain.length - 1; index >= 0; index--) {
    const hop = chain[index]!;
    const family = isIP(hop);
    if (family === 0) return hop;
    if (!trusted.check(hop, family === 6 ? 'ipv6' : 'ipv4')) return hop;
  }
  return chain[0]!;
}

const lists = new Map<string, BlockList>();

function trustList(entries: readonly string[]): BlockList {
  const key = entries.join(',');
  let list = lists.get(key);
  if (list) return list;
  list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address ?? '') === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address!, family);
    else list.addSubnet(address!, Number(prefix), family);
  }
  lists.set(key, list);
  return list;
}
