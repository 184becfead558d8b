/**
 * Builds a SQLite-backed sync server from a SyncConfig: what `main.ts` runs,
 * and what tests use to run the real thing in-process.
 */
import { databaseFile } from '../lib/data-dir';
import { openDatabase } from '../lib/db/sqlite';
import { loadOrCreateSecret } from '../lib/secret';
import type { SyncConfig } from './config';
import { SqliteDirectory } from './directory';
import type { SyncLimits } from './limits';
import type { Logger } from './log';
import { SqliteStorage } from './storage/sqlite';
import { SyncServer } from './sync-server';

export interface RunningSyncServer {
  server: SyncServer;
  storage: SqliteStorage;
  /** Graceful stop: the server first (flushing every document), then the database. */
  stop(): Promise<void>;
}

export async function startSqliteSyncServer(
  config: SyncConfig,
  log: Logger,
  extra: { limits?: Partial<SyncLimits>; compactThreshold?: number } = {},
): Promise<RunningSyncServer> {
  // '' (not undefined): an unset AUTH_SECRET in the config must not fall back to process.env.
  const secret = loadOrCreateSecret(config.dataDir, config.authSecret ?? '');
  const db = openDatabase(databaseFile(config.dataDir));
  const storage = new SqliteStorage(db);
  const server = new SyncServer({
    host: config.host,
    port: config.port,
    secret,
    storage,
    directory: new SqliteDirectory(db),
    log,
    maxMessageBytes: config.maxMessageBytes,
    ...extra,
  });
  try {
    await server.listen();
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    server,
    storage,
    async stop() {
      await server.close();
      await storage.close();
      db.close();
    },
  };
}
