import type { PgPool } from '../db/postgres';
import type { SqliteDatabase } from '../db/sqlite';

/** How long a document stays in the trash before it is deleted for good. */
export const TRASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface TrashedEntry {
  id: string;
  trashedAt: number;
}

/** The entries whose 30 days are over. */
export function expiredEntries(entries: TrashedEntry[], now: number): TrashedEntry[] {
  return entries.filter((entry) => now - entry.trashedAt >= TRASH_RETENTION_MS);
}

/**
 * Which documents are in the trash, and since when. A document in the trash
 * keeps its content and its catalogue row; it is only hidden from the list
 * and its links say where it is. Its table is created on first use (like the
 * files table): independent of every other table, so no migration number.
 */
export interface TrashStore {
  /** False if it was already there. */
  trash(id: string, at: number): Promise<boolean>;
  /** False if it was not in the trash. */
  restore(id: string): Promise<boolean>;
  trashedAt(id: string): Promise<number | null>;
  list(): Promise<TrashedEntry[]>;
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS trashed_documents (
  id         TEXT PRIMARY KEY,
  trashed_at INTEGER NOT NULL
)`;

const prepared = new WeakSet<SqliteDatabase>();

/** Creates the trash table once per connection; the document list reads it too. */
export function ensureSqliteTrashTable(db: SqliteDatabase): void {
  if (prepared.has(db)) return;
  db.exec(SQLITE_TABLE);
  prepared.add(db);
}

export class SqliteTrashStore implements TrashStore {
  constructor(private readonly db: SqliteDatabase) {
    ensureSqliteTrashTable(db);
  }

  async trash(id: string, at: number) {
    return (
      this.db.prepare('INSERT OR IGNORE INTO trashed_documents (id, trashed_at) VALUES (?, ?)').run(id, at).changes > 0
    );
  }

  async restore(id: string) {
    return this.db.prepare('DELETE FROM trashed_documents WHERE id = ?').run(id).changes > 0;
  }

  async trashedAt(id: string) {
    const row = this.db.prepare('SELECT trashed_at FROM trashed_documents WHERE id = ?').get(id) as
      | { trashed_at: number }
      | undefined;
    return row ? Number(row.trashed_at) : null;
  }

  async list() {
    const rows = this.db
      .prepare(
        'SELECT t.id, t.trashed_at FROM trashed_documents t JOIN documents d ON d.id = t.id ORDER BY t.trashed_at DESC',
      )
      .all() as Array<{ id: string; trashed_at: number }>;
    return rows.map((row) => ({ id: row.id, trashedAt: Number(row.trashed_at) }));
  }
}

const pgReady = new WeakMap<PgPool, Promise<unknown>>();

export function ensurePostgresTrashTable(pool: PgPool): Promise<unknown> {
  let ready = pgReady.get(pool);
  if (!ready) {
    ready = pool
      .query('CREATE TABLE IF NOT EXISTS trashed_documents (id text PRIMARY KEY, trashed_at bigint NOT NULL)')
      .catch((error: unknown) => {
        pgReady.delete(pool); // retried on the next request
        throw error;
      });
    pgReady.set(pool, ready);
  }
  return ready;
}

export class PostgresTrashStore implements TrashStore {
  constructor(private readonly pool: PgPool) {}

  async trash(id: string, at: number) {
    await ensurePostgresTrashTable(this.pool);
    const result = await this.pool.query(
      'INSERT INTO trashed_documents (id, trashed_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
      [id, at],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async restore(id: string) {
    await ensurePostgresTrashTable(this.pool);
    return ((await this.pool.query('DELETE FROM trashed_documents WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async trashedAt(id: string) {
    await ensurePostgresTrashTable(this.pool);
    const { rows } = await this.pool.query('SELECT trashed_at FROM trashed_documents WHERE id = $1', [id]);
    return rows[0] ? Number((rows[0] as { trashed_at: string }).trashed_at) : null;
  }

  async list() {
    await ensurePostgresTrashTable(this.pool);
    const { rows } = await this.pool.query(
      'SELECT t.id, t.trashed_at FROM trashed_documents t JOIN documents d ON d.id = t.id ORDER BY t.trashed_at DESC',
    );
    return (rows as Array<{ id: string; trashed_at: string }>).map((row) => ({
      id: row.id,
      trashedAt: Number(row.trashed_at),
    }));
  }
}
