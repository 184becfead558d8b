/**
 * Group commit for one document: updates queue up while a commit is in flight
 * (or until the current I/O phase ends) and are appended together in one
 * storage transaction. Callers learn about a batch only after it is durable;
 * the room then applies and broadcasts it.
 */
import type { Logger } from './log';
import type { SyncMetrics } from './metrics';
import type { TransactionOrigin } from './origin';
import { DocumentDeletedError, type SeqRange, type Storage } from './storage/storage';

export interface PendingUpdate {
  update: Uint8Array;
  origin: TransactionOrigin;
}

/** What `admit` decided: updates to store, and updates the document already holds (stored nowhere, answered as saved). */
export interface Admission {
  store: readonly PendingUpdate[];
  unchanged: readonly PendingUpdate[];
}

export interface CommitHandlers {
  /**
   * Called with each batch before it is stored; returns the updates that may be
   * stored, in order (and, optionally, those that change nothing: they resolve
   * with the batch, unstored). The others are dropped and their promises
   * rejected with RejectedUpdateError (the handler tells their senders).
   */
  admit(batch: readonly PendingUpdate[]): readonly PendingUpdate[] | Admission;
  /** The batch is durable, in arrival order, as the log rows `range`. */
  committed(batch: readonly PendingUpdate[], range: SeqRange): void;
  /** Storage kept failing; the batch (and everything queued behind it) was dropped. */
  failed(batch: readonly PendingUpdate[], error: PersistError): void;
  /** Updates that changed nothing are settled as saved (after the batch they came with, if any). */
  unchanged?(updates: readonly PendingUpdate[]): void;
}

export class PersistError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PersistError';
  }
}

/** An update the room refused to store (it does not apply to the document). */
export class RejectedUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RejectedUpdateError';
  }
}

/** Attempts per batch before giving up (backoff 100, 200, 400 ms between them). */
const PERSIST_ATTEMPTS = 4;

interface Queued extends PendingUpdate {
  settle: (error?: Error) => void;
}

export class CommitQueue {
  private queue: Queued[] = [];
  private draining: Promise<void> | null = null;
  private closedReason: PersistError | null = null;

  constructor(
    private readonly doc: string,
    private readonly storage: Storage,
    private readonly metrics: SyncMetrics,
    private readonly log: Logger,
    private readonly handlers: CommitHandlers,
  ) {}

  /** Queues an update; resolves once it is durable and handed to `committed`. */
  enqueue(update: Uint8Array, origin: TransactionOrigin): Promise<void> {
    if (this.closedReason) return Promise.reject(this.closedReason);
    return new Promise((resolve, reject) => {
      this.queue.push({ update, origin, settle: (error) => (error ? reject(error) : resolve()) });
      this.scheduleDrain();
    });
  }

  /** Stops accepting updates and drops (rejects) what is queued and not yet being written. */
  close(reason: PersistError): void {
    this.closedReason = reason;
    this.rejectQueued(reason);
  }

  /** Resolves when everything queued so far has been committed or dropped. */
  async flush(): Promise<void> {
    while (this.draining || this.queue.length > 0) {
      if (!this.draining) this.scheduleDrain();
      await this.draining;
    }
  }

  private scheduleDrain(): void {
    if (this.draining) return;
    // setImmediate: every message already read from the sockets joins this batch.
    this.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.draining = null;
        if (this.queue.length > 0) this.scheduleDrain();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const queued = this.queue;
      this.queue = [];
      try {
        await this.commit(queued);
      } catch (error) {
        // A bug in a handler must not reject the drain: nobody awaits it, and an
        // unhandled rejection ends the process (every room). Settling twice is a
        // no-op, so this reaches only callers that were not answered yet.
        this.log.error({ err: error }, 'handling a batch failed');
        const failure = new PersistError(`handling a batch of ${this.doc} failed`, { cause: error });
        for (const pending of queued) pending.settle(failure);
      }
    }
  }

  private async commit(queued: readonly Queued[]): Promise<void> {
    const { store: batch, unchanged } = this.admitted(queued);
    const settleUnchanged = () => {
      if (unchanged.length === 0) return;
      for (const pending of unchanged) pending.settle();
      this.handlers.unchanged?.(unchanged);
    };
    if (batch.length === 0) {
      settleUnchanged();
      return;
    }
    let range: SeqRange;
    try {
      range = await this.persist(batch.map((pending) => pending.update));
    } catch (error) {
      const failure = error instanceof PersistError ? error : new PersistError(String(error), { cause: error });
      // An unchanged update may depend on this batch (a duplicate of one in it): it fails with it.
      for (const pending of [...batch, ...unchanged]) pending.settle(failure);
      this.rejectQueued(failure);
      this.handlers.failed(batch, failure);
      return;
    }
    try {
      this.handlers.committed(batch, range);
    } catch (error) {
      // Durable (and perhaps already broadcast): reporting it failed would make the caller
      // believe an acknowledged change was lost. The bug is logged; the batch stands.
      this.log.error({ err: error, updates: batch.length }, 'handling a committed batch failed');
    }
    for (const pending of batch) pending.settle();
    settleUnchanged();
  }

  private admitted(queued: readonly Queued[]): { store: Queued[]; unchanged: Queued[] } {
    const decision = this.handlers.admit(queued);
    const storeList = Array.isArray(decision) ? decision : (decision as Admission).store;
    const unchangedList = Array.isArray(decision) ? [] : (decision as Admission).unchanged;
    // The common case: everything applies, and no Error (a stack trace) is built per batch.
    if (unchangedList.length === 0 && storeList.length === queued.length) {
      return { store: queued as Queued[], unchanged: [] };
    }
    const store = new Set(storeList);
    const unchanged = new Set(unchangedList);
    let rejection: RejectedUpdateError | undefined;
    for (const pending of queued) {
      if (store.has(pending) || unchanged.has(pending)) continue;
      rejection ??= new RejectedUpdateError(`update does not apply to document ${this.doc}`);
      pending.settle(rejection);
    }
    return {
      store: queued.filter((pending) => store.has(pending)),
      unchanged: queued.filter((pending) => unchanged.has(pending)),
    };
  }

  private async persist(updates: readonly Uint8Array[]): Promise<SeqRange> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= PERSIST_ATTEMPTS; attempt++) {
      const stopTimer = this.metrics.persistSeconds.startTimer();
      try {
        const range = await this.storage.append(this.doc, updates);
        stopTimer();
        this.metrics.updatesPersisted.inc(updates.length);
        return range;
      } catch (error) {
        stopTimer();
        // Deleted (perhaps by another process): retrying cannot help, and nothing may be stored.
        if (error instanceof DocumentDeletedError) throw new PersistError(error.message, { cause: error });
        lastError = error;
        this.metrics.persistFailures.inc();
        this.log.error({ err: error, attempt, updates: updates.length }, 'commit failed');
        if (attempt < PERSIST_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        // Closed while we waited (the document was deleted): a retry would store it after the delete.
        if (this.closedReason) throw this.closedReason;
      }
    }
    throw new PersistError(`could not store updates of ${this.doc}`, { cause: lastError });
  }

  private rejectQueued(reason: PersistError): void {
    const dropped = this.queue;
    this.queue = [];
    for (const pending of dropped) pending.settle(reason);
  }
}
