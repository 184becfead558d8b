'use client';

import type { Editor } from '@tiptap/react';
import { useMemo, useSyncExternalStore } from 'react';
import { SlicedEditorState, type SlicedSelector } from './sliced-editor-state';

/**
 * Like TipTap's `useEditorState` with a selector and an equality function,
 * but the selector runs after the frame's transactions instead of inside
 * every one, only when the document, selection, stored marks or editable flag
 * changed, and in slices that let socket messages through (see
 * SlicedEditorState). A remote keystroke is a transaction too: reading the
 * toolbar state inside it delayed the character reaching the screen
 * (bench/RESULTS.md, browser feel). The state is at most a run late, never
 * wrong once the edits stop.
 */
export function useFrameEditorState<T>(
  editor: Editor,
  select: SlicedSelector<Editor, T>,
  equal: (a: T, b: T) => boolean,
): T {
  const store = useMemo(() => new SlicedEditorState(editor, select, equal), [editor, select, equal]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
