import type { DocumentRecord } from '@/lib/documents';
import type { DocumentSummary, ListView, SummaryPage } from '@/lib/permissions/store';

export type { SummaryPage } from '@/lib/permissions/store';

/** Error thrown by the browser-side API helpers; `code` is the API's error code. */
export class DocsApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DocsApiError';
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
      cache: 'no-store',
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new DocsApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
  }
  if (response.status === 401 && typeof window !== 'undefined') {
    // The session ended (signed out elsewhere, expired): sign in again and come back.
    const next = window.location.pathname + window.location.search;
    window.location.assign(`/sign-in?next=${encodeURIComponent(next)}`);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new DocsApiError(
      response.status,
      body?.error?.code ?? 'unknown',
      body?.error?.message ?? `Request failed (${response.status}).`,
    );
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function createDocumentRequest(title?: string): Promise<DocumentRecord> {
  return request('/api/docs', { method: 'POST', body: JSON.stringify(title === undefined ? {} : { title }) });
}

export function listDocumentsRequest(options: {
  q?: string;
  cursor?: string | null;
  limit?: number;
  view?: ListView;
  signal?: AbortSignal;
}): Promise<SummaryPage> {
  const params = new URLSearchParams();
  if (options.view && options.view !== 'all') params.set('view', options.view);
  if (options.q) params.set('q', options.q);
  if (options.cursor) params.set('cursor', options.cursor);
  if (options.limit) params.set('limit', String(options.limit));
  const query = params.toString();
  return request(`/api/docs${query ? `?${query}` : ''}`, options.signal ? { signal: options.signal } : {});
}

export function renameDocumentRequest(
  id: string,
  title: string,
): Promise<Pick<DocumentSummary, 'id' | 'title' | 'updatedAt'>> {
  return request(`/api/docs/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ title }) });
}

export function deleteDocumentRequest(id: string): Promise<void> {
  return request(`/api/docs/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Moves a document to the trash (restorable for 30 days). */
export function trashDocumentRequest(id: string): Promise<void> {
  return request(`/api/docs/${encodeURIComponent(id)}/trash`, { method: 'POST' });
}

export function restoreDocumentRequest(id: string): Promise<Pick<DocumentSummary, 'id' | 'title' | 'updatedAt'>> {
  return request(`/api/docs/${encodeURIComponent(id)}/restore`, { method: 'POST' });
}
