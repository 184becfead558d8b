/**
 * The trash through the route handlers on a real SQLite file, and the trash
 * store's contract on PostgreSQL.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as restore } from '@/app/api/docs/[id]/restore/route';
import { GET as getDoc, DELETE as removeDoc } from '@/app/api/docs/[id]/route';
import { POST as trash } from '@/app/api/docs/[id]/trash/route';
import { POST as createDoc, GET as listDocs } from '@/app/api/docs/route';
import { GET as listTrash } from '@/app/api/trash/route';
import { PostgresCatalogue } from '@/lib/catalogue';
import { appStore } from '@/lib/db/app-db';
import { appTrash } from '@/lib/trash/app-trash';
import { expiredEntries, PostgresTrashStore, TRASH_RETENTION_MS } from '@/lib/trash/trash-store';
import { cleanup } from '../server/helpers';
import { testSchema } from '../server/pg';
import { createTestUser, routeParams, type TestUser, userRequest, useTempDataDir } from './helpers';

let dataDir: ReturnType<typeof useTempDataDir>;
// The owner of every document here; an editor, a viewer and a stranger to it.
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let stranger: TestUser;
beforeAll(async () => {
  dataDir = useTempDataDir();
  [owner, editor, viewer, stranger] = [
    await createTestUser('Owen Owner'),
    await createTestUser('Eddie Editor'),
    await createTestUser('Vera Viewer'),
    await createTestUser('Stan Stranger'),
  ];
});
afterAll(() => dataDir.cleanup());
afterEach(cleanup);

/** A document owned by `owner`, with `editor` and `viewer` added. */
async function newDocument(title: string): Promise<string> {
  const response = await createDoc(userRequest(owner, 'POST', '/api/docs', { title }));
  const { id } = (await response.json()) as { id: string };
  const { permissions } = await appStore();
  await permissions.setMember(id, editor.id, 'editor');
  await permissions.setMember(id, viewer.id, 'viewer');
  return id;
}

async function listedIds(as: TestUser = owner): Promise<string[]> {
  const response = await listDocs(userRequest(as, 'GET', '/api/docs?limit=100'));
  return ((await response.json()) as { documents: { id: string }[] }).documents.map((d) => d.id);
}

async function trashedIds(as: TestUser = owner): Promise<string[]> {
  const response = await listTrash(userRequest(as, 'GET', '/api/trash'));
  return ((await response.json()) as { documents: { id: string }[] }).documents.map((d) => d.id);
}

const post = (handler: typeof trash, id: string, as: TestUser | null = owner) =>
  handler(userRequest(as, 'POST', `/api/docs/${id}/x`), routeParams(id));

describe('trash', () => {
  it('moves a document out of the list and its links, and restores it', async () => {
    const id = await newDocument('Keep me');
    expect((await post(trash, id)).status).toBe(204);
    expect(await listedIds()).not.toContain(id);
    expect(await listedIds(editor)).not.toContain(id);
    expect(await trashedIds()).toContain(id);
    // It no longer opens (its page says it is in the trash instead).
    expect((await getDoc(userRequest(owner, 'GET', `/api/docs/${id}`), routeParams(id))).status).toBe(404);
    expect((await post(trash, id)).status).toBe(404); // already there

    expect((await post(restore, id)).status).toBe(200);
    expect(await listedIds()).toContain(id);
    expect(await trashedIds()).not.toContain(id);
    expect((await post(restore, id)).status).toBe(404); // not in the trash any more
  });

  it('owners and editors trash and restore; viewers may not; nobody else learns anything', async () => {
    const id = await newDocument('Shared');
    expect((await post(trash, id, null)).status).toBe(401);
    expect((await post(trash, id, stranger)).status).toBe(404);
    expect((await post(trash, id, viewer)).status).toBe(403);
    expect((await post(trash, id, editor)).status).toBe(204);

    // The trash lists only the caller's documents: those they may restore.
    expect(await trashedIds(editor)).toContain(id);
    expect(await trashedIds(owner)).toContain(id);
    expect(await trashedIds(viewer)).not.toContain(id);
    expect(await trashedIds(stranger)).toEqual([]);
    expect((await listTrash(userRequest(null, 'GET', '/api/trash'))).status).toBe(401);

    expect((await post(restore, id, stranger)).status).toBe(404);
    expect((await post(restore, id, viewer)).status).toBe(403);
    expect((await post(restore, id, editor)).status).toBe(200);
    expect(await listedIds(viewer)).toContain(id);
  });

  it('only the owner deletes for good from the trash', async () => {
    const id = await newDocument('Owned');
    expect((await post(trash, id, editor)).status).toBe(204);
    const listed = async (as: TestUser) =>
      (
        (await (await listTrash(userRequest(as, 'GET', '/api/trash'))).json()) as {
          documents: { id: string; canDeleteForever: boolean }[];
        }
      ).documents.find((doc) => doc.id === id);
    expect((await listed(editor))?.canDeleteForever).toBe(false);
    expect((await listed(owner))?.canDeleteForever).toBe(true);
    expect((await removeDoc(userRequest(editor, 'DELETE', `/api/docs/${id}`), routeParams(id))).status).toBe(403);
  });

  it('deletes for good what has been in the trash for 30 days when the trash is read', async () => {
    const old = await newDocument('Old');
    const recent = await newDocument('Recent');
    const store = await appTrash();
    await store.trash(old, Date.now() - TRASH_RETENTION_MS - 1000);
    await store.trash(recent, Date.now());
    expect(expiredEntries(await store.list(), Date.now()).map((entry) => entry.id)).toEqual([old]);
    // No sync server runs here, so the expired one cannot be deleted yet: the trash still answers,
    // and the document stays until a later look succeeds.
    const response = await listTrash(userRequest(owner, 'GET', '/api/trash'));
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
