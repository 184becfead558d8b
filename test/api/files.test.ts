/**
 * Image uploads: `POST /api/docs/[id]/files` and `GET /api/files/[fileId]` on
 * a real SQLite file, and the PostgreSQL store on the test database.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as upload } from '@/app/api/docs/[id]/files/route';
import { POST as createDoc } from '@/app/api/docs/route';
import { GET as download } from '@/app/api/files/[fileId]/route';
import { appStore } from '@/lib/db/app-db';
import { PostgresFileStore } from '@/lib/files/file-store';
import { sniffImageType } from '@/lib/files/sniff';
import { cleanup } from '../server/helpers';
import { testSchema } from '../server/pg';
import { BASE, createTestUser, routeParams, type TestUser, userRequest, useTempDataDir } from './helpers';

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

/** The smallest valid PNG (1×1, transparent). */
const PNG: Buffer<ArrayBuffer> = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

function post(
  id: string,
  body: Uint8Array<ArrayBuffer> | string,
  type = 'image/png',
  as: TestUser | null = owner,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': type };
  if (as) headers.cookie = as.cookie;
  return upload(new Request(`${BASE}/api/docs/${id}/files`, { method: 'POST', headers, body }), routeParams(id));
}

function get(url: string, as: TestUser | null): Promise<Response> {
  const fileId = url.split('/').pop()!;
  const headers: Record<string, string> = as ? { cookie: as.cookie } : {};
  return download(new Request(`${BASE}${url}`, { headers }), { params: Promise.resolve({ fileId }) });
}

/** A document owned by `owner`, with `editor` and `viewer` added. */
async function newDocument(): Promise<string> {
  const response = await createDoc(userRequest(owner, 'POST', '/api/docs', {}));
  const { id } = (await response.json()) as { id: string };
  const { permissions } = await appStore();
  await permissions.setMember(id, editor.id, 'editor');
  await permissions.setMember(id, viewer.id, 'viewer');
  return id;
}

describe('image uploads', () => {
  it('stores an image in the database and serves it with safe headers', async () => {
    const id = await newDocument();
    const response = await post(id, PNG);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { url: string; type: string; size: number };
    expect(body).toMatchObject({ type: 'image/png', size: PNG.length });
    expect(body.url).toMatch(/^\/api\/files\/[A-Za-z0-9_-]{22}$/);
    expect(body.url).not.toContain(id); // a reader of the document never learns its edit id

    const served = await get(body.url, owner);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toMatch(/^inline; filename="[A-Za-z0-9_-]{22}\.png"$/);
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('owners and editors upload, viewers may not, and only people who may open the document see its images', async () => {
    const id = await newDocument();
    expect((await post(id, PNG, 'image/png', editor)).status).toBe(201);
    expect((await post(id, PNG, 'image/png', viewer)).status).toBe(403);
    expect((await post(id, PNG, 'image/png', stranger)).status).toBe(404); // nothing revealed
    expect((await post(id, PNG, 'image/png', null)).status).toBe(401);

    const { url } = (await (await post(id, PNG)).json()) as { url: string };
    for (const person of [owner, editor, viewer]) expect((await get(url, person)).status).toBe(200);
    // Someone without access, signed in or not, learns nothing, even holding the file's address.
    expect((await get(url, stranger)).status).toBe(404);
    expect((await get(url, null)).status).toBe(404);
    // While anyone with the link may view, guests (no session, came through the link) see it too.
    const { permissions, trash } = await appStore();
    await permissions.setGeneralAccess(id, 'view');
    expect((await get(url, null)).status).toBe(200);
    // A document in the trash shows nothing, not even its images.
    await trash.trash(id, Date.now());
    expect((await get(url, owner)).status).toBe(404);
    expect((await get(url, null)).status).toBe(404);
    expect((await post(id, PNG)).status).toBe(404);
  });

  it('reads the type from the bytes: HTML claiming to be a PNG is refused', async () => {
    const id = await newDocument();
    const response = await post(id, '<html><script>alert(1)</script></html>', 'image/png');
    expect(response.status).toBe(400);
    // An SVG (which can carry script) is refused too, whatever it is called.
    expect((await post(id, '<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml')).status).toBe(400);
  });

  it('refuses files over the size limit, empty files, and unknown documents', async () => {
    const id = await newDocument();
    process.env.MAX_UPLOAD_BYTES = '2048';
    try {
      const big = new Uint8Array(4096);
      big.set(PNG);
      expect((await post(id, big)).status).toBe(413);
    } finally {
      delete process.env.MAX_UPLOAD_BYTES;
    }
    expect((await post(id, new Uint8Array())).status).toBe(400);
    expect((await post('AAAAAAAAAAAAAAAAAAAAAA', PNG)).status).toBe(404);
    expect((await get('/api/files/AAAAAAAAAAAAAAAAAAAAAA', owner)).status).toBe(404);
  });

  it('recognises PNG, JPEG, GIF and WebP by their first bytes only', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<svg'))).toBeNull();
  });

  it('stores and reads back the same bytes in PostgreSQL', async () => {
    const schema = await testSchema();
    const store = new PostgresFileStore(schema.pool());
    const file = {
      id: 'f'.repeat(22),
      docId: 'd',
      type: 'image/png' as const,
      size: PNG.length,
      data: PNG,
      createdAt: 1,
    };
    await store.put(file);
    const read = await store.get(file.id);
    expect(read && Buffer.from(read.data).equals(PNG)).toBe(true);
    expect(await store.get('x'.repeat(22))).toBeNull();
  });
});
