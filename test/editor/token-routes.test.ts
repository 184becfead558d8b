import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as editToken } from '@/app/api/docs/[id]/token/route';
import { POST as viewToken } from '@/app/api/view/[viewId]/token/route';
import { appDatabase } from '@/lib/db/app-db';
import { createDocument, type DocumentRecord } from '@/lib/documents';
import { verifySyncToken } from '@/lib/tokens';

const SECRET = 'route-test-secret-route-test-secret-0123';
let dir: string;
let record: DocumentRecord;
const saved = {
  DATA_DIR: process.env.DATA_DIR,
  AUTH_SECRET: process.env.AUTH_SECRET,
  SYNC_PORT: process.env.SYNC_PORT,
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-routes-'));
  process.env.DATA_DIR = dir;
  process.env.AUTH_SECRET = SECRET;
  process.env.SYNC_PORT = '4555';
  record = createDocument(appDatabase(), { title: 'Notes' });
});

afterAll(() => {
  appDatabase().close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

function post(path: string, body?: string): Request {
  return new Request(`http://docs.example:3000${path}`, {
    method: 'POST',
    headers: { host: 'docs.example:3000', 'content-type': 'application/json' },
    body,
  });
}

describe('POST /api/docs/[id]/token', () => {
  it('signs a 15-minute edit token for the document room, with the display name', async () => {
    const response = await editToken(post(`/api/docs/${record.id}/token`, '{"name":"Ada"}'), {
      params: Promise.resolve({ id: record.id }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({ syncUrl: 'ws://docs.example:4555', room: record.id, role: 'edit' });
    expect(await verifySyncToken(SECRET, body.token)).toEqual({ doc: record.id, role: 'edit', name: 'Ada' });
    const ttl = Date.parse(body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    expect(body.expiresIn).toBe(15 * 60); // the lifetime the editor schedules its refresh from
  });

  it('answers 404 JSON for unknown or malformed ids and 400 for a bad body', async () => {
    for (const id of ['unknown-id', '../etc', 'x'.repeat(65)]) {
      const response = await editToken(post(`/api/docs/${id}/token`), { params: Promise.resolve({ id }) });
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
    const bad = await editToken(post(`/api/docs/${record.id}/token`, '{"name":42}'), {
      params: Promise.resolve({ id: record.id }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad_request');
  });
});

describe('POST /api/view/[viewId]/token', () => {
  it('signs a view token whose room is the view id and never mentions the edit id', async () => {
    const response = await viewToken(post(`/api/view/${record.viewId}/token`), {
      params: Promise.resolve({ viewId: record.viewId }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(record.id);
    const body = JSON.parse(text);
    expect(body).toMatchObject({ room: record.viewId, role: 'view' });
    expect(await verifySyncToken(SECRET, body.token)).toEqual({ doc: record.viewId, role: 'view' });
  });

  it('takes the role from the link, never from the body: asking for edit is a 400, not an edit token', async () => {
    for (const body of ['{"role":"edit"}', '{"name":"Ada","doc":"other"}']) {
      const response = await viewToken(post(`/api/view/${record.viewId}/token`, body), {
        params: Promise.resolve({ viewId: record.viewId }),
      });
      expect(response.status, body).toBe(400);
      const answer = await response.json();
      expect(answer.error.code).toBe('bad_request');
      expect(answer.token).toBeUndefined();
    }
  });

  it('refuses an edit id used as a view id', async () => {
    const response = await viewToken(post(`/api/view/${record.id}/token`), {
      params: Promise.resolve({ viewId: record.id }),
    });
    expect(response.status).toBe(404);
  });
});
