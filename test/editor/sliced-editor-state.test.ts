import { Schema } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { type EditorLike, SlicedEditorState, type SliceScheduler } from '@/components/editor/sliced-editor-state';

const schema = new Schema({
  nodes: { doc: { content: 'paragraph+' }, paragraph: { content: 'text*' }, text: {} },
});

/** A TipTap-shaped editor over a plain EditorState: `apply` is one transaction. */
class FakeEditor implements EditorLike {
  state = EditorState.create({ schema, doc: schema.node('doc', null, [schema.node('paragraph')]) });
  isEditable = true;
  isDestroyed = false;
  private readonly handlers = new Map<string, Set<() => void>>();
  on(event: string, listener: () => void) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(listener);
  }
  off(event: string, listener: () => void) {
    this.handlers.get(event)?.delete(listener);
  }
  apply(change: (state: EditorState) => ReturnType<EditorState['apply']>) {
    this.state = change(this.state);
    for (const listener of this.handlers.get('transaction') ?? []) listener();
  }
  type(text: string) {
    this.apply((state) => state.apply(state.tr.insertText(text, state.doc.content.size - 1)));
  }
  /** What a remote caret moving does: a transaction with only a meta (the caret plugin's). */
  metaOnly() {
    this.apply((state) => state.apply(state.tr.setMeta('caret', { awarenessUpdated: true })));
  }
}

/** Frames and tasks run only when the test says so; each selector step costs 1 ms of fake time. */
class SteppedScheduler implements SliceScheduler {
  frames: Array<() => void> = [];
  tasks: Array<() => void> = [];
  time = 0;
  frame(run: () => void) {
    this.frames.push(run);
    return () => {
      this.frames = this.frames.filter((f) => f !== run);
    };
  }
  task(run: () => void) {
    this.tasks.push(run);
    return () => {
      this.tasks = this.tasks.filter((t) => t !== run);
    };
  }
  now() {
    return this.time;
  }
  runFrames() {
    const frames = this.frames;
    this.frames = [];
    for (const frame of frames) frame();
  }
  runTasks() {
    while (this.tasks.length > 0) this.tasks.shift()!();
  }
}

function setup(steps = 1) {
  const editor = new FakeEditor();
  const scheduler = new SteppedScheduler();
  let runs = 0;
  function* select(e: FakeEditor): Generator<void, string, void> {
    runs++;
    for (let i = 0; i < steps; i++) {
      scheduler.time += 1;
      yield;
    }
    return e.state.doc.textContent;
  }
  const store = new SlicedEditorState(editor, select, (a, b) => a === b, scheduler, 2);
  let notified = 0;
  store.subscribe(() => notified++);
  scheduler.runFrames(); // the attach-time check
  return { editor, scheduler, store, runs: () => runs, notified: () => notified };
}

describe('SlicedEditorState', () => {
  it('reads the state after the frame, not inside the transaction', () => {
    const { editor, scheduler, store, notified } = setup();
    editor.type('a');
    expect(store.getSnapshot()).toBe('');
    scheduler.runFrames();
    expect(store.getSnapshot()).toBe('a');
    expect(notified()).toBe(1);
  });

  it('does not run the selector for a transaction that changes no document, selection or stored marks', () => {
    const { editor, scheduler, runs } = setup();
    const before = runs();
    editor.metaOnly();
    editor.metaOnly();
    scheduler.runFrames();
    scheduler.runTasks();
    expect(runs()).toBe(before);
  });

  it('runs it when only the selection moved', () => {
    const { editor, scheduler, runs } = setup();
    editor.type('abc');
    scheduler.runFrames();
    const before = runs();
    editor.apply((state) => state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1))));
    scheduler.runFrames();
    expect(runs()).toBe(before + 1);
  });

  it('runs it again when focus moves, though the state is the same', () => {
    const { editor, scheduler, runs } = setup();
    const before = runs();
    for (const listener of (editor as unknown as { handlers: Map<string, Set<() => void>> }).handlers.get('focus')!) {
      listener();
    }
    scheduler.runFrames();
    expect(runs()).toBe(before + 1);
  });

  it('gives the main thread back between slices and publishes once the run completes', () => {
    const { editor, scheduler, store } = setup(5);
    editor.type('x');
    scheduler.runFrames();
    // 5 steps of 1 ms in slices of 2 ms: the first slice stops, the rest wait as tasks.
    expect(scheduler.tasks.length).toBe(1);
    expect(store.getSnapshot()).toBe('');
    scheduler.runTasks();
    expect(store.getSnapshot()).toBe('x');
  });

  it('after a change in the middle of a run, finishes it and runs again, ending on the latest state', () => {
    const { editor, scheduler, store } = setup(5);
    editor.type('x');
    scheduler.runFrames();
    editor.type('y'); // between two slices, like a socket message
    scheduler.runTasks();
    scheduler.runFrames();
    scheduler.runTasks();
    expect(store.getSnapshot()).toBe('xy');
  });
});
