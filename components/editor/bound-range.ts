import type { Editor } from '@tiptap/react';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import type * as Y from 'yjs';

export interface BoundRange {
  /** Where the range is now, after everyone's edits since it was taken; null if its text is gone. */
  resolve(): { from: number; to: number } | null;
}

interface SyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<Y.AbstractType<unknown>, unknown> };
}

/**
 * A document range held as Yjs relative positions, so it keeps pointing at the
 * same text while other people type above it and while this person's own
 * selection moves (the link popover applies to the text it was opened for).
 */
export function bindRange(editor: Editor, from: number, to: number): BoundRange {
  const sync = ySyncPluginKey.getState(editor.state) as SyncState | undefined;
  if (!sync?.binding) return { resolve: () => ({ from, to }) };
  const { doc, type, binding } = sync;
  // biome-ignore lint/suspicious/noExplicitAny: y-tiptap's mapping type is untyped JavaScript.
  const mapping = binding.mapping as any;
  const start = absolutePositionToRelativePosition(from, type, mapping);
  const end = absolutePositionToRelativePosition(to, type, mapping);
  return {
    resolve() {
      const a = relativePositionToAbsolutePosition(doc, type, start, mapping);
      const b = relativePositionToAbsolutePosition(doc, type, end, mapping);
      if (a === null || b === null) return null;
      const size = editor.state.doc.content.size;
      return { from: Math.min(Math.max(0, a), size), to: Math.min(Math.max(0, b), size) };
    },
  };
}
