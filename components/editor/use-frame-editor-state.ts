'use client';

import type { Editor } from '@tiptap/react';
import { useCallback, useRef, useSyncExternalStore } from 'react';

/**
 * Like TipTap's `useEditorState` with a selector and an equality function,
 * but the selector runs at most once per animation frame, after the frame's
 * transactions, instead of inside every transaction. A remote keystroke is
 * a transaction too: reading the toolbar state (a dry run of every command)
 * inside it delayed the character reaching the screen (bench/RESULTS.md,
 * browser feel). The state is at most one frame late, never wrong.
 */
export function useFrameEditorState<T>(
  editor: Editor,
  select: (editor: Editor) => T,
  equal: (a: T, b: T | null) => boolean,
): T {
  const current = useRef<T | null>(null);
  if (current.current === null) current.current = select(editor);

  const subscribe = useCallback(
    (changed: () => void) => {
      let frame: number | null = null;
      const recompute = () => {
        frame = null;
        if (editor.isDestroyed) return;
        const next = select(editor);
        if (equal(next, current.current)) return;
        current.current = next;
        changed();
      };
      const schedule = () => {
        frame ??= requestAnimationFrame(recompute);
      };
      editor.on('transaction', schedule);
      // Focus changes alter what may run (e.g. nothing while the editor is not editable).
      editor.on('focus', schedule);
      editor.on('blur', schedule);
      return () => {
        editor.off('transaction', schedule);
        editor.off('focus', schedule);
        editor.off('blur', schedule);
        if (frame !== null) cancelAnimationFrame(frame);
      };
    },
    [editor, select, equal],
  );
  return useSyncExternalStore(
    subscribe,
    () => current.current as T,
    () => current.current as T,
  );
}
