import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

export interface FindOptions {
  query: string;
  matchCase: boolean;
  wholeWord: boolean;
}

export interface Match {
  from: number;
  to: number;
}

/** Longest query searched for; the find field has the same bound. */
export const MAX_QUERY_LENGTH = 500;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Every occurrence of the query in the document's text, as document
 * positions. Text is searched block by block (a match never spans two
 * paragraphs), with inline leaves (emoji, images) counted as one character so
 * positions line up. Whole word uses Unicode letters and digits, so "café"
 * is a word and "caféine" does not match it.
 */
export function findMatches(doc: ProseMirrorNode, options: FindOptions): Match[] {
  const query = options.query.slice(0, MAX_QUERY_LENGTH);
  if (query === '') return [];
  const pattern = options.wholeWord
    ? `(?<![\\p{L}\\p{N}_])${escapeRegExp(query)}(?![\\p{L}\\p{N}_])`
    : escapeRegExp(query);
  const regexp = new RegExp(pattern, options.matchCase ? 'gu' : 'giu');
  const matches: Match[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    // One string per block; `\ufffc` stands for any inline leaf so offsets map 1:1 to positions.
    let text = '';
    node.forEach((child) => {
      text += child.isText ? child.text! : '\ufffc';
    });
    for (const found of text.matchAll(regexp)) {
      if (found[0].length === 0) continue;
      const from = pos + 1 + found.index;
      matches.push({ from, to: from + found[0].length });
    }
    return false;
  });
  return matches;
}
