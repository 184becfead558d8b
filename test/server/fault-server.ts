/**
 * The sync server as the fault checker runs it (a child process it SIGKILLs):
 * the real SyncServer on SQLite in DATA_DIR, with storage slowed by an
 * injected delay around loads and unloads (the unload's compaction), the
 * windows in which a kill or a reconnect is most likely to lose something.
 * Bundled by fault-checker.test.ts with esbuild; prints `listening` when ready.
 *
 *   PORT, DATA_DIR, AUTH_SECRET; LOAD_DELAY_MS, UNLOAD_DELAY_MS (default 0)
 */
import { databaseFile } from '../../lib/data-dir';
import { openDatabase } from '../../lib/db/sqlite';
import { SqliteDirectory } from '../../server/directory';
import { silentLogger } from '../../server/log';
import { SqliteStorage } from '../../server/storage/sqlite';
import type { StoredDocument, StoredRow, SwapResult } from '../../server/storage/storage';
import { SyncServer } from '../../server/sync-server';

const env = process.env;
const loadDelay = Number(env.LOAD_DELAY_MS ?? 0);
const unloadDelay = Number(env.UNLOAD_DELAY_MS ?? 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class SlowStorage extends SqliteStorage {
  override async load(doc: string): Promise<StoredDocument> {
    await sleep(loadDelay);
    return super.load(doc);
  }

  override async swapSnapshot(doc: string, expectedSeq: number, snapshot: StoredRow): Promise<SwapResult> {
    await sleep(unloadDelay);
    return super.swapSnapshot(doc, expectedSeq, snapshot);
  }
}

const db = openDatabase(databaseFile(env.DATA_DIR ?? '.'));
const server = new SyncServer({
  port: Number(env.PORT ?? 0),
  secret: env.AUTH_SECRET ?? '',
  storage: new SlowStorage(db),
  directory: new SqliteDirectory(db),
  log: silentLogger(),
  // Unload as soon as the last client leaves: every disconnect of everyone is an unload (and a compaction).
  unloadGraceMs: 0,
  compactThreshold: 20,
});
await server.listen();
process.stdout.write('listening\n');
