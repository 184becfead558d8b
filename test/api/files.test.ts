/**
 * Image uploads: `POST /api/docs/[id]/files` and `GET /api/files/[fileId]` on
 * a real SQLite file, and the PostgreSQL store on the test database.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { POST as upload } from '@/app/api/docs/[id]/files/route';
import { POST as createDoc } from '@/app/api/docs/route';
import { GET as download } from '@/app/api/files/[fileId]/route';
import { PostgresFileStore } from '@/lib/files/file-store';
import { sniffImageType } from '@/lib/files/sniff';
import { cleanup } from '../server/helpers';
import { testSchema } from '../server/pg';
import { BASE, jsonRequest, routeParams, useTempDataDir } from './helpers';

let dataDir: ReturnType<typeof useTempDataDir>;
beforeAll(() => {
  dataDir = useTempDataDir();
});
afterAll(() => dataDir.cleanup());
afterEach(cleanup);

/** The smallest valid PNG (1×1, transparent). */
const PNG: Buffer<ArrayBuffer> = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

function post(id: string, body: Uint8Array<ArrayBuffer> | string, type = 'image/png'): Promise<Response> {
  return upload(
    new Request(`${BASE}/api/docs/${id}/files`, { method: 'POST', headers: { 'content-type': type }, body }),
    routeParams(id),
  );
}

async function newDocument(): Promise<string> {
  const response = await createDoc(jsonRequest('POST', '/api/docs', {}));
  return ((await response.json()) as { id: string }).id;
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

    const fileId = body.url.split('/').pop()!;
    const served = await download(new Request(`${BASE}${body.url}`), { params: Promise.resolve({ fileId }) });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toMatch(/^inline; filename="[A-Za-z0-9_-]{22}\.png"$/);
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
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
    const missing = await download(new Request(`${BASE}/api/files/AAAAAAAAAAAAAAAAAAAAAA`), {
      params: Promise.resolve({ fileId: 'AAAAAAAAAAAAAAAAAAAAAA' }),
    });
    expect(missing.status).toBe(404);
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
