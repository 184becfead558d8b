import { describe, expect, it } from 'vitest';
import {
  type DocumentListState,
  documentListReducer,
  initialListState,
} from '@/components/dashboard/document-list-state';
import type { DocumentRecord } from '@/lib/documents';

function doc(id: string, title: string, minute: number): DocumentRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
  return { id, viewId: `v${id}`, title, createdAt: at, updatedAt: at, lastEditor: null };
}

const titles = (state: DocumentListState) => state.documents.map((d) => d.title);

describe('documentListReducer', () => {
  it('an answer to a refresh sent before a rename does not undo the rename', () => {
    const a = doc('a', 'Old title', 1);
    let state = initialListState({ documents: [a, doc('b', 'B', 0)], nextCursor: null });
    state = documentListReducer(state, { type: 'renamed', document: { ...doc('a', 'New title', 5) } });
    // The refresh was requested before the rename: it still carries the old title.
    state = documentListReducer(state, {
      type: 'page-loaded',
      kind: 'refresh',
      query: '',
      page: { documents: [a, doc('b', 'B', 0)], nextCursor: null },
    });
    expect(titles(state)).toEqual(['New title', 'B']);
  });

  it('a deleted document never comes back from an answer sent before the delete', () => {
    let state = initialListState({ documents: [doc('a', 'A', 2), doc('b', 'B', 1)], nextCursor: null });
    state = documentListReducer(state, { type: 'deleted', id: 'a' });
    for (const kind of ['refresh', 'replace', 'append'] as const) {
      state = documentListReducer(state, {
        type: 'page-loaded',
        kind,
        query: '',
        page: { documents: [doc('a', 'A', 2), doc('b', 'B', 1)], nextCursor: null },
      });
      expect(titles(state)).toEqual(['B']);
    }
  });

  it('a refresh after "Load more" updates the first page and keeps the pages below it', () => {
    let state = initialListState({ documents: [doc('d', 'D', 4), doc('c', 'C', 3)], nextCursor: 'c1' });
    state = documentListReducer(state, {
      type: 'page-loaded',
      kind: 'append',
      query: '',
      page: { documents: [doc('b', 'B', 2), doc('a', 'A', 1)], nextCursor: 'c2' },
    });
    expect(titles(state)).toEqual(['D', 'C', 'B', 'A']);
    // Meanwhile B was edited elsewhere (it moves to the top) and D was deleted elsewhere.
    state = documentListReducer(state, {
      type: 'page-loaded',
      kind: 'refresh',
      query: '',
      page: { documents: [doc('b', 'B edited', 9), doc('c', 'C', 3)], nextCursor: 'x' },
    });
    expect(titles(state)).toEqual(['B edited', 'C', 'A']);
    expect(state.nextCursor).toBe('c2');
  });

  it('"Load more" shows documents edited while paging, in order', () => {
    let state = initialListState({ documents: [doc('d', 'D', 4), doc('c', 'C', 3)], nextCursor: 'c1' });
    state = documentListReducer(state, {
      type: 'page-loaded',
      kind: 'append',
      query: '',
      page: { documents: [doc('b', 'B', 2)], nextCursor: null, edited: [doc('a', 'A edited', 8)] },
    });
    expect(titles(state)).toEqual(['A edited', 'D', 'C', 'B']);
  });

  it('a background refresh for a search no longer shown is ignored', () => {
    let state = initialListState({ documents: [doc('a', 'Alpha', 1)], nextCursor: null });
    state = documentListReducer(state, {
      type: 'page-loaded',
      kind: 'replace',
      query: 'be',
      page: { documents: [doc('b', 'Beta', 2)], nextCursor: null },
    });
    state = documentListReducer(state, {
      type: 'page-loaded',
      kind: 'refresh',
      query: '',
      page: { documents: [doc('a', 'Alpha', 1)], nextCursor: null },
    });
    expect(titles(state)).toEqual(['Beta']);
  });
});
