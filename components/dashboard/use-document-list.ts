'use client';

import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { DocumentSummary, ListView, SummaryPage } from '@/lib/permissions/store';
import { listDocumentsRequest } from './docs-client';
import { documentListReducer, initialListState, type ListedDocument } from './document-list-state';

/** How often a visible dashboard re-reads its first page, so titles and edit times stay current. */
const LIVE_REFRESH_MS = 20_000;

/**
 * The dashboard's list: one reducer for its state, one AbortController per
 * request so a newer request cancels an older one instead of racing it.
 * A search or "Load more" cancels a background refresh in flight; a refresh
 * never starts while either is pending. The view (All, My documents, Shared
 * with me, Recent) is part of every request; switching it loads its first page.
 */
export function useDocumentList(initialPage: SummaryPage) {
  const [state, dispatch] = useReducer(
    documentListReducer<DocumentSummary>,
    initialPage,
    initialListState<DocumentSummary>,
  );
  const view = useRef<ListView>('all');
  const userRequest = useRef<AbortController | null>(null);
  const refreshRequest = useRef<AbortController | null>(null);
  const latest = useRef(state);
  latest.current = state;

  const fetchPage = useCallback(
    async (kind: 'replace' | 'append', query: string, cursor: string | null): Promise<void> => {
      userRequest.current?.abort();
      refreshRequest.current?.abort();
      const controller = new AbortController();
      userRequest.current = controller;
      dispatch({ type: 'load-started' });
      try {
        const page = await listDocumentsRequest({ q: query, cursor, view: view.current, signal: controller.signal });
        dispatch({ type: 'page-loaded', kind, query, page });
      } catch (reason) {
        if (controller.signal.aborted) return;
        dispatch({
          type: 'load-failed',
          message: reason instanceof Error ? reason.message : 'Could not load documents.',
        });
      } finally {
        if (userRequest.current === controller) userRequest.current = null;
      }
    },
    [],
  );

  const search = useCallback((query: string) => fetchPage('replace', query, null), [fetchPage]);

  const chooseView = useCallback(
    (next: ListView) => {
      view.current = next;
      return fetchPage('replace', latest.current.query, null);
    },
    [fetchPage],
  );

  const loadMore = useCallback(() => {
    const { query, nextCursor } = latest.current;
    if (nextCursor) void fetchPage('append', query, nextCursor);
  }, [fetchPage]);

  /** Re-reads the first page quietly: no spinner, and a failure waits for the next tick. */
  const refresh = useCallback(async () => {
    if (userRequest.current !== null || document.visibilityState !== 'visible') return;
    refreshRequest.current?.abort();
    const controller = new AbortController();
    refreshRequest.current = controller;
    const query = latest.current.query;
    try {
      const page = await listDocumentsRequest({ q: query, view: view.current, signal: controller.signal });
      // "Recent" is ordered by the person's visits, not by edits: its one page is taken as listed.
      const kind = view.current === 'recent' ? 'replace' : 'refresh';
      if (!controller.signal.aborted) dispatch({ type: 'page-loaded', kind, query, page });
    } catch {
      // Quiet by design: the next tick tries again.
    } finally {
      if (refreshRequest.current === controller) refreshRequest.current = null;
    }
  }, []);

  // Titles follow the live documents (the sync server updates the catalogue
  // after each commit). Also at once on mount: coming Back restores the page
  // with the first page it was rendered with, which may be minutes old.
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), LIVE_REFRESH_MS);
    const onVisible = () => void refresh();
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('pageshow', onPageShow);
      userRequest.current?.abort();
      refreshRequest.current?.abort();
    };
  }, [refresh]);

  const renamed = useCallback(
    (document: ListedDocument & Partial<DocumentSummary>) => dispatch({ type: 'renamed', document }),
    [],
  );
  const deleted = useCallback((id: string) => dispatch({ type: 'deleted', id }), []);

  return { state, search, chooseView, loadMore, renamed, deleted };
}
