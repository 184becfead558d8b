/**
 * Minimal edits for a plain-text field bound to a Y.Text (the title). Applying
 * only the changed span, instead of replacing the whole string, is what lets
 * two people edit the title at the same time without one overwriting the other.
 */
export interface TextEdit {
  index: number;
  deleteCount: number;
  insert: string;
}

export function diffText(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { index: start, deleteCount: endBefore - start, insert: after.slice(start, endAfter) };
}

/** One operation of a Y.Text delta (`YTextEvent.delta`). */
export interface DeltaOp {
  insert?: unknown;
  delete?: number;
  retain?: number;
}

/**
 * Where a caret at `index` ends up after a remote delta, so the person typing
 * keeps their place when someone else edits text before it.
 */
export function transformIndex(index: number, delta: readonly DeltaOp[]): number {
  let position = 0; // position in the old text
  let shift = 0;
  for (const op of delta) {
    if (position > index) break;
    if (op.retain !== undefined) {
      position += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      // Insertions exactly at the caret go before it (the caret stays after what it preceded).
      if (position <= index) shift += length;
    } else if (op.delete !== undefined) {
      const deletedBeforeCaret = Math.min(op.delete, Math.max(0, index - position));
      shift -= deletedBeforeCaret;
      position += op.delete;
    }
  }
  return Math.max(0, index + shift);
}
