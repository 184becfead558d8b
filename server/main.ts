/**
 * `npm run sync`: read config → build dependencies → listen; SIGTERM/SIGINT →
 * graceful shutdown (stop accepting, flush, close clients with 1001), exit 0.
 */
import { startSqliteSyncServer } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const running = await startSqliteSyncServer(config, log);
  log.info({ url: running.server.url, dataDir: config.dataDir }, 'sync server listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`sync server failed to start: ${message}\n`);
  process.exit(1);
});
