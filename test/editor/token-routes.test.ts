import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as editToken } from '@/app/api/docs/[id]/token/route';
import { POST as createRoute } from '@/app/api/docs/route';
import { POST as linkToken } from '@/app/api/links/[token]/token/route';
import { appStore } from '@/lib/db/app-db';
import type { DocumentRecord } from '@/lib/documents';
import { linkDigest } from '@/lib/permissions/link-token';
import { verifySyncToken } from '@/lib/tokens';
import { createTestUser, type TestUser, useTempDataDir } from '../api/helpers';

const SECRET = 'route-test-secret-route-test-secret-0123';
let dataDir: ReturnType<typeof useTempDataDir>;
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let record: DocumentRecord;
const saved = { AUTH_SECRET: process.env.AUTH_SECRET, SYNC_PORT: process.env.SYNC_PORT };

function post(path: string, user: TestUser | null, body?: string): Request {
  return new Request(`http://docs.example:3000${path}`, {
    method: 'POST',
    headers: {
      host: 'docs.example:3000',
      'content-type': 'application/json',
      ...(user ? { cookie: user.cookie } : {}),
    },
    body,
  });
}

const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

beforeAll(async () => {
  dataDir = useTempDataDir();
  process.env.AUTH_SECRET = SECRET;
  process.env.SYNC_PORT = '4555';
  owner = await createTestUser('Olive Owner');
  viewer = await createTestUser('Vic Viewer');
  stranger = await createTestUser('Stan Stranger');
  const created = await createRoute(post('/api/docs', owner, '{"title":"Notes"}'));
  record = (await created.json()) as DocumentRecord;
  await (await appStore()).permissions.setMember(record.id, viewer.id, 'viewer');
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  dataDir.cleanup();
});

describe('POST /api/docs/[id]/token', () => {
  it("signs a 15-minute edit token for the owner, naming them by account (not by the request's name)", async () => {
    const response = await editToken(
      post(`/api/docs/${record.id}/token`, owner, '{"name":"Mallory"}'),
      params({ id: record.id }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({ syncUrl: 'ws://docs.example:4555', room: record.id, role: 'edit' });
    expect(await verifySyncToken(SECRET, body.token)).toMatchObject({
      doc: record.id,
      role: 'edit',
      name: 'Olive Owner',
      sub: owner.id,
    });
    const ttl = Date.parse(body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    expect(body.expiresIn).toBe(15 * 60); // the lifetime the editor schedules its refresh from
  });

  it('gives a viewer a view token on the view id, never the document id', async () => {
    const response = await editToken(post(`/api/docs/${record.id}/token`, viewer), params({ id: record.id }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ room: record.viewId, role: 'view' });
    expect(await verifySyncToken(SECRET, body.token)).toMatchObject({
      doc: record.viewId,
      role: 'view',
      sub: viewer.id,
    });
  });

  it('answers 401 without a session and 404 to someone without access, for real and unknown ids alike', async () => {
    expect((await editToken(post(`/api/docs/${record.id}/token`, null), params({ id: record.id }))).status).toBe(401);
    for (const id of [record.id, 'unknown-id', '../etc', 'x'.repeat(65)]) {
      const response = await editToken(post(`/api/docs/${id}/token`, stranger), params({ id }));
      expect(response.status).toBe(404);
      const text = await response.text();
      expect(text).not.toContain(record.viewId);
      expect(text).not.toContain('Notes');
    }
  });
});

describe('POST /api/links/[token]/token', () => {
  it('works only while general access allows it, and only for the current link', async () => {
    const { permissions } = await appStore();
    const link = (await permissions.facts(record.id))!.linkToken!;
    // Restricted: the link opens nothing.
    expect((await linkToken(post(`/api/links/${link}/token`, null), params({ token: link }))).status).toBe(404);

    await permissions.setGeneralAccess(record.id, 'view');
    const guest = await linkToken(post(`/api/links/${link}/token`, null, '{"name":"Gus"}'), params({ token: link }));
    expect(guest.status).toBe(200);
    expect(guest.headers.get('set-cookie')).toMatch(/^tandem\.guest=[A-Za-z0-9_-]{22};.*HttpOnly/);
    const body = await guest.json();
    expect(body).toMatchObject({ room: record.viewId, role: 'view' });
    const claims = await verifySyncToken(SECRET, body.token);
    expect(claims).toMatchObject({ role: 'view', name: 'Gus (guest)', link: linkDigest(link) });
    expect(claims.sub).toMatch(/^guest:/);
    expect(JSON.stringify(body)).not.toContain(record.id);

    await permissions.setGeneralAccess(record.id, 'edit');
    const editing = await (await linkToken(post(`/api/links/${link}/token`, null), params({ token: link }))).json();
    expect(editing).toMatchObject({ room: record.id, role: 'edit' });

    const fresh = await permissions.resetLink(record.id);
    expect((await linkToken(post(`/api/links/${link}/token`, null), params({ token: link }))).status).toBe(404);
    expect((await linkToken(post(`/api/links/${fresh}/token`, null), params({ token: fresh }))).status).toBe(200);
    await permissions.setGeneralAccess(record.id, 'restricted');
  });
});
