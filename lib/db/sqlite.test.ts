import { spawnSync } from 'node:child_process';
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
import { openDatabase, type SqliteDatabase } from './sqlite';

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

// Regression: with better-sqlite3 12 on Node >= 24.19 the process aborted
// (`Assertion failed: (env) != nullptr`) when the garbage collector finalized a
// statement nobody referenced any more (WiseLibs/better-sqlite3#1515), so every
// statement had to be cached for the life of its connection. better-sqlite3 13
// fixed it. This runs throwaway statements through several forced collections
// in a child process on the Node that runs Tandem, and fails if it aborts.
describe('throwaway statements', () => {
  it('survive garbage collection of the statements', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-sqlite-gc-'));
    dirs.push(dir);
    const script = `
      import Database from 'better-sqlite3';
      const db = new Database(${JSON.stringify(join(dir, 'gc.db'))});
      db.exec('CREATE TABLE t (x)');
      for (let round = 0; round < 10; round++) {
        for (let i = 0; i < 1000; i++) db.prepare('SELECT ' + i + ' AS n, x FROM t').all();
        globalThis.gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
      db.close();
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
      process.stdout.write('survived');
    `;
    const result = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect({ status: result.status, signal: result.signal, stdout: result.stdout }).toEqual({
      status: 0,
      signal: null,
      stdout: 'survived',
    });
  });

  it('leave catalogue queries working after collections', () => {
    const db = database();
    for (let i = 0; i < 3; i++) exerciseCatalogue(db);
    expect(listDocuments(db, { limit: 10 }).documents).toEqual([]);
  });
});
