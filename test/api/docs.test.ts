import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getDocumentRoute } from '@/app/api/docs/[id]/route';
import { POST as createRoute, GET as listRoute } from '@/app/api/docs/route';
import { databaseFile } from '@/lib/data-dir';
import { openDatabase, type SqliteDatabase } from '@/lib/db/sqlite';
import type { DocumentPage, DocumentRecord } from '@/lib/documents';
import { createTestUser, type ErrorBody, routeParams, type TestUser, userRequest, useTempDataDir } from './helpers';

let dataDir: ReturnType<typeof useTempDataDir>;
let user: TestUser;
let db: SqliteDatabase;
beforeAll(async () => {
  dataDir = useTempDataDir();
  user = await createTestUser();
  db = openDatabase(databaseFile(dataDir.dir));
});
afterAll(() => {
  db.close();
  dataDir.cleanup();
});

const jsonRequest = (method: string, path: string, body?: unknown) => userRequest(user, method, path, body);
const appDatabase = () => db;

async function create(body?: unknown): Promise<DocumentRecord> {
  const response = await createRoute(jsonRequest('POST', '/api/docs', body));
  expect(response.status).toBe(201);
  return (await response.json()) as DocumentRecord;
}

async function list(query = ''): Promise<{ status: number; body: DocumentPage & ErrorBody }> {
  const response = await listRoute(userRequest(user, 'GET', `/api/docs${query}`));
  expect(response.headers.get('cache-control')).toBe('no-store');
  return { status: response.status, body: (await response.json()) as DocumentPage & ErrorBody };
}

/** Makes `id` look edited at `at` (ms), as the sync server's commit hook would. */
function touch(id: string, at: number): void {
  appDatabase().prepare('UPDATE documents SET updated_at = ? WHERE id = ?').run(at, id);
}

describe('POST /api/docs', () => {
  it('creates a document with a title and answers 201 with the record', async () => {
    const response = await createRoute(jsonRequest('POST', '/api/docs', { title: '  Quarterly   plan ' }));
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const doc = (await response.json()) as DocumentRecord;
    expect(doc.title).toBe('Quarterly plan');
    expect(doc.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(doc.viewId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(doc.viewId).not.toBe(doc.id);
    expect(Date.parse(doc.createdAt)).not.toBeNaN();
    expect(doc.updatedAt).toBe(doc.createdAt);
    expect(doc.lastEditor).toBeNull();
  });

  it('creates an untitled document without a body', async () => {
    const response = await createRoute(userRequest(user, 'POST', '/api/docs'));
    expect(response.status).toBe(201);
    expect(((await response.json()) as DocumentRecord).title).toBe('');
  });

  it.each([
    ['invalid JSON', '{"title":'],
    ['a non-object body', '"hello"'],
    ['a number title', { title: 42 }],
    ['an unknown field', { title: 'x', owner: 'me' }],
    ['a title over 200 characters', { title: 'x'.repeat(201) }],
    ['null', 'null'],
  ])('answers 400 with a JSON error for %s', async (_label, body) => {
    const response = await createRoute(jsonRequest('POST', '/api/docs', body));
    expect(response.status).toBe(400);
    const error = (await response.json()) as ErrorBody;
    expect(error.error.code).toBe('bad_request');
    expect(error.error.message).not.toBe('');
  });

  it('answers 413 for an oversized body', async () => {
    const response = await createRoute(jsonRequest('POST', '/api/docs', { title: 'x'.repeat(20_000) }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorBody).error.code).toBe('payload_too_large');
  });
});

describe('GET /api/docs/[id]', () => {
  it('returns a document by id', async () => {
    const doc = await create({ title: 'Find me' });
    const response = await getDocumentRoute(userRequest(user, 'GET', `/api/docs/${doc.id}`), routeParams(doc.id));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: doc.id,
      title: 'Find me',
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
      role: 'owner',
    });
  });

  it.each([
    ['an unknown id', 'AAAAAAAAAAAAAAAAAAAAAA'],
    ['a malformed id', 'not a valid id!'],
    ['an over-long id', 'a'.repeat(65)],
  ])('answers 404 for %s', async (_label, id) => {
    const response = await getDocumentRoute(userRequest(user, 'GET', '/api/docs/x'), routeParams(id));
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.code).toBe('not_found');
  });
});

describe('GET /api/docs', () => {
  it('lists most recently edited first, pages with a cursor, and searches titles', async () => {
    appDatabase().exec('DELETE FROM documents');
    const created: DocumentRecord[] = [];
    for (let i = 0; i < 5; i++) created.push(await create({ title: `Page ${i}${i % 2 === 0 ? ' even' : ''}` }));
    // Edit times deliberately out of creation order; two share a timestamp to exercise the id tiebreak.
    const times = [5000, 1000, 3000, 3000, 2000];
    for (const [i, doc] of created.entries()) touch(doc.id, times[i]!);

    const first = await list('?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.documents.map((d) => d.title)).toEqual(['Page 0 even', expect.stringMatching(/^Page [23]/)]);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const seen = [...first.body.documents];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await list(`?limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(next.status).toBe(200);
      seen.push(...next.body.documents);
      cursor = next.body.nextCursor;
    }
    expect(seen.map((d) => d.updatedAt)).toEqual([5000, 3000, 3000, 2000, 1000].map((t) => new Date(t).toISOString()));
    expect(new Set(seen.map((d) => d.id)).size).toBe(5);

    const even = await list('?q=EVEN');
    expect(even.body.documents.map((d) => d.title)).toEqual(['Page 0 even', 'Page 2 even', 'Page 4 even']);
    expect(even.body.nextCursor).toBeNull();
  });

  it('treats LIKE wildcards in the search literally', async () => {
    await create({ title: '100% done' });
    await create({ title: '1000 things' });
    const percent = await list(`?q=${encodeURIComponent('0%')}`);
    expect(percent.body.documents.map((d) => d.title)).toEqual(['100% done']);
    const underscore = await list('?q=_');
    expect(underscore.body.documents).toEqual([]);
  });

  it.each([
    ['limit=0', '?limit=0'],
    ['limit=101', '?limit=101'],
    ['limit=abc', '?limit=abc'],
    ['a forged cursor', `?cursor=${Buffer.from('x:y:z').toString('base64url')}`],
    ['an unknown parameter', '?sort=title'],
  ])('answers 400 for %s', async (_label, query) => {
    const { status, body } = await list(query);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
  });
});
