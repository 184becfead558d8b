/**
 * Group commit across documents: appends that arrive while a transaction is in
 * flight (or within the same turn of the event loop) are written together in
 * the next one, one transaction for the whole batch rather than one per
 * document. Under load this is what keeps a commit's cost (an fsync, a round
 * trip to PostgreSQL) from being paid once per document per keystroke.
 */
import { type AppendOptions, type SeqRange, StorageError } from './storage';

export interface AppendRequest {
  doc: string;
  updates: readonly Uint8Array[];
  expectHead: number | undefined;
}

/** Per request, in order: the range it was given, or why it was refused (deleted, head moved). */
export type AppendOutcome = SeqRange | StorageError;

/** Writes one batch in one transaction. Throws when the transaction failed as a whole. */
export type CommitBatch = (requests: readonly AppendRequest[]) => Promise<AppendOutcome[]>;

interface Waiting extends AppendRequest {
  resolve(range: SeqRange): void;
  reject(error: unknown): void;
}

/** Largest number of appends written in one transaction. */
const MAX_BATCH = 512;

export class GroupCommit {
  private queue: Waiting[] = [];
  private running = false;
  private idle: (() => void)[] = [];

  constructor(private readonly commitBatch: CommitBatch) {}

  append(doc: string, updates: readonly Uint8Array[], options: AppendOptions = {}): Promise<SeqRange> {
    return new Promise((resolve, reject) => {
      this.queue.push({ doc, updates, expectHead: options.expectHead, resolve, reject });
      if (!this.running) {
        this.running = true;
        // setImmediate: every append issued in this turn joins the batch.
        setImmediate(() => void this.run());
      }
    });
  }

  /** Resolves once every append made so far has been committed or refused. */
  drained(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.take();
      try {
        const outcomes = await this.commitBatch(batch);
        batch.forEach((waiting, i) => {
          const outcome = outcomes[i]!;
          if (outcome instanceof StorageError) waiting.reject(outcome);
          else waiting.resolve(outcome);
        });
      } catch (error) {
        const failure =
          error instanceof StorageError ? error : new StorageError('group commit failed', { cause: error });
        for (const waiting of batch) waiting.reject(failure);
      }
    }
    this.running = false;
    for (const resolve of this.idle.splice(0)) resolve();
  }

  /** A batch holds each document at most once (its sequence is taken once per transaction), in arrival order. */
  private take(): Waiting[] {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const seen = new Set<string>();
    for (const waiting of this.queue) {
      if (seen.has(waiting.doc) || batch.length >= MAX_BATCH) rest.push(waiting);
      else {
        seen.add(waiting.doc);
        batch.push(waiting);
      }
    }
    this.queue = rest;
    return batch;
  }
}
