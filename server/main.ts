/**
 * `npm run sync`: read config → build dependencies → listen; SIGTERM/SIGINT →
 * graceful shutdown (stop accepting, close clients with 1001, flush), exit 0.
 */
import { type RunningSyncServer, startSyncServer } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  let running: RunningSyncServer | null = null;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A signal during start-up still ends in an orderly exit, once listening.
    (running ? running.stop() : Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Installed first, so a SIGTERM that arrives while starting is not the default "die now".
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  running = await startSyncServer(config, log);
  if (stopping) {
    await running.stop();
    process.exit(0);
  }
  log.info(
    {
      url: running.server.url,
      admin: running.server.adminUrl,
      storage: config.databaseUrl ? 'postgres' : config.dataDir,
      bus: Boolean(config.redisUrl),
    },
    'sync server listening',
  );
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`sync server failed to start: ${message}\n`);
  process.exit(1);
});
