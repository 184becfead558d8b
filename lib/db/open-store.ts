/**
 * Opens the app's store (catalogue, permissions, better-auth) on SQLite or
 * PostgreSQL and brings every table up to date. Used by the web app (cached
 * per process in app-db.ts) and by `npm run admin`.
 */
import { createAuth, type TandemAuth } from '../auth/auth';
import { readAccountConfig } from '../auth/config';
import { SignInThrottle } from '../auth/throttle';
import { type Catalogue, PostgresCatalogue, SqliteCatalogue } from '../catalogue';
import { dataDir } from '../data-dir';
import { type FileStore, PostgresFileStore, SqliteFileStore } from '../files/file-store';
import { PermissionStore } from '../permissions/store';
import { loadOrCreateSecret } from '../secret';
import {
  ensurePostgresTrashTable,
  ensureSqliteTrashTable,
  PostgresTrashStore,
  SqliteTrashStore,
  type TrashStore,
} from '../trash/trash-store';
import { createPgPool, migratePostgres, type PgPool } from './postgres';
import { PostgresSql, SqliteSql } from './sql';
import { openDatabase, type SqliteDatabase } from './sqlite';

export interface AppStore {
  catalogue: Catalogue;
  permissions: PermissionStore;
  trash: TrashStore;
  files: FileStore;
  auth: TandemAuth;
  close(): Promise<void>;
}

export async function openSqliteStore(file: string, env: NodeJS.ProcessEnv = process.env): Promise<AppStore> {
  const db: SqliteDatabase = openDatabase(file);
  const auth = buildAuth(db, env);
  await migrateAuth(auth);
  // The permission store's lists leave trashed documents out: the table must exist first.
  ensureSqliteTrashTable(db);
  return {
    catalogue: new SqliteCatalogue(db),
    permissions: new PermissionStore(new SqliteSql(db)),
    trash: new SqliteTrashStore(db),
    files: new SqliteFileStore(db),
    auth,
    close: async () => {
      db.close();
    },
  };
}

export async function openPostgresStore(
  url: string,
  schema: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AppStore> {
  const pool: PgPool = createPgPool(url, { schema });
  try {
    await migratePostgres(pool);
    const auth = buildAuth(pool, env);
    await migrateAuth(auth);
    await ensurePostgresTrashTable(pool);
    return {
      catalogue: new PostgresCatalogue(pool) as Catalogue,
      permissions: new PermissionStore(new PostgresSql(pool)),
      trash: new PostgresTrashStore(pool),
      files: new PostgresFileStore(pool),
      auth,
      close: () => pool.end(),
    };
  } catch (error) {
    pool.end().catch(() => {});
    throw error;
  }
}

function buildAuth(database: SqliteDatabase | PgPool, env: NodeJS.ProcessEnv): TandemAuth {
  return createAuth({
    database,
    secret: loadOrCreateSecret(dataDir(env), env.AUTH_SECRET),
    config: readAccountConfig(env),
    throttle: new SignInThrottle(),
  });
}

/**
 * Creates or extends better-auth's tables (user, session, account,
 * verification). Several processes starting at once may both try; a table
 * the other created meanwhile makes ours fail, so it is retried once after
 * re-reading the schema.
 */
async function migrateAuth(auth: TandemAuth): Promise<void> {
  const { getMigrations } = await import('better-auth/db/migration');
  try {
    await (await getMigrations(auth.options)).runMigrations();
  } catch {
    await (await getMigrations(auth.options)).runMigrations();
  }
}
