/**
 * The sync server's SQLite writer thread. It owns a connection of its own and
 * runs every write (sqlite-writes.ts) there, so the commit's fsync (0.2 ms
 * median, up to tens of milliseconds on a busy disk) no longer stops the event
 * loop: the main thread keeps reading sockets and sending while a commit is in
 * flight, and what arrives meanwhile is committed together in the next one.
 *
 * Runs as is (Node strips the types) from source and compiled from dist/, so
 * it imports only packages and files with explicit extensions.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SQLITE_PRAGMAS } from '../../lib/db/sqlite-pragmas.ts';
import type { WriterReply, WriterRequest } from './sqlite-writer.ts';
import { prepareWrites, type SqliteWrites } from './sqlite-writes.ts';

const port = parentPort;
if (!port) throw new Error('sqlite-writer-worker.ts runs only as a worker thread');

const db = new Database((workerData as { file: string }).file);
db.exec(SQLITE_PRAGMAS);
const writes: SqliteWrites = prepareWrites(db);

function perform(request: WriterRequest): unknown {
  switch (request.op) {
    case 'appendBatch':
      return writes.appendBatch(request.requests);
    case 'swapSnapshot':
      return writes.swapSnapshot(request.doc, request.expectedSeq, request.seq, request.data);
    case 'deleteDocument':
      return writes.deleteDocument(request.doc);
    case 'recordCommit':
      return writes.recordCommit(request.doc, request.commit);
    case 'markDeleted':
      return writes.markDeleted(request.doc);
  }
}

port.on('message', (request: WriterRequest | { op: 'close' }) => {
  if (request.op === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { id: request.id, ok: true, value: perform(request) };
  } catch (error) {
    const failure = error as { message?: unknown; code?: unknown };
    reply = {
      id: request.id,
      ok: false,
      message: String(failure.message ?? error),
      code: typeof failure.code === 'string' ? failure.code : undefined,
    };
  }
  port.postMessage(reply);
});
