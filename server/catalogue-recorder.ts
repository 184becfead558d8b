/**
 * Debounces the catalogue's per-commit columns (title, updated_at,
 * last_editor) for one document: the first commit after a quiet spell is
 * recorded at once (a rename shows on the dashboard immediately), the ones
 * that follow within `windowMs` are folded into one trailing write. Typing
 * costs the shared database one catalogue UPDATE per second per document and
 * process, not one per keystroke batch.
 */
import type { CommitRecord, Directory } from './directory';
import type { Logger } from './log';

export const CATALOGUE_WINDOW_MS = 1_000;

export class CatalogueRecorder {
  private pending: CommitRecord | null = null;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly doc: string,
    private readonly directory: Directory,
    private readonly log: Logger,
    private readonly windowMs = CATALOGUE_WINDOW_MS,
  ) {}

  record(record: CommitRecord): void {
    if (this.timer === null) {
      this.write(record);
      this.timer = setTimeout(() => this.endWindow(), this.windowMs);
      this.timer.unref();
      return;
    }
    // Keep the last named editor of the window even if a later commit had none (an admin rename).
    this.pending = { ...record, editor: record.editor ?? this.pending?.editor ?? null };
  }

  /** Writes what is pending now (unload, shutdown). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending) this.write(this.pending);
    this.pending = null;
    await this.writing;
  }

  private endWindow(): void {
    this.timer = null;
    if (!this.pending) return;
    const record = this.pending;
    this.pending = null;
    this.record(record);
  }

  private write(record: CommitRecord): void {
    this.writing = this.writing
      .then(() => this.directory.recordCommit(this.doc, record))
      .catch((error: unknown) => this.log.warn({ err: error }, 'catalogue update failed'));
  }
}
