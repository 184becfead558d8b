/**
 * The sync server's configuration, read from the environment once at start.
 * Invalid values fail fast with a message naming the variable, rather than
 * surfacing later as a confusing runtime error.
 */
import { z } from 'zod';
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

const positiveInt = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional();
const numberVariables = Object.fromEntries(
  [
    ...Object.keys(LIMIT_VARIABLES),
    ...Object.keys(UPGRADE_VARIABLES),
    ...Object.keys(HTTP_VARIABLES),
    'SYNC_UNLOAD_GRACE_MS',
    'SYNC_COMPACT_ROWS',
    'SYNC_COMPACT_BYTES',
  ].map((name) => [name, positiveInt]),
);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  ...numberVariables,
  // Who may set X-Forwarded-For: comma-separated IPs/CIDRs, `loopback` (default) or `none`.
  SYNC_TRUSTED_PROXIES: z.string().min(1).default('loopback'),
  // Loopback by default: exposing the server is a deliberate choice (put TLS in front of it).
  SYNC_HOST: z.string().min(1).default('127.0.0.1'),
  SYNC_PORT: z.coerce.number().int().min(0).max(65535).default(1234),
  // /metrics and /admin/** listen apart from the public port, on loopback unless told otherwise:
  // a proxy rule forgotten in front of the public port can then expose neither. Same host and port as
  // SYNC_HOST/SYNC_PORT: served on the public port (explicit opt-in). 0: any free port.
  SYNC_ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
  SYNC_ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(1235),
  DATA_DIR: z.string().optional(),
  AUTH_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // 8 MiB fits a large paste with images as data URLs; anything bigger is refused with 1009.
  MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(DEFAULT_MAX_MESSAGE_BYTES),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  // postgres://… stores everything in PostgreSQL (several processes may share it); unset: SQLite in DATA_DIR.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (unset: SQLite in DATA_DIR)')
    .optional(),
  // A schema other than the connecting user's default (one database, several Tandems or test runs).
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case identifier')
    .optional(),
  // redis://… fans updates and presence out to the other processes; unset: one process serves everything.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only')
    .default('tandem'),
  // SQLite only. `thread`: writes and their fsync run on a writer thread, so a slow disk never stops the
  // event loop; `event-loop`: on the main thread, one thread less (less CPU per commit on a small VM,
  // see bench/RESULTS.md). Both commit before anyone sees an update.
  SYNC_SQLITE_WRITER: z.enum(['thread', 'event-loop']).default('thread'),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

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
  /** Where SQLite's writes run (default `thread`); ignored with DATABASE_URL. */
  sqliteWriter?: 'thread' | 'event-loop';
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
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid sync server configuration:\n  ${problems.join('\n  ')}`);
  }
  const values = parsed.data;
  const numbers = values as unknown as Record<string, number | undefined>;
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
