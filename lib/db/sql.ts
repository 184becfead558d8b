/**
 * One small query interface over both databases, so queries that only use
 * the SQL the two share (the permission tables, lib/db/permission-schema.ts)
 * are written once. Placeholders are PostgreSQL's `$1, $2…`; for SQLite they
 * become named `@p1, @p2…` (better-sqlite3 binds them from an object). bigint columns
 * come back as strings from PostgreSQL: mappers read them with Number().
 */
import type { PgPool } from './postgres';
import type { SqliteDatabase } from './sqlite';

export type SqlValue = string | number | null;

export interface Sql {
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

const toSqlite = (sql: string) => sql.replace(/\$(\d+)/g, '@p$1');

function named(params: readonly SqlValue[]): Record<string, SqlValue> {
  const bound: Record<string, SqlValue> = {};
  params.forEach((value, index) => {
    bound[`p${index + 1}`] = value;
  });
  return bound;
}

export class SqliteSql implements Sql {
  private readonly statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();

  constructor(private readonly db: SqliteDatabase) {}

  private prepare(sql: string) {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(toSqlite(sql));
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.prepare(sql).all(named(params)) as Row[];
  }

  async get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    return this.prepare(sql).get(named(params)) as Row | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.prepare(sql).run(named(params)).changes;
  }
}

export class PostgresSql implements Sql {
  constructor(private readonly pool: PgPool) {}

  async all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, [...params])).rows as Row[];
  }

  async get<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    return (await this.all<Row>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.pool.query(sql, [...params])).rowCount ?? 0;
  }
}
