import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffText, transformIndex } from '@/components/editor/text-diff';

describe('diffText', () => {
  it('finds the changed span only', () => {
    expect(diffText('hello world', 'hello brave world')).toEqual({ index: 6, deleteCount: 0, insert: 'brave ' });
    expect(diffText('hello world', 'hello')).toEqual({ index: 5, deleteCount: 6, insert: '' });
    expect(diffText('abc', 'axc')).toEqual({ index: 1, deleteCount: 1, insert: 'x' });
    expect(diffText('same', 'same')).toBeNull();
  });

  it('lets two concurrent title edits merge instead of overwriting', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('title').insert(0, 'Plan');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const [doc, next] of [
      [a, 'Big Plan'],
      [b, 'Plan 2026'],
    ] as const) {
      const text = doc.getText('title');
      const edit = diffText(text.toString(), next)!;
      text.delete(edit.index, edit.deleteCount);
      text.insert(edit.index, edit.insert);
    }
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('title').toString()).toBe('Big Plan 2026');
    expect(b.getText('title').toString()).toBe('Big Plan 2026');
  });
});

describe('transformIndex', () => {
  it('moves the caret by what was inserted or deleted before it', () => {
    expect(transformIndex(5, [{ insert: 'abc' }])).toBe(8);
    expect(transformIndex(5, [{ retain: 7 }, { insert: 'x' }])).toBe(5);
    expect(transformIndex(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    expect(transformIndex(5, [{ retain: 3 }, { delete: 10 }])).toBe(3);
  });
});
