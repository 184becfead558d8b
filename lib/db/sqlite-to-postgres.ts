/**
 * Moves a SQLite data directory's database into PostgreSQL: the catalogue,
 * the tombstones, and every document's log, snapshot and head, rows copied
 * byte for byte (both backends number the log per document, so nothing is
 * re-encoded). One PostgreSQL transaction: a failed copy leaves nothing
 * behind. Refuses a target that already holds documents.
 */
import type { PgPool } from './postgres';
import { inTransaction, migratePostgres } from './postgres';
import type { SqliteDatabase } from './sqlite';

export interface CopySummary {
  documents: number;
  tombstones: number;
  heads: number;
  updates: number;
  snapshots: number;
  /** Rows of the permission tables (members, access requests, visits, invites, settings). */
  permissions: number;
}

/** Rows per INSERT: bounded memory whatever the size of the source. */
const BATCH = 500;

export class TargetNotEmptyError extends Error {
  constructor(what: string) {
    super(`the PostgreSQL target already holds ${what}; refusing to mix two Tandems (use an empty database or schema)`);
    this.name = 'TargetNotEmptyError';
  }
}

interface Table {
  name: keyof CopySummary;
  source: string;
  target: string;
  columns: string[];
  types: string[];
}

const TABLES: Table[] = [
  {
    name: 'documents',
    source: `SELECT id, view_id, title, created_at, updated_at, last_editor, owner_id, general_access, link_token
               FROM documents ORDER BY id`,
    target: 'documents',
    columns: [
      'id',
      'view_id',
      'title',
      'created_at',
      'updated_at',
      'last_editor',
      'owner_id',
      'general_access',
      'link_token',
    ],
    types: ['text', 'text', 'text', 'bigint', 'bigint', 'text', 'text', 'text', 'text'],
  },
  // Owners, members and links as they were. The accounts themselves (better-auth's tables) are not
  // copied: create them again on PostgreSQL (setup link or `npm run admin`); see the README.
  {
    name: 'permissions',
    source: 'SELECT doc_id, user_id, role, created_at FROM document_members ORDER BY doc_id, user_id',
    target: 'document_members',
    columns: ['doc_id', 'user_id', 'role', 'created_at'],
    types: ['text', 'text', 'text', 'bigint'],
  },
  {
    name: 'permissions',
    source: 'SELECT doc_id, user_id, created_at FROM access_requests ORDER BY doc_id, user_id',
    target: 'access_requests',
    columns: ['doc_id', 'user_id', 'created_at'],
    types: ['text', 'text', 'bigint'],
  },
  {
    name: 'tombstones',
    source: 'SELECT id, view_id, deleted_at FROM deleted_documents ORDER BY id',
    target: 'deleted_documents',
    columns: ['id', 'view_id', 'deleted_at'],
    types: ['text', 'text', 'bigint'],
  },
  {
    name: 'heads',
    source: 'SELECT doc, seq, deleted = 1 AS deleted FROM doc_heads ORDER BY doc',
    target: 'doc_heads',
    columns: ['doc', 'seq', 'deleted'],
    types: ['text', 'bigint', 'boolean'],
  },
  {
    name: 'snapshots',
    source: 'SELECT doc, seq, data, updated_at FROM doc_snapshots ORDER BY doc',
    target: 'doc_snapshots',
    columns: ['doc', 'seq', 'data', 'updated_at'],
    types: ['text', 'bigint', 'bytea', 'bigint'],
  },
  {
    name: 'updates',
    source: 'SELECT doc, seq, data FROM doc_updates ORDER BY doc, seq',
    target: 'doc_updates',
    columns: ['doc', 'seq', 'data'],
    types: ['text', 'bigint', 'bytea'],
  },
];

export async function copySqliteToPostgres(
  db: SqliteDatabase,
  pool: PgPool,
  progress: (message: string) => void = () => {},
): Promise<CopySummary> {
  await migratePostgres(pool);
  const summary: CopySummary = { documents: 0, tombstones: 0, heads: 0, updates: 0, snapshots: 0, permissions: 0 };
  await inTransaction(pool, async (client) => {
    for (const table of ['documents', 'deleted_documents', 'doc_heads']) {
      const { rows } = await client.query(`SELECT EXISTS (SELECT 1 FROM ${table}) AS taken`);
      if ((rows[0] as { taken: boolean }).taken) throw new TargetNotEmptyError(`rows in ${table}`);
    }
    for (const table of TABLES) {
      let batch: unknown[][] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const columns = table.columns.map((_, i) => batch.map((row) => row[i]));
        const unnest = table.types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
        await client.query(
          `INSERT INTO ${table.target} (${table.columns.join(', ')}) SELECT * FROM unnest(${unnest})`,
          columns,
        );
        summary[table.name] += batch.length;
        batch = [];
      };
      // iterate(): rows are streamed from SQLite, never all in memory.
      for (const row of db.prepare(table.source).raw().iterate()) {
        batch.push((row as unknown[]).map((value) => (typeof value === 'bigint' ? Number(value) : value)));
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      progress(`${table.target}: ${summary[table.name]} rows`);
    }
  });
  return summary;
}
