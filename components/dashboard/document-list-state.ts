/** What the list needs of a document: the API orders by `updatedAt`, then id. */
export interface ListedDocument {
  id: string;
  title: string;
  updatedAt: string;
}

/** One page as the API answers (lib/documents.ts DocumentPage, lib/permissions/store.ts SummaryPage). */
export interface ListPage<Doc extends ListedDocument> {
  documents: Doc[];
  nextCursor: string | null;
  edited?: Doc[];
}

/**
 * The dashboard list as a reducer, so every way it changes (a search, "Load
 * more", the background refresh, a rename, a delete) is one rule here rather
 * than refs and flags spread over effects. Pure: tested without React.
 */
export interface DocumentListState<Doc extends ListedDocument = ListedDocument> {
  documents: Doc[];
  nextCursor: string | null;
  /** The query whose results are shown. */
  query: string;
  /** A load the person asked for (search, "Load more") is in flight. */
  loading: boolean;
  error: string | null;
  /** Pages shown beyond the first ("Load more"). */
  extraPages: number;
  /** Deleted from this page: no answer to a request sent before the delete may bring them back. */
  deleted: ReadonlySet<string>;
}

export type DocumentListAction<Doc extends ListedDocument = ListedDocument> =
  | { type: 'load-started' }
  /** `replace`: a new first page (search); `append`: "Load more"; `refresh`: the first page re-read in the background. */
  | { type: 'page-loaded'; kind: 'replace' | 'append' | 'refresh'; query: string; page: ListPage<Doc> }
  | { type: 'load-failed'; message: string }
  /** What the rename answered: applied to the row shown (the rest of it stays). */
  | { type: 'renamed'; document: ListedDocument & Partial<Doc> }
  | { type: 'deleted'; id: string };

export function initialListState<Doc extends ListedDocument>(page: ListPage<Doc>): DocumentListState<Doc> {
  return {
    documents: page.documents,
    nextCursor: page.nextCursor,
    query: '',
    loading: false,
    error: null,
    extraPages: 0,
    deleted: new Set(),
  };
}

/** Most recently edited first, as the API orders them. */
function compare(a: ListedDocument, b: ListedDocument): number {
  return b.updatedAt.localeCompare(a.updatedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** The newer of two versions of one document wins: an answer to an older request never undoes a rename. */
function newer<Doc extends ListedDocument>(a: Doc | undefined, b: Doc): Doc {
  return a !== undefined && a.updatedAt > b.updatedAt ? a : b;
}

function merge<Doc extends ListedDocument>(current: Doc[], incoming: Doc[], deleted: ReadonlySet<string>): Doc[] {
  const byId = new Map(current.map((doc) => [doc.id, doc]));
  for (const doc of incoming) byId.set(doc.id, newer(byId.get(doc.id), doc));
  return [...byId.values()].filter((doc) => !deleted.has(doc.id)).sort(compare);
}

/**
 * A re-read first page replaces what it covers: documents shown above its last
 * entry that it no longer lists were deleted or renamed elsewhere. What
 * "Load more" added below it stays.
 */
function refreshFirstPage<Doc extends ListedDocument>(state: DocumentListState<Doc>, page: ListPage<Doc>): Doc[] {
  const listed = new Set(page.documents.map((doc) => doc.id));
  const boundary = page.documents[page.documents.length - 1];
  const kept = state.documents.filter((doc) => {
    if (listed.has(doc.id)) return true;
    if (page.nextCursor === null || boundary === undefined) return false; // the page was the whole list
    return compare(doc, boundary) > 0; // below the refreshed page: a later page's
  });
  return merge(kept, page.documents, state.deleted);
}

export function documentListReducer<Doc extends ListedDocument>(
  state: DocumentListState<Doc>,
  action: DocumentListAction<Doc>,
): DocumentListState<Doc> {
  switch (action.type) {
    case 'load-started':
      return { ...state, loading: true, error: null };
    case 'load-failed':
      return { ...state, loading: false, error: action.message };
    case 'page-loaded': {
      const { page } = action;
      if (action.kind === 'replace') {
        return {
          ...state,
          documents: page.documents.filter((doc) => !state.deleted.has(doc.id)),
          nextCursor: page.nextCursor,
          query: action.query,
          loading: false,
          error: null,
          extraPages: 0,
        };
      }
      if (action.kind === 'append') {
        return {
          ...state,
          documents: merge(state.documents, [...page.documents, ...(page.edited ?? [])], state.deleted),
          nextCursor: page.nextCursor,
          loading: false,
          error: null,
          extraPages: state.extraPages + 1,
        };
      }
      if (action.query !== state.query) return state; // a refresh for a search no longer shown
      return {
        ...state,
        documents: refreshFirstPage(state, page),
        // After "Load more" the cursor belongs to the last page shown, not the first.
        nextCursor: state.extraPages > 0 ? state.nextCursor : page.nextCursor,
        error: null,
      };
    }
    case 'renamed': {
      const shown = state.documents.find((doc) => doc.id === action.document.id);
      if (!shown) return state;
      return { ...state, documents: merge(state.documents, [{ ...shown, ...action.document }], state.deleted) };
    }
    case 'deleted': {
      const deleted = new Set(state.deleted).add(action.id);
      return { ...state, deleted, documents: state.documents.filter((doc) => doc.id !== action.id) };
    }
  }
}
