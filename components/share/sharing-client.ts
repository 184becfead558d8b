import type { MemberSummary, PersonSummary } from '@/lib/permissions/store';
import type { GeneralAccess, MemberRole } from '@/lib/policies/document-policy';

/** What `/api/docs/<id>/sharing` answers (the owner's view of who may open the document). */
export interface SharingState {
  id: string;
  owner: PersonSummary | null;
  members: MemberSummary[];
  requests: PersonSummary[];
  generalAccess: GeneralAccess;
  linkToken: string | null;
}

async function call<T>(path: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const parsed = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) throw new Error(parsed?.error?.message ?? `Request failed (${response.status}).`);
  return parsed as T;
}

export const sharingApi = (docId: string) => {
  const base = `/api/docs/${encodeURIComponent(docId)}`;
  return {
    load: () => call<SharingState>(`${base}/sharing`, 'GET'),
    setGeneralAccess: (generalAccess: GeneralAccess) =>
      call<SharingState>(`${base}/sharing`, 'PATCH', { generalAccess }),
    setMember: (person: string, role: MemberRole) => call<SharingState>(`${base}/members`, 'PUT', { person, role }),
    removeMember: (userId: string) => call<SharingState>(`${base}/members/${encodeURIComponent(userId)}`, 'DELETE'),
    resetLink: () => call<SharingState>(`${base}/link`, 'POST'),
    decline: (userId: string) => call<SharingState>(`${base}/access-requests`, 'DELETE', { userId }),
  };
};

export async function findPeople(q: string): Promise<PersonSummary[]> {
  return (await call<{ people: PersonSummary[] }>(`/api/people?q=${encodeURIComponent(q)}`, 'GET')).people;
}
