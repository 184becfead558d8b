/**
 * PostgreSQL for Tandem when `DATABASE_URL` is `postgres://…`: one pool per
 * process, and versioned migrations run at start. Everything here works behind
 * PgBouncer in transaction mode: no session state (no named prepared
 * statements, no session advisory locks, no LISTEN); the migration lock is a
 * transaction-scoped advisory lock.
 */
import { userInfo } from 'node:os';
import pg from 'pg';
import { PERMISSION_TABLES } from './permission-schema';

export type PgPool = pg.Pool;

export interface PgOptions {
  /** Schema to use instead of the user's default (tests use one schema each). */
  schema?: string;
  /** Connections in the pool. */
  max?: number;
}

/** How long to wait for a connection or a query before failing (a dead PostgreSQL must not hang a commit forever). */
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 15_000;

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

export function createPgPool(url: string, options: PgOptions = {}): PgPool {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new Error(`schema name ${JSON.stringify(options.schema)} must match ^[a-z_][a-z0-9_]{0,62}$`);
  }
  const pool = new pg.Pool({
    connectionString: withDefaultUser(url),
    max: options.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would end the process.
  pool.on('error', () => {});
  return pool;
}

/**
 * libpq (psql) connects as the operating-system user when the URL names none;
 * node-postgres reads $USER instead, which services and CI often lack. Do as
 * libpq does, so `postgres://127.0.0.1:5432/test` means the same to both.
 */
function withDefaultUser(url: string): string {
  const parsed = new URL(url);
  if (parsed.username !== '' || process.env.PGUSER || process.env.USER) return url;
  parsed.username = encodeURIComponent(userInfo().username);
  return parsed.toString();
}

/**
 * Versions: MIGRATIONS[i] takes the schema from version i to i + 1. Append new
 * versions at the end; never edit a shipped one. Times are epoch milliseconds
 * (bigint), as in SQLite, so the catalogue code reads both the same way.
 */
const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE documents (
       id          text PRIMARY KEY,
       view_id     text NOT NULL UNIQUE,
       title       text NOT NULL DEFAULT '',
       created_at  bigint NOT NULL,
       updated_at  bigint NOT NULL,
       last_editor text
     )`,
    'CREATE INDEX documents_updated_at ON documents (updated_at DESC, id DESC)',
    `CREATE TABLE deleted_documents (
       id         text PRIMARY KEY,
       view_id    text,
       deleted_at bigint NOT NULL
     )`,
    'CREATE INDEX deleted_documents_view_id ON deleted_documents (view_id)',
    `CREATE TABLE doc_heads (
       doc     text PRIMARY KEY,
       seq     bigint NOT NULL,
       deleted boolean NOT NULL DEFAULT false
     )`,
    `CREATE TABLE doc_updates (
       doc  text NOT NULL,
       seq  bigint NOT NULL,
       data bytea NOT NULL,
       PRIMARY KEY (doc, seq)
     )`,
    `CREATE TABLE doc_snapshots (
       doc        text PRIMARY KEY,
       seq        bigint NOT NULL,
       data       bytea NOT NULL,
       updated_at bigint NOT NULL
     )`,
  ],
  // 2: people and permissions (issue 9); the same statements as SQLite's version 2.
  PERMISSION_TABLES,
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the schema to PG_SCHEMA_VERSION. Several processes starting at once
 * serialise on a transaction-scoped advisory lock (keyed by schema), so each
 * version runs exactly once; a failed version rolls back entirely.
 */
export async function migratePostgres(pool: PgPool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('tandem-migrations:' || current_schema()))");
    await client.query(
      `CREATE TABLE IF NOT EXISTS tandem_schema_versions (
         version    integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number }>(
      'SELECT COALESCE(MAX(version), 0)::int AS version FROM tandem_schema_versions',
    );
    const current = rows[0]!.version;
    if (current > PG_SCHEMA_VERSION) {
      throw new Error(`the database is at schema version ${current}; this Tandem knows up to ${PG_SCHEMA_VERSION}`);
    }
    for (let version = current; version < PG_SCHEMA_VERSION; version++) {
      for (const statement of MIGRATIONS[version]!) await client.query(statement);
      await client.query('INSERT INTO tandem_schema_versions (version) VALUES ($1)', [version + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Runs `work` in one transaction on one pooled connection; rolls back on error. */
export async function inTransaction<T>(
  pool: PgPool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection itself failed: do not return it to the pool.
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
