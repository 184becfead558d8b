/**
 * Builds the sync server a SyncConfig describes: what `main.ts` runs, and what
 * tests use to run the real thing in-process.
 *   - DATABASE_URL unset: SQLite in DATA_DIR (the one-command default);
 *   - DATABASE_URL=postgres://…: PostgreSQL, migrated at start;
 *   - REDIS_URL set as well: the bus and cluster loops, for several processes.
 */
import { databaseFile } from '../lib/data-dir';
import { openDatabase } from '../lib/db/sqlite';
import { loadOrCreateSecret } from '../lib/secret';
import { Cluster, type ClusterOptions } from './cluster/cluster';
import type { SyncConfig } from './config';
import { type Directory, SqliteDirectory } from './directory';
import type { SyncLimits } from './limits';
import type { Logger } from './log';
import { SyncMetrics } from './metrics';
import { SqliteStorage } from './storage/sqlite';
import { InlineWriter, WorkerWriter } from './storage/sqlite-writer';
import type { Storage } from './storage/storage';
import { SyncServer, type SyncServerOptions } from './sync-server';

export interface RunningSyncServer {
  server: SyncServer;
  storage: Storage;
  cluster: Cluster | null;
  /** Graceful stop: the server first (flushing every document), then the bus and the database. */
  stop(): Promise<void>;
}

export interface ExtraOptions {
  limits?: Partial<SyncLimits>;
  compactThreshold?: number;
  cluster?: ClusterOptions;
  upgradeLimits?: SyncServerOptions['upgradeLimits'];
}

interface Backend {
  storage: Storage;
  directory: Directory;
  close(): Promise<void>;
}

async function openBackend(config: SyncConfig, log: Logger): Promise<Backend> {
  if (config.databaseUrl) {
    // Loaded only when configured: pg and ioredis add ~25 MiB to every process's RSS, and
    // a single SQLite process never uses them (bench/RESULTS.md, base RSS).
    const [{ createPgPool, migratePostgres }, { PostgresStorage }, { PostgresDirectory }] = await Promise.all([
      import('../lib/db/postgres'),
      import('./storage/postgres'),
      import('./pg-directory'),
    ]);
    const pool = createPgPool(config.databaseUrl, { schema: config.databaseSchema });
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    log.info({ schema: config.databaseSchema ?? 'default' }, 'using PostgreSQL');
    return { storage: new PostgresStorage(pool), directory: new PostgresDirectory(pool), close: () => pool.end() };
  }
  const file = databaseFile(config.dataDir);
  const db = openDatabase(file);
  // SYNC_SQLITE_WRITER=thread: every write (log, snapshots, catalogue) on the writer thread, so an fsync
  // never stops the event loop; by default on this one (cheaper where fsync is fast: bench/RESULTS.md).
  const writer = config.sqliteWriter === 'thread' ? new WorkerWriter(file) : new InlineWriter(db);
  return {
    storage: new SqliteStorage(db, writer),
    directory: new SqliteDirectory(db, writer),
    close: async () => {
      await writer.close();
      db.close();
    },
  };
}

export async function startSyncServer(
  config: SyncConfig,
  log: Logger,
  extra: ExtraOptions = {},
): Promise<RunningSyncServer> {
  // '' (not undefined): an unset AUTH_SECRET in the config must not fall back to process.env.
  const secret = loadOrCreateSecret(config.dataDir, config.authSecret ?? '');
  const backend = await openBackend(config, log);
  const metrics = new SyncMetrics();
  let cluster: Cluster | null = null;
  if (config.redisUrl) {
    const { RedisBus } = await import('./bus/redis');
    const bus = new RedisBus(
      { url: config.redisUrl, prefix: config.redisPrefix ?? 'tandem' },
      metrics,
      log.child({ module: 'bus' }),
    );
    cluster = new Cluster(bus, backend.storage, metrics, log.child({ module: 'cluster' }), extra.cluster);
    cluster.start();
    log.info({ process: bus.processId, prefix: config.redisPrefix ?? 'tandem' }, 'joined the cluster bus');
  }
  const server = new SyncServer({
    host: config.host,
    port: config.port,
    admin: config.admin,
    secret,
    storage: backend.storage,
    directory: backend.directory,
    log,
    metrics,
    maxMessageBytes: config.maxMessageBytes,
    limits: { ...config.limits, ...extra.limits },
    compactThreshold: extra.compactThreshold ?? config.compactRows,
    compactBytes: config.compactBytes,
    upgradeLimits: { ...config.upgradeLimits, ...extra.upgradeLimits },
    http: config.http,
    unloadGraceMs: config.unloadGraceMs,
    cluster: cluster ?? undefined,
  });
  const closeAll = async () => {
    cluster?.stop();
    await cluster?.bus.close();
    await backend.storage.close();
    await backend.close();
  };
  try {
    await server.listen();
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    server,
    storage: backend.storage,
    cluster,
    async stop() {
      await server.close();
      await closeAll();
    },
  };
}

/** The SQLite-backed server (kept for callers that want exactly that). */
export async function startSqliteSyncServer(
  config: SyncConfig,
  log: Logger,
  extra: ExtraOptions = {},
): Promise<RunningSyncServer> {
  return startSyncServer({ ...config, databaseUrl: undefined, redisUrl: undefined }, log, extra);
}
