import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDocument,
  deleteDocumentRecord,
  getDocument,
  getDocumentByViewId,
  listDocuments,
  setDocumentTitle,
} from '../documents';
import { openDatabase, type SqliteDatabase, statement } from './sqlite';

const dirs: string[] = [];
const open: SqliteDatabase[] = [];
function database(): SqliteDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-sqlite-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'tandem.db'));
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Counts statements prepared on `db` from now on. */
function countPrepares(db: SqliteDatabase): () => number {
  let count = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    count++;
    return prepare(source);
  }) as typeof db.prepare;
  return () => count;
}

function exerciseCatalogue(db: SqliteDatabase): void {
  const doc = createDocument(db, { title: 'Plan' });
  getDocument(db, doc.id);
  getDocumentByViewId(db, doc.viewId);
  setDocumentTitle(db, doc.id, 'Plan B');
  const page = listDocuments(db, { limit: 1 });
  listDocuments(db, { query: 'plan', limit: 1, cursor: page.nextCursor ?? undefined });
  deleteDocumentRecord(db, doc.id);
}

describe('openDatabase', () => {
  it('sets WAL, full synchronous commits, a busy timeout and foreign keys', () => {
    const db = database();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('statement cache', () => {
  it('prepares each SQL text once per connection', () => {
    const [a, b] = [database(), database()];
    expect(statement(a, 'SELECT 1')).toBe(statement(a, 'SELECT 1'));
    expect(statement(b, 'SELECT 1')).not.toBe(statement(a, 'SELECT 1'));
  });

  // Throwaway statements abort the process on Node 24 with better-sqlite3 12
  // when the garbage collector finalizes them (see `statement`): once warm, the
  // catalogue must not create any.
  it('leaves no statement garbage behind catalogue queries', () => {
    const db = database();
    exerciseCatalogue(db);
    const prepared = countPrepares(db);
    exerciseCatalogue(db);
    exerciseCatalogue(db);
    expect(prepared()).toBe(0);
  });
});
