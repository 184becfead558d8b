import type { EditorState } from '@tiptap/pm/state';

/** What the store reads of a TipTap editor (a plain object in tests). */
export interface EditorLike {
  readonly state: EditorState;
  readonly isEditable: boolean;
  readonly isDestroyed: boolean;
  on(event: 'transaction' | 'focus' | 'blur', listener: () => void): unknown;
  off(event: 'transaction' | 'focus' | 'blur', listener: () => void): unknown;
}

/** Timers, injectable so tests can step them. */
export interface SliceScheduler {
  /** Runs once before the next paint; returns a cancel function. */
  frame(run: () => void): () => void;
  /** Runs as a new task, after whatever is already queued (an arriving socket message). */
  task(run: () => void): () => void;
  now(): number;
}

export const browserScheduler: SliceScheduler = {
  frame(run) {
    const id = requestAnimationFrame(run);
    return () => cancelAnimationFrame(id);
  },
  task(run) {
    const id = setTimeout(run, 0);
    return () => clearTimeout(id);
  },
  now: () => performance.now(),
};

/**
 * A selector written as a generator: it yields between cheap steps (e.g. one
 * toolbar button's dry run each) so the store can pause it when its slice of
 * time is up.
 */
export type SlicedSelector<E, T> = (editor: E) => Generator<void, T, void>;

/** The longest a selector runs before it gives the main thread back (ms). */
export const SLICE_MS = 2;

/**
 * Editor-derived UI state (the toolbar's pressed and disabled buttons) kept
 * off the path of a keystroke. Measured in the browser-feel benchmark
 * (bench/RESULTS.md), the toolbar's state, a dry run of every command through
 * TipTap's `can()` (each builds a map of all commands, twice), took several
 * milliseconds per remote keystroke on the reading page; run in one piece it
 * held the next socket message back, and read inside the transaction it held
 * back the character itself. So:
 *
 * - it is read after the frame's transactions, never inside one;
 * - not at all when nothing it can depend on changed: the same document, the
 *   same selection and stored marks, the same editable flag. A remote caret
 *   moving is a transaction of its own (the caret plugin's decorations) and
 *   changes none of these;
 * - in slices of at most SLICE_MS, each a task of its own, so a message that
 *   arrives meanwhile is handled between two slices instead of after all.
 *
 * A run that sees the editor change under it still finishes (and is followed
 * by another run), so a stream of remote edits cannot starve it: the state is
 * at most a run late, never wrong once the edits stop.
 */
export class SlicedEditorState<E extends EditorLike, T> {
  private value: T;
  /** The inputs of the last completed run: a transaction that leaves them equal changes nothing. */
  private inputs: { state: EditorState; editable: boolean };
  private readonly listeners = new Set<() => void>();
  private cancelFrame: (() => void) | null = null;
  private cancelTask: (() => void) | null = null;
  private running: { iterator: Generator<void, T, void>; state: EditorState; editable: boolean } | null = null;
  /** Something changed while a run was under way: run again when it ends. */
  private dirty = false;
  /** Focus moved: run even if the state looks the same (commands may depend on it). */
  private forced = false;

  constructor(
    private readonly editor: E,
    private readonly select: SlicedSelector<E, T>,
    private readonly equal: (a: T, b: T) => boolean,
    private readonly scheduler: SliceScheduler = browserScheduler,
    private readonly sliceMs = SLICE_MS,
  ) {
    this.value = drain(select(editor));
    this.inputs = { state: editor.state, editable: editor.isEditable };
  }

  getSnapshot = (): T => this.value;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.attach();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.detach();
    };
  };

  private readonly onTransaction = () => this.schedule();
  private readonly onFocus = () => {
    this.forced = true;
    this.schedule();
  };

  private attach(): void {
    this.editor.on('transaction', this.onTransaction);
    this.editor.on('focus', this.onFocus);
    this.editor.on('blur', this.onFocus);
    // Whatever happened while nobody listened.
    this.schedule();
  }

  private detach(): void {
    this.editor.off('transaction', this.onTransaction);
    this.editor.off('focus', this.onFocus);
    this.editor.off('blur', this.onFocus);
    this.cancelFrame?.();
    this.cancelTask?.();
    this.cancelFrame = null;
    this.cancelTask = null;
    this.running = null;
  }

  private schedule(): void {
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.cancelFrame ??= this.scheduler.frame(() => {
      this.cancelFrame = null;
      this.start();
    });
  }

  private unchanged(): boolean {
    const { state, editable } = this.inputs;
    const now = this.editor.state;
    return (
      editable === this.editor.isEditable &&
      state.doc === now.doc &&
      state.selection.eq(now.selection) &&
      sameMarks(state.storedMarks, now.storedMarks)
    );
  }

  private start(): void {
    if (this.editor.isDestroyed) return;
    if (!this.forced && this.unchanged()) return;
    this.forced = false;
    this.dirty = false;
    this.running = {
      iterator: this.select(this.editor),
      state: this.editor.state,
      editable: this.editor.isEditable,
    };
    this.pump();
  }

  private pump(): void {
    this.cancelTask = null;
    const run = this.running;
    if (!run) return;
    if (this.editor.isDestroyed) {
      this.running = null;
      return;
    }
    const began = this.scheduler.now();
    for (;;) {
      const step = run.iterator.next();
      if (step.done) {
        this.finish(run, step.value);
        return;
      }
      if (this.scheduler.now() - began >= this.sliceMs) {
        this.cancelTask = this.scheduler.task(() => this.pump());
        return;
      }
    }
  }

  private finish(run: { state: EditorState; editable: boolean }, next: T): void {
    this.running = null;
    this.inputs = { state: run.state, editable: run.editable };
    // Read across a change: its inputs are the older state's, so the next run is not skipped.
    if (this.dirty || this.editor.state !== run.state) {
      this.dirty = false;
      this.schedule();
    }
    if (this.equal(next, this.value)) return;
    this.value = next;
    for (const listener of this.listeners) listener();
  }
}

function drain<T>(iterator: Generator<void, T, void>): T {
  for (;;) {
    const step = iterator.next();
    if (step.done) return step.value;
  }
}

function sameMarks(a: EditorState['storedMarks'], b: EditorState['storedMarks']): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((mark, i) => mark.eq(b[i]!));
}
