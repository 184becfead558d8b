import { describe, expect, it } from 'vitest';
import { editorSchema } from '@/components/editor/extensions';
import { findMatches } from '@/components/editor/find/find-matches';

const schema = editorSchema();
const doc = schema.node('doc', null, [
  schema.node('paragraph', null, [schema.text('Cat and cat; category. CAT')]),
  schema.node('paragraph', null, [schema.text('café caféine')]),
]);

const texts = (options: { query: string; matchCase?: boolean; wholeWord?: boolean }) =>
  findMatches(doc, { matchCase: false, wholeWord: false, ...options }).map((m) => doc.textBetween(m.from, m.to));

describe('findMatches', () => {
  it('finds case-insensitively by default, and exactly with match case', () => {
    expect(texts({ query: 'cat' })).toEqual(['Cat', 'cat', 'cat', 'CAT']);
    expect(texts({ query: 'cat', matchCase: true })).toEqual(['cat', 'cat']);
  });

  it('whole word skips matches inside words, Unicode letters included', () => {
    expect(texts({ query: 'cat', wholeWord: true })).toEqual(['Cat', 'cat', 'CAT']);
    expect(texts({ query: 'café', wholeWord: true })).toEqual(['café']);
  });

  it('treats the query literally and finds nothing for an empty one', () => {
    expect(texts({ query: '.' })).toEqual(['.']);
    expect(texts({ query: '' })).toEqual([]);
  });
});
