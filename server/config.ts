/**
 * The sync server's configuration, read from the environment once at start.
 * Invalid values fail fast with a message naming the variable, rather than
 * surfacing later as a confusing runtime error.
 */
import { dataDir } from '../lib/data-dir';
import { MIN_SECRET_LENGTH } from '../lib/secret';

import { DEFAULT_MAX_MESSAGE_BYTES, type SyncLimits } from './limits';

/**
 * Per-connection and per-room bounds (server/limits.ts has the defaults, which
 * derive from MAX_MESSAGE_BYTES where noted; SECURITY.md lists them all).
 */
const LIMIT_VARIABLES = {
  SYNC_MESSAGES_PER_SECOND: 'messagesPerSecond',
  SYNC_MESSAGE_BURST: 'messageBurst',
  SYNC_BYTES_PER_SECOND: 'bytesPerSecond',
  SYNC_BYTE_BURST: 'byteBurst',
  SYNC_MAX_BACKLOG_BYTES: 'maxBacklogBytes',
  SYNC_HEARTBEAT_MS: 'heartbeatMs',
  SYNC_MAX_DOCUMENT_BYTES: 'maxDocumentBytes',
  SYNC_MAX_AWARENESS_STATE_BYTES: 'maxAwarenessStateBytes',
  SYNC_MAX_AWARENESS_ENTRIES: 'maxAwarenessEntries',
  SYNC_MAX_AWARENESS_CLIENTS: 'maxAwarenessClients',
  SYNC_MAX_AWARENESS_ROOM_BYTES: 'maxAwarenessRoomBytes',
} as const satisfies Record<string, keyof SyncLimits>;

/** Upgrade-time connection limits (defaults in sync-server.ts DEFAULT_UPGRADE_LIMITS). */
const UPGRADE_VARIABLES = {
  SYNC_MAX_CONNECTIONS: 'maxConnections',
  SYNC_MAX_CONNECTIONS_PER_ADDRESS: 'maxConnectionsPerAddress',
  SYNC_MAX_CONNECTIONS_PER_TOKEN: 'maxConnectionsPerToken',
} as const;

/** HTTP parser bounds against slow or bloated requests (defaults in http.ts DEFAULT_HTTP_LIMITS). */
const HTTP_VARIABLES = {
  SYNC_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  SYNC_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
  SYNC_MAX_HEADERS: 'maxHeadersCount',
  SYNC_MAX_HEADER_BYTES: 'maxHeaderBytes',
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * One variable's rule: returns the value, or a message saying what is wrong.
 * Hand-written rather than a zod schema: zod costs every sync server process
 * ~8 MiB of RSS at start (bench/RESULTS.md, base RSS) for these few checks.
 */
type Rule<T> = (value: string) => T | Invalid;

class Invalid {
  constructor(readonly message: string) {}
}

/** `Number(value)` as an integer in [min, max] (what z.coerce.number().int().min().max() accepted). */
const integer =
  (min: number, max: number): Rule<number> =>
  (value) => {
    const number = Number(value);
    if (!Number.isInteger(number)) return new Invalid(`expected an integer, got ${JSON.stringify(value)}`);
    if (number < min) return new Invalid(`must be at least ${min}`);
    if (number > max) return new Invalid(`must be at most ${max}`);
    return number;
  };

const matching =
  (pattern: RegExp, message: string): Rule<string> =>
  (value) =>
    pattern.test(value) ? value : new Invalid(message);

const anyString: Rule<string> = (value) => value;

const positiveInt = integer(1, Number.MAX_SAFE_INTEGER);
const port = integer(0, 65535);

const NUMBER_VARIABLES = [
  ...Object.keys(LIMIT_VARIABLES),
  ...Object.keys(UPGRADE_VARIABLES),
  ...Object.keys(HTTP_VARIABLES),
  'SYNC_UNLOAD_GRACE_MS',
  'SYNC_COMPACT_ROWS',
  'SYNC_COMPACT_BYTES',
];

const RULES = {
  // Who may set X-Forwarded-For: comma-separated IPs/CIDRs, `loopback` (default) or `none`.
  SYNC_TRUSTED_PROXIES: anyString,
  // Loopback by default: exposing the server is a deliberate choice (put TLS in front of it).
  SYNC_HOST: anyString,
  SYNC_PORT: port,
  // /metrics and /admin/** listen apart from the public port, on loopback unless told otherwise:
  // a proxy rule forgotten in front of the public port can then expose neither. Same host and port as
  // SYNC_HOST/SYNC_PORT: served on the public port (explicit opt-in). 0: any free port.
  SYNC_ADMIN_HOST: anyString,
  SYNC_ADMIN_PORT: port,
  DATA_DIR: anyString,
  AUTH_SECRET: (value: string) =>
    value.length >= MIN_SECRET_LENGTH ? value : new Invalid(`must be at least ${MIN_SECRET_LENGTH} characters`),
  // 8 MiB fits a large paste with images as data URLs; anything bigger is refused with 1009.
  MAX_MESSAGE_BYTES: integer(1024, 256 * 1024 * 1024),
  LOG_LEVEL: (value: string) =>
    (LOG_LEVELS as readonly string[]).includes(value)
      ? (value as LogLevel)
      : new Invalid(`must be one of ${LOG_LEVELS.join(', ')}`),
  // postgres://… stores everything in PostgreSQL (several processes may share it); unset: SQLite in DATA_DIR.
  DATABASE_URL: matching(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (unset: SQLite in DATA_DIR)'),
  // A schema other than the connecting user's default (one database, several Tandems or test runs).
  DATABASE_SCHEMA: matching(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case identifier'),
  // redis://… fans updates and presence out to the other processes; unset: one process serves everything.
  REDIS_URL: matching(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  REDIS_PREFIX: matching(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only'),
  // SQLite only. `event-loop` (default): commits on the main thread, the cheapest in CPU and memory where
  // an fsync is fast (bench/RESULTS.md); `thread`: writes and their fsync on a writer thread, so a slow
  // disk's fsync never stops the event loop, for ~0.2x more CPU per update and ~14 MiB. Both commit
  // before anyone sees an update.
  SYNC_SQLITE_WRITER: (value: string): SqliteWriterMode | Invalid =>
    value === 'thread' || value === 'event-loop' ? value : new Invalid('must be one of thread, event-loop'),
} satisfies Record<string, Rule<unknown>>;

type Values = { [K in keyof typeof RULES]?: Exclude<ReturnType<(typeof RULES)[K]>, Invalid> };

export type LogLevel = (typeof LOG_LEVELS)[number];
/** SYNC_SQLITE_WRITER: where SQLite's writes run. */
export type SqliteWriterMode = 'thread' | 'event-loop';

export interface SyncConfig {
  host: string;
  port: number;
  /** The admin listener (/metrics, /admin/**); 'public' when it is the public port; unset: loopback, any free port. */
  admin?: { host: string; port: number } | 'public';
  dataDir: string;
  /** undefined: use (or create) `<dataDir>/secret`. */
  authSecret: string | undefined;
  maxMessageBytes: number;
  logLevel: LogLevel;
  /** PostgreSQL when set; SQLite in dataDir otherwise. */
  databaseUrl?: string;
  databaseSchema?: string;
  /** The cross-process bus when set; none (one process) otherwise. */
  redisUrl?: string;
  /** Prefix of every Redis key and channel (default `tandem`). */
  redisPrefix?: string;
  /** Where SQLite's writes run (default `event-loop`); ignored with DATABASE_URL. */
  sqliteWriter?: SqliteWriterMode;
  /** Bounds set in the environment; unset ones keep their defaults. */
  limits?: Partial<SyncLimits>;
  upgradeLimits?: {
    maxConnections?: number;
    maxConnectionsPerAddress?: number;
    maxConnectionsPerToken?: number;
    trustedProxies?: string;
  };
  http?: { headersTimeoutMs?: number; requestTimeoutMs?: number; maxHeadersCount?: number; maxHeaderBytes?: number };
  unloadGraceMs?: number;
  compactRows?: number;
  compactBytes?: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Environment variables by name; `process.env` by default. */
export type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): SyncConfig {
  // Empty strings mean "unset" for every variable, as in a `.env` with `SYNC_PORT=`.
  const given = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const problems: string[] = [];
  const check = <T>(name: string, rule: Rule<T>): T | undefined => {
    const value = given(name);
    if (value === undefined) return undefined;
    const result = rule(value);
    if (result instanceof Invalid) {
      problems.push(`${name}: ${result.message}`);
      return undefined;
    }
    return result;
  };
  const numbers: Record<string, number | undefined> = {};
  for (const name of NUMBER_VARIABLES) numbers[name] = check(name, positiveInt);
  const parsed: Values = {};
  for (const name of Object.keys(RULES) as (keyof typeof RULES)[]) {
    (parsed as Record<string, unknown>)[name] = check(name, RULES[name] as Rule<unknown>);
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid sync server configuration:\n  ${problems.join('\n  ')}`);
  }
  const values = {
    ...parsed,
    SYNC_TRUSTED_PROXIES: parsed.SYNC_TRUSTED_PROXIES ?? 'loopback',
    SYNC_HOST: parsed.SYNC_HOST ?? '127.0.0.1',
    SYNC_PORT: parsed.SYNC_PORT ?? 1234,
    SYNC_ADMIN_HOST: parsed.SYNC_ADMIN_HOST ?? '127.0.0.1',
    SYNC_ADMIN_PORT: parsed.SYNC_ADMIN_PORT ?? 1235,
    MAX_MESSAGE_BYTES: parsed.MAX_MESSAGE_BYTES ?? DEFAULT_MAX_MESSAGE_BYTES,
    LOG_LEVEL: parsed.LOG_LEVEL ?? 'info',
    REDIS_PREFIX: parsed.REDIS_PREFIX ?? 'tandem',
    SYNC_SQLITE_WRITER: parsed.SYNC_SQLITE_WRITER ?? ('event-loop' as const),
  };
  const pick = <T extends Record<string, string>>(names: T) =>
    Object.fromEntries(
      Object.entries(names).flatMap(([variable, field]) =>
        numbers[variable] === undefined ? [] : [[field, numbers[variable]]],
      ),
    ) as Partial<Record<T[keyof T], number>>;
  return {
    limits: pick(LIMIT_VARIABLES),
    upgradeLimits: { ...pick(UPGRADE_VARIABLES), trustedProxies: values.SYNC_TRUSTED_PROXIES },
    http: pick(HTTP_VARIABLES),
    unloadGraceMs: numbers.SYNC_UNLOAD_GRACE_MS,
    compactRows: numbers.SYNC_COMPACT_ROWS,
    compactBytes: numbers.SYNC_COMPACT_BYTES,
    host: values.SYNC_HOST,
    port: values.SYNC_PORT,
    admin:
      values.SYNC_ADMIN_PORT === values.SYNC_PORT &&
      values.SYNC_ADMIN_PORT !== 0 &&
      values.SYNC_ADMIN_HOST === values.SYNC_HOST
        ? 'public'
        : { host: values.SYNC_ADMIN_HOST, port: values.SYNC_ADMIN_PORT },
    dataDir: dataDir({ ...process.env, DATA_DIR: values.DATA_DIR ?? '' }),
    authSecret: values.AUTH_SECRET,
    maxMessageBytes: values.MAX_MESSAGE_BYTES,
    logLevel: values.LOG_LEVEL,
    databaseUrl: values.DATABASE_URL,
    databaseSchema: values.DATABASE_SCHEMA,
    redisUrl: values.REDIS_URL,
    redisPrefix: values.REDIS_PREFIX,
    sqliteWriter: values.SYNC_SQLITE_WRITER,
  };
}
