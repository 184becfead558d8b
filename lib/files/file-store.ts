import type { PgPool } from '../db/postgres';
import type { SqliteDatabase } from '../db/sqlite';
import type { ImageType } from './sniff';

/** An uploaded file as stored: bytes in the same database as the documents. */
export interface StoredFile {
  id: string;
  docId: string;
  type: ImageType;
  size: number;
  data: Uint8Array;
  createdAt: number;
}

/**
 * Uploaded files, in SQLite or PostgreSQL beside the documents (so one backup
 * holds everything). The table is created on first use rather than by the
 * versioned migrations: it is independent of every other table, and this way
 * it never races another change's migration number.
 */
export interface FileStore {
  put(file: StoredFile): Promise<void>;
  get(id: string): Promise<StoredFile | null>;
}

interface FileRow {
  id: string;
  doc_id: string;
  type: string;
  size: number | string;
  data: Uint8Array;
  created_at: number | string;
}

function fromRow(row: FileRow): StoredFile {
  return {
    id: row.id,
    docId: row.doc_id,
    type: row.type as ImageType,
    size: Number(row.size),
    data: new Uint8Array(row.data),
    createdAt: Number(row.created_at),
  };
}

export class SqliteFileStore implements FileStore {
  constructor(private readonly db: SqliteDatabase) {
    db.exec(`CREATE TABLE IF NOT EXISTS doc_files (
      id         TEXT PRIMARY KEY,
      doc_id     TEXT NOT NULL,
      type       TEXT NOT NULL,
      size       INTEGER NOT NULL,
      data       BLOB NOT NULL,
      created_at INTEGER NOT NULL
    )`);
    db.exec('CREATE INDEX IF NOT EXISTS doc_files_doc ON doc_files (doc_id)');
  }

  async put(file: StoredFile): Promise<void> {
    this.db
      .prepare('INSERT INTO doc_files (id, doc_id, type, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(file.id, file.docId, file.type, file.size, Buffer.from(file.data), file.createdAt);
  }

  async get(id: string): Promise<StoredFile | null> {
    const row = this.db.prepare('SELECT * FROM doc_files WHERE id = ?').get(id) as FileRow | undefined;
    return row ? fromRow(row) : null;
  }
}

export class PostgresFileStore implements FileStore {
  private ready: Promise<unknown> | null = null;

  constructor(private readonly pool: PgPool) {}

  private ensureTable(): Promise<unknown> {
    this.ready ??= this.pool
      .query(
        `CREATE TABLE IF NOT EXISTS doc_files (
           id         text PRIMARY KEY,
           doc_id     text NOT NULL,
           type       text NOT NULL,
           size       integer NOT NULL,
           data       bytea NOT NULL,
           created_at bigint NOT NULL
         )`,
      )
      .then(() => this.pool.query('CREATE INDEX IF NOT EXISTS doc_files_doc ON doc_files (doc_id)'))
      .catch((error: unknown) => {
        this.ready = null; // retried on the next request
        throw error;
      });
    return this.ready;
  }

  async put(file: StoredFile): Promise<void> {
    await this.ensureTable();
    await this.pool.query(
      'INSERT INTO doc_files (id, doc_id, type, size, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [file.id, file.docId, file.type, file.size, Buffer.from(file.data), file.createdAt],
    );
  }

  async get(id: string): Promise<StoredFile | null> {
    await this.ensureTable();
    const { rows } = await this.pool.query('SELECT * FROM doc_files WHERE id = $1', [id]);
    return rows[0] ? fromRow(rows[0] as FileRow) : null;
  }
}
