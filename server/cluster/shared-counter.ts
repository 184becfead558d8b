/**
 * Connection counts per client address and per token across every process of
 * the cluster, in Redis: one hash per key, one field per process
 * (`<prefix>:conn:<kind>:<key>` → `{ <processId>: count }`). Checking and
 * taking a slot is one Lua script, so two processes cannot both take the last
 * slot. Fields of processes whose heartbeat key expired are dropped by the
 * next check (a killed process's connections stop counting within the
 * heartbeat TTL). The local count is always kept too: while Redis is down a
 * process still enforces the limit on its own connections, and says so.
 *
 * The script reads heartbeat keys it is not given in KEYS: fine on a single
 * Redis (or a replica set), not on Redis Cluster, where the counters would
 * have to move to a hash tag per key.
 */
import type { Redis } from 'ioredis';
import { ConnectionCounter } from '../connection-counter';
import type { Logger } from '../log';

const ACQUIRE = `
local fields = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #fields, 2 do
  local process = fields[i]
  if process == ARGV[2] or redis.call('EXISTS', ARGV[3] .. process) == 1 then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], process)
  end
end
if total >= tonumber(ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

const RELEASE = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`;

/** Idle keys (nobody connected or checked for a day) expire: dead processes' leftovers do not pile up. */
const KEY_TTL_MS = 24 * 60 * 60 * 1000;

export interface SlotCounter {
  /** Takes a slot for `key`, or answers false (taking nothing) when the limit is reached. */
  tryAcquire(key: string): Promise<boolean>;
  release(key: string): void;
}

export class SharedConnectionCounter implements SlotCounter {
  private readonly local: ConnectionCounter;
  /** Keys whose Redis slot we hold (so release gives back only what was taken there). */
  private readonly shared = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; kind: string; max: number; processId: string },
    private readonly log: Logger,
  ) {
    this.local = new ConnectionCounter(options.max);
  }

  async tryAcquire(key: string): Promise<boolean> {
    if (!this.local.tryAcquire(key)) return false;
    if (this.redis.status !== 'ready') return true; // degraded: this process's own count only
    try {
      const taken = await this.redis.eval(
        ACQUIRE,
        1,
        this.redisKey(key),
        this.options.max,
        this.options.processId,
        `${this.options.prefix}:proc:`,
        KEY_TTL_MS,
      );
      if (taken !== 1) {
        this.local.release(key);
        return false;
      }
      this.shared.set(key, (this.shared.get(key) ?? 0) + 1);
      return true;
    } catch (error) {
      this.log.warn({ err: error, kind: this.options.kind }, 'shared connection count unavailable; counting locally');
      return true;
    }
  }

  release(key: string): void {
    this.local.release(key);
    const held = this.shared.get(key) ?? 0;
    if (held === 0) return;
    if (held === 1) this.shared.delete(key);
    else this.shared.set(key, held - 1);
    this.redis.eval(RELEASE, 1, this.redisKey(key), this.options.processId).catch(() => {
      // Lost with Redis: the field goes when this process's heartbeat does, or with the key's TTL.
    });
  }

  private redisKey(key: string): string {
    return `${this.options.prefix}:conn:${this.options.kind}:${key}`;
  }
}
