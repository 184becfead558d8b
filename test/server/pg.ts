/**
 * PostgreSQL for tests: `TEST_DATABASE_URL` (default postgres://127.0.0.1:5432/test,
 * trust auth), one fresh schema per call, dropped again by cleanup().
 */
import { randomBytes } from 'node:crypto';
import { createPgPool, migratePostgres, type PgPool } from '../../lib/db/postgres';
import { onCleanup } from './helpers';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/test';

export interface TestSchema {
  url: string;
  schema: string;
  /** A new pool on the schema (another "process"), ended by cleanup(). */
  pool(max?: number): PgPool;
}

export async function testSchema(options: { migrate?: boolean } = {}): Promise<TestSchema> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = createPgPool(TEST_DATABASE_URL, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  onCleanup(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  const pool = (max = 4) => {
    const created = createPgPool(TEST_DATABASE_URL, { schema, max });
    onCleanup(() => created.end());
    return created;
  };
  if (options.migrate !== false) await migratePostgres(pool(1));
  return { url: TEST_DATABASE_URL, schema, pool };
}
