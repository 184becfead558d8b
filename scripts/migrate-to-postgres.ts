/**
 * `npm run migrate-to-postgres`: copies DATA_DIR/tandem.db (SQLite) into the
 * PostgreSQL database at DATABASE_URL (optionally DATABASE_SCHEMA). Stop
 * Tandem first; start it again with DATABASE_URL set afterwards. The SQLite
 * file is only read, never changed.
 */
import { existsSync } from 'node:fs';
import { databaseFile, dataDir } from '../lib/data-dir';
import { createPgPool, isPostgresUrl } from '../lib/db/postgres';
import { openDatabase } from '../lib/db/sqlite';
import { copySqliteToPostgres } from '../lib/db/sqlite-to-postgres';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!isPostgresUrl(url)) throw new Error('set DATABASE_URL=postgres://… (the target database)');
  const file = databaseFile(dataDir());
  if (!existsSync(file)) throw new Error(`no SQLite database at ${file} (set DATA_DIR)`);
  // Opening migrates an older SQLite file to the current schema first (per-document sequences).
  const db = openDatabase(file);
  const pool = createPgPool(url, { schema: process.env.DATABASE_SCHEMA || undefined, max: 1 });
  try {
    process.stdout.write(`copying ${file} into PostgreSQL…\n`);
    const summary = await copySqliteToPostgres(db, pool, (line) => process.stdout.write(`  ${line}\n`));
    process.stdout.write(
      `done: ${summary.documents} documents, ${summary.tombstones} deleted, ${summary.heads} logs ` +
        `(${summary.updates} updates, ${summary.snapshots} snapshots)\n`,
    );
  } finally {
    db.close();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate-to-postgres failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
