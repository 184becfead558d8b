/**
 * The trash through the route handlers on a real SQLite file, and the trash
 * store's contract on PostgreSQL.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as restore } from '@/app/api/docs/[id]/restore/route';
import { GET as getDoc } from '@/app/api/docs/[id]/route';
import { POST as trash } from '@/app/api/docs/[id]/trash/route';
import { POST as createDoc, GET as listDocs } from '@/app/api/docs/route';
import { GET as listTrash } from '@/app/api/trash/route';
import { PostgresCatalogue } from '@/lib/catalogue';
import { appTrash } from '@/lib/trash/app-trash';
import { expiredEntries, PostgresTrashStore, TRASH_RETENTION_MS } from '@/lib/trash/trash-store';
import { cleanup } from '../server/helpers';
import { testSchema } from '../server/pg';
import { BASE, jsonRequest, routeParams, useTempDataDir } from './helpers';

let dataDir: ReturnType<typeof useTempDataDir>;
beforeAll(() => {
  dataDir = useTempDataDir();
});
afterAll(() => dataDir.cleanup());
afterEach(cleanup);

async function newDocument(title: string): Promise<string> {
  const response = await createDoc(jsonRequest('POST', '/api/docs', { title }));
  return ((await response.json()) as { id: string }).id;
}

async function listedIds(): Promise<string[]> {
  const response = await listDocs(new Request(`${BASE}/api/docs?limit=100`));
  return ((await response.json()) as { documents: { id: string }[] }).documents.map((d) => d.id);
}

async function trashedIds(): Promise<string[]> {
  return ((await (await listTrash()).json()) as { documents: { id: string }[] }).documents.map((d) => d.id);
}

const post = (handler: typeof trash, id: string) =>
  handler(new Request(`${BASE}/api/docs/${id}/x`, { method: 'POST' }), routeParams(id));

describe('trash', () => {
  it('moves a document out of the list and its links, and restores it', async () => {
    const id = await newDocument('Keep me');
    expect((await post(trash, id)).status).toBe(204);
    expect(await listedIds()).not.toContain(id);
    expect(await trashedIds()).toContain(id);
    // Its link no longer opens it (the page says it is in the trash instead).
    expect((await getDoc(jsonRequest('GET', `/api/docs/${id}`), routeParams(id))).status).toBe(404);
    expect((await post(trash, id)).status).toBe(404); // already there

    expect((await post(restore, id)).status).toBe(200);
    expect(await listedIds()).toContain(id);
    expect(await trashedIds()).not.toContain(id);
    expect((await post(restore, id)).status).toBe(404); // not in the trash any more
  });

  it('deletes for good what has been in the trash for 30 days when the trash is read', async () => {
    const old = await newDocument('Old');
    const recent = await newDocument('Recent');
    await appTrash().trash(old, Date.now() - TRASH_RETENTION_MS - 1000);
    await appTrash().trash(recent, Date.now());
    expect(expiredEntries(await appTrash().list(), Date.now()).map((entry) => entry.id)).toEqual([old]);
    // No sync server runs here, so the expired one cannot be deleted yet: the trash still answers,
    // and the document stays until a later look succeeds.
    const response = await listTrash();
    expect(response.status).toBe(200);
    expect(await trashedIds()).toEqual(expect.arrayContaining([old, recent]));
  });
});

describe('trash store on PostgreSQL', () => {
  it('trashes, lists with the catalogue, hides from the list, and restores', async () => {
    const schema = await testSchema();
    const pool = schema.pool();
    const catalogue = new PostgresCatalogue(pool);
    const store = new PostgresTrashStore(pool);
    const doc = await catalogue.create({ title: 'In PG' });
    expect(await store.trash(doc.id, 123)).toBe(true);
    expect(await store.trash(doc.id, 456)).toBe(false);
    expect(await store.trashedAt(doc.id)).toBe(123);
    expect(await store.list()).toEqual([{ id: doc.id, trashedAt: 123 }]);
    expect((await catalogue.list({ limit: 10 })).documents.map((d) => d.id)).not.toContain(doc.id);
    expect(await store.restore(doc.id)).toBe(true);
    expect((await catalogue.list({ limit: 10 })).documents.map((d) => d.id)).toContain(doc.id);
  });
});
