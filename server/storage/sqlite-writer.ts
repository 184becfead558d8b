/**
 * Where the sync server's SQLite writes run (SYNC_SQLITE_WRITER). `InlineWriter`
 * (the default, `event-loop`) runs them on the caller's thread; `WorkerWriter`
 * (`thread`) on a thread of their own with its own connection, so a slow
 * disk's fsync never stops the event loop, at the price of two thread
 * wake-ups per commit and a second V8 isolate (bench/RESULTS.md: ~0.2x more
 * CPU per update and ~14 MiB on the bench machine, whose fsync is fast).
 * Both perform the same statements
 * (sqlite-writes.ts) and commit with synchronous=FULL before they answer, so
 * "durable before anyone sees it" holds either way; the worker only moves the
 * wait for the disk off the event loop.
 *
 * A write whose thread dies before answering is rejected with a StorageError.
 * It may or may not have committed (like a lost connection during a PostgreSQL
 * COMMIT): the commit queue retries it, and a Yjs update stored twice is
 * harmless. The next write starts a new thread.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from '../../lib/db/sqlite';
import {
  type AppendRequest,
  type CatalogueCommit,
  type PlainOutcome,
  type PlainSwapResult,
  prepareWrites,
  type SqliteWrites,
} from './sqlite-writes';
import { StorageError } from './storage';

export interface SqliteWriter {
  appendBatch(requests: readonly AppendRequest[]): Promise<PlainOutcome[]>;
  swapSnapshot(doc: string, expectedSeq: number, seq: number, data: Uint8Array): Promise<PlainSwapResult>;
  deleteDocument(doc: string): Promise<void>;
  recordCommit(doc: string, commit: CatalogueCommit): Promise<void>;
  markDeleted(doc: string): Promise<void>;
  close(): Promise<void>;
}

/** A message to the writer thread. */
export type WriterRequest = { id: number } & (
  | { op: 'appendBatch'; requests: readonly AppendRequest[] }
  | { op: 'swapSnapshot'; doc: string; expectedSeq: number; seq: number; data: Uint8Array }
  | { op: 'deleteDocument'; doc: string }
  | { op: 'recordCommit'; doc: string; commit: CatalogueCommit }
  | { op: 'markDeleted'; doc: string }
);

/** The writer thread's answer to request `id`. */
export type WriterReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; code: string | undefined };

type Request = WriterRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

function failure(what: string, cause: unknown): StorageError {
  return new StorageError(`sqlite: ${what} failed`, { cause });
}

/** Runs the writes synchronously on this thread. */
export class InlineWriter implements SqliteWriter {
  private readonly writes: SqliteWrites;

  constructor(db: SqliteDatabase) {
    this.writes = prepareWrites(db);
  }

  async appendBatch(requests: readonly AppendRequest[]): Promise<PlainOutcome[]> {
    return this.run('append', () => this.writes.appendBatch(requests));
  }
  async swapSnapshot(doc: string, expectedSeq: number, seq: number, data: Uint8Array): Promise<PlainSwapResult> {
    return this.run(`swap snapshot of ${doc}`, () => this.writes.swapSnapshot(doc, expectedSeq, seq, data));
  }
  async deleteDocument(doc: string): Promise<void> {
    this.run(`delete ${doc}`, () => this.writes.deleteDocument(doc));
  }
  async recordCommit(doc: string, commit: CatalogueCommit): Promise<void> {
    this.run(`catalogue update of ${doc}`, () => this.writes.recordCommit(doc, commit));
  }
  async markDeleted(doc: string): Promise<void> {
    this.run(`tombstone of ${doc}`, () => this.writes.markDeleted(doc));
  }
  async close(): Promise<void> {}

  private run<T>(what: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw failure(what, error);
    }
  }
}

/**
 * The worker's file: beside this one when run from source (Node strips its
 * types), `dist/server/storage/sqlite-writer-worker.js` when bundled, whether
 * this code landed in dist/server/main.js, dist/scripts/… or a shared chunk.
 */
function workerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'sqlite-writer-worker.ts'),
    join(here, 'storage', 'sqlite-writer-worker.js'),
    join(here, '..', 'server', 'storage', 'sqlite-writer-worker.js'),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new StorageError(`sqlite writer thread not found (looked for ${candidates.join(', ')})`);
  return found;
}

interface Waiting {
  what: string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Runs the writes on a worker thread with its own connection to `file`. */
export class WorkerWriter implements SqliteWriter {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly file: string) {
    // Started at once: a file the thread cannot open fails the server's start, not its first keystroke.
    this.worker = this.start();
  }

  appendBatch(requests: readonly AppendRequest[]): Promise<PlainOutcome[]> {
    return this.send('append', { op: 'appendBatch', requests }) as Promise<PlainOutcome[]>;
  }
  swapSnapshot(doc: string, expectedSeq: number, seq: number, data: Uint8Array): Promise<PlainSwapResult> {
    return this.send(`swap snapshot of ${doc}`, {
      op: 'swapSnapshot',
      doc,
      expectedSeq,
      seq,
      data,
    }) as Promise<PlainSwapResult>;
  }
  async deleteDocument(doc: string): Promise<void> {
    await this.send(`delete ${doc}`, { op: 'deleteDocument', doc });
  }
  async recordCommit(doc: string, commit: CatalogueCommit): Promise<void> {
    await this.send(`catalogue update of ${doc}`, { op: 'recordCommit', doc, commit });
  }
  async markDeleted(doc: string): Promise<void> {
    await this.send(`tombstone of ${doc}`, { op: 'markDeleted', doc });
  }

  /** Lets queued writes finish, then closes the thread's connection and ends it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.ref();
    worker.postMessage({ op: 'close' });
    await exited;
  }

  private send(what: string, request: Request): Promise<unknown> {
    if (this.closed) return Promise.reject(failure(what, new Error('the writer is closed')));
    this.worker ??= this.start();
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) worker.ref();
      this.waiting.set(id, { what, resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  private start(): Worker {
    const worker = new Worker(workerFile(), { workerData: { file: this.file } });
    // Idle, the thread must not keep the process alive; while a write waits, it does.
    worker.unref();
    worker.on('message', (reply: WriterReply) => this.answer(worker, reply));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the sqlite writer thread exited (code ${code})`)));
    return worker;
  }

  private answer(worker: Worker, reply: WriterReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) worker.unref();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(failure(waiting.what, Object.assign(new Error(reply.message), { code: reply.code })));
  }

  /** The thread died: what it had not answered fails (its outcome is unknown), the next write starts another. */
  private lost(worker: Worker, error: unknown): void {
    if (this.worker !== worker) return;
    this.worker = null;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const { what, reject } of waiting) reject(failure(what, error));
  }
}
