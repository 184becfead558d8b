import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listRoute } from '@/app/api/docs/route';
import { POST as setupRoute } from '@/app/api/setup/route';
import { POST as signupRoute } from '@/app/api/signup/route';
import { pendingSetupToken } from '@/lib/auth/setup';
import { appStore } from '@/lib/db/app-db';
import { jsonRequest, useTempDataDir } from './helpers';

/**
 * First start on a data directory from before accounts: documents without an
 * owner, no account. The printed setup link creates the owner, who takes the
 * documents; it works once, and nobody signs up before it was used.
 */
let dataDir: ReturnType<typeof useTempDataDir>;
beforeAll(() => {
  dataDir = useTempDataDir();
});
afterAll(() => dataDir.cleanup());

const owner = { name: 'Olga Owner', email: 'olga@example.test', password: 'a long enough password' };

describe('first start', () => {
  it('the setup token creates the owner once, who adopts the documents that had no owner', async () => {
    const { catalogue, permissions } = await appStore();
    const old = [
      await catalogue.create({ title: 'From the old version' }),
      await catalogue.create({ title: 'Another' }),
    ];
    expect((await permissions.facts(old[0]!.id))?.ownerId).toBeNull();

    // Nobody can sign up (even with open sign-up) before the instance is set up.
    process.env.SIGNUP = 'open';
    try {
      const early = await signupRoute(
        jsonRequest('POST', '/api/signup', {
          name: 'Eve',
          email: 'eve@example.test',
          password: 'another long password',
        }),
      );
      expect(early.status).toBe(403);
    } finally {
      delete process.env.SIGNUP;
    }

    const token = await pendingSetupToken(permissions);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // The same token every time it is asked for (every process and restart prints the same link).
    expect(await pendingSetupToken(permissions)).toBe(token);

    const wrong = await setupRoute(jsonRequest('POST', '/api/setup', { ...owner, token: 'AAAAAAAAAAAAAAAAAAAAAA' }));
    expect(wrong.status).toBe(403);

    const response = await setupRoute(jsonRequest('POST', '/api/setup', { ...owner, token }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ adoptedDocuments: 2 });
    const cookie = response.headers
      .getSetCookie()
      .map((header) => header.split(';')[0])
      .join('; ');
    expect(cookie).toMatch(/^tandem\.session_token=/);

    const list = await listRoute(new Request('http://localhost:3000/api/docs?view=mine', { headers: { cookie } }));
    expect(((await list.json()) as { documents: { title: string }[] }).documents.map((d) => d.title).sort()).toEqual([
      'Another',
      'From the old version',
    ]);
    for (const doc of old) expect((await permissions.facts(doc.id))?.linkToken).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // Used: the link works no more, and no new one is printed.
    const again = await setupRoute(
      jsonRequest('POST', '/api/setup', { ...owner, email: 'mallory@example.test', token }),
    );
    expect(again.status).toBe(403);
    expect(await pendingSetupToken(permissions)).toBeNull();
    expect((await permissions.users()).map((user) => [user.email, user.role])).toEqual([
      ['olga@example.test', 'admin'],
    ]);
  });
});
