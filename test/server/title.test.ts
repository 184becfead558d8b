/**
 * Finding 11: the catalogue title is derived after commits; a title of
 * megabytes must not be copied and normalised whole each time, and body edits
 * must not read the title at all.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { MAX_TITLE_LENGTH, readTitle, titleText } from '../../lib/doc-model';

afterEach(() => vi.restoreAllMocks());

/** The definition: whitespace collapsed, trimmed, cut to the limit. */
const expected = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);

describe('readTitle', () => {
  it('reads only a prefix of a huge title, with the same result as normalising all of it', () => {
    const doc = new Y.Doc();
    const title = titleText(doc);
    title.insert(0, `  Plan\n\tfor   ${'x'.repeat(50)}`);
    for (let i = 0; i < 2000; i++) title.insert(title.length, ` word${i}`);
    title.insert(title.length, 'y'.repeat(2_000_000));
    const whole = title.toString();
    const copyWhole = vi.spyOn(Y.Text.prototype as { toString(): string }, 'toString');
    expect(readTitle(doc)).toBe(expected(whole));
    expect(copyWhole).not.toHaveBeenCalled();
  });

  it('agrees with the definition on edge cases', () => {
    const cases = [
      '',
      '   ',
      'a',
      ` ${'a'.repeat(MAX_TITLE_LENGTH)} `,
      `${'a'.repeat(MAX_TITLE_LENGTH - 1)} b`,
      `${' '.repeat(5000)}late`,
      `${'a '.repeat(300)}`,
      `x${'\n'.repeat(1000)}y`,
    ];
    for (const text of cases) {
      const doc = new Y.Doc();
      // Several items: one insert per chunk, as typing makes.
      for (let i = 0; i < text.length; i += 7) titleText(doc).insert(i, text.slice(i, i + 7));
      titleText(doc).delete(0, Math.min(1, text.length));
      titleText(doc).insert(0, text.slice(0, 1));
      expect(readTitle(doc), JSON.stringify(text.slice(0, 40))).toBe(expected(text));
    }
  });
});
