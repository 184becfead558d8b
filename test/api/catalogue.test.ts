/**
 * The web app's catalogue contract, on SQLite (one process) and PostgreSQL
 * (several web app processes): two instances on one database stand for two
 * processes behind a load balancer and must see the same documents.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Catalogue, PostgresCatalogue, SqliteCatalogue } from '@/lib/catalogue';
import { databaseFile } from '@/lib/data-dir';
import { openDatabase } from '@/lib/db/sqlite';
import { InvalidCursorError } from '@/lib/documents';
import { cleanup, onCleanup, tempDir } from '../server/helpers';
import { testSchema } from '../server/pg';

afterEach(cleanup);

const backends: { name: string; open(): Promise<[Catalogue, Catalogue]> }[] = [
  {
    name: 'sqlite',
    async open() {
      const file = databaseFile(tempDir());
      const [a, b] = [openDatabase(file), openDatabase(file)];
      onCleanup(() => a.close());
      onCleanup(() => b.close());
      return [new SqliteCatalogue(a), new SqliteCatalogue(b)];
    },
  },
  {
    name: 'postgres',
    async open() {
      const schema = await testSchema();
      return [new PostgresCatalogue(schema.pool()), new PostgresCatalogue(schema.pool())];
    },
  },
];

describe.each(backends)('catalogue: $name', (backend) => {
  it('creates, finds, renames and deletes, seen alike by two processes', async () => {
    const [one, two] = await backend.open();
    const created = await one.create({ title: 'Plan' });
    expect(await two.get(created.id)).toEqual(created);
    expect(await two.getByViewId(created.viewId)).toEqual(created);
    const renamed = await two.setTitle(created.id, 'Plan B');
    expect(renamed?.title).toBe('Plan B');
    expect((await one.get(created.id))?.title).toBe('Plan B');
    expect(await one.delete(created.id)).toBe(true);
    expect(await two.get(created.id)).toBeNull();
    expect(await two.delete(created.id)).toBe(false);
    expect(await two.setTitle(created.id, 'gone')).toBeNull();
  });

  it('lists most recently edited first, pages by cursor, and searches titles literally', async () => {
    const [one, two] = await backend.open();
    const titles = ['Alpha', 'beta notes', '50% done', 'a_b', 'Gamma'];
    for (const title of titles) {
      await one.create({ title });
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const first = await two.list({ limit: 2 });
    expect(first.documents.map((d) => d.title)).toEqual(['Gamma', 'a_b']);
    const second = await one.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.documents.map((d) => d.title)).toEqual(['50% done', 'beta notes']);
    const last = await two.list({ limit: 2, cursor: second.nextCursor! });
    expect(last.documents.map((d) => d.title)).toEqual(['Alpha']);
    expect(last.nextCursor).toBeNull();
    expect((await one.list({ limit: 10, query: 'ALPHA' })).documents.map((d) => d.title)).toEqual(['Alpha']);
    expect((await one.list({ limit: 10, query: '%' })).documents.map((d) => d.title)).toEqual(['50% done']);
    expect((await one.list({ limit: 10, query: '_' })).documents.map((d) => d.title)).toEqual(['a_b']);
    await expect(one.list({ limit: 2, cursor: 'nonsense' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('a document edited while someone pages down is not skipped: the next page carries it', async () => {
    const [one, two] = await backend.open();
    for (const title of ['D1', 'D2', 'D3', 'D4']) {
      await one.create({ title });
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const first = await two.list({ limit: 2 });
    expect(first.documents.map((d) => d.title)).toEqual(['D4', 'D3']);
    // D1, not yet shown, is edited: it moves above the cursor.
    await new Promise((resolve) => setTimeout(resolve, 3));
    const d1 = (await one.list({ limit: 10, query: 'D1' })).documents[0]!;
    await one.setTitle(d1.id, 'D1 edited');
    const second = await two.list({ limit: 2, cursor: first.nextCursor! });
    const seen = [...first.documents, ...second.documents, ...(second.edited ?? [])].map((d) => d.title);
    expect(seen).toContain('D1 edited');
    expect(seen).toContain('D2');
  });
});
