import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUT as transferRoute } from '@/app/api/admin/docs/[id]/owner/route';
import { GET as adminDocsRoute } from '@/app/api/admin/docs/route';
import { GET as adminUsersRoute } from '@/app/api/admin/users/route';
import { DELETE as dismissRoute, POST as requestAccessRoute } from '@/app/api/docs/[id]/access-requests/route';
import { POST as uploadRoute } from '@/app/api/docs/[id]/files/route';
import { POST as resetLinkRoute } from '@/app/api/docs/[id]/link/route';
import { DELETE as removeMemberRoute } from '@/app/api/docs/[id]/members/[userId]/route';
import { PUT as memberRoute } from '@/app/api/docs/[id]/members/route';
import { POST as restoreRoute } from '@/app/api/docs/[id]/restore/route';
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from '@/app/api/docs/[id]/route';
import { PATCH as generalAccessRoute, GET as sharingRoute } from '@/app/api/docs/[id]/sharing/route';
import { POST as tokenRoute } from '@/app/api/docs/[id]/token/route';
import { POST as trashRoute } from '@/app/api/docs/[id]/trash/route';
import { POST as createRoute, GET as listRoute } from '@/app/api/docs/route';
import { GET as fileRoute } from '@/app/api/files/[fileId]/route';
import { POST as inviteRoute } from '@/app/api/invites/route';
import { POST as linkTokenRoute } from '@/app/api/links/[token]/token/route';
import { GET as peopleRoute } from '@/app/api/people/route';
import { PATCH as profilePatchRoute, GET as profileRoute } from '@/app/api/profile/route';
import { GET as trashListRoute } from '@/app/api/trash/route';
import { appStore } from '@/lib/db/app-db';
import type { DocumentRecord } from '@/lib/documents';
import { createTestUser, type TestUser, userRequest, useTempDataDir } from './helpers';

/**
 * Person B tries every API route with person A's ids. Without a session:
 * 401. Without permission: 404 (or 403 where B may open the document but not
 * do this), and never a byte about A's document — title, id, view id, link.
 */
let dataDir: ReturnType<typeof useTempDataDir>;
let alice: TestUser;
let bob: TestUser;
let doc: DocumentRecord;
let linkToken: string;
const SECRET_TITLE = 'Alice private salary review';
/** The smallest valid PNG (1×1), for the upload route. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

type Attempt = [label: string, call: (user: TestUser | null) => Promise<Response>];

function attempts(): Attempt[] {
  const id = doc.id;
  const as = (user: TestUser | null, method: string, path: string, body?: unknown) =>
    userRequest(user, method, path, body);
  return [
    ['GET /api/docs/[id]', (u) => getRoute(as(u, 'GET', `/api/docs/${id}`), params({ id }))],
    ['PATCH /api/docs/[id]', (u) => patchRoute(as(u, 'PATCH', `/api/docs/${id}`, { title: 'pwned' }), params({ id }))],
    ['DELETE /api/docs/[id]', (u) => deleteRoute(as(u, 'DELETE', `/api/docs/${id}`), params({ id }))],
    ['POST /api/docs/[id]/token', (u) => tokenRoute(as(u, 'POST', `/api/docs/${id}/token`, {}), params({ id }))],
    ['GET /api/docs/[id]/sharing', (u) => sharingRoute(as(u, 'GET', `/api/docs/${id}/sharing`), params({ id }))],
    [
      'PATCH /api/docs/[id]/sharing',
      (u) => generalAccessRoute(as(u, 'PATCH', `/api/docs/${id}/sharing`, { generalAccess: 'edit' }), params({ id })),
    ],
    [
      'PUT /api/docs/[id]/members',
      (u) =>
        memberRoute(
          as(u, 'PUT', `/api/docs/${id}/members`, { person: u?.email ?? 'x@example.test', role: 'editor' }),
          params({ id }),
        ),
    ],
    [
      'DELETE /api/docs/[id]/members/[userId]',
      (u) =>
        removeMemberRoute(as(u, 'DELETE', `/api/docs/${id}/members/${alice.id}`), params({ id, userId: alice.id })),
    ],
    ['POST /api/docs/[id]/link', (u) => resetLinkRoute(as(u, 'POST', `/api/docs/${id}/link`), params({ id }))],
    ['POST /api/docs/[id]/trash', (u) => trashRoute(as(u, 'POST', `/api/docs/${id}/trash`), params({ id }))],
    ['POST /api/docs/[id]/restore', (u) => restoreRoute(as(u, 'POST', `/api/docs/${id}/restore`), params({ id }))],
    [
      'POST /api/docs/[id]/files',
      (u) => uploadRoute(as(u, 'POST', `/api/docs/${id}/files`, PNG.toString('latin1')), params({ id })),
    ],
    [
      'DELETE /api/docs/[id]/access-requests',
      (u) => dismissRoute(as(u, 'DELETE', `/api/docs/${id}/access-requests`, { userId: bob.id }), params({ id })),
    ],
    [
      'PUT /api/admin/docs/[id]/owner',
      (u) =>
        transferRoute(
          as(u, 'PUT', `/api/admin/docs/${id}/owner`, { email: u?.email ?? 'x@example.test' }),
          params({ id }),
        ),
    ],
  ];
}

beforeAll(async () => {
  dataDir = useTempDataDir();
  alice = await createTestUser('Alice Owner', { admin: false });
  bob = await createTestUser('Bob Other');
  const created = await createRoute(userRequest(alice, 'POST', '/api/docs', { title: SECRET_TITLE }));
  doc = (await created.json()) as DocumentRecord;
  linkToken = (await (await appStore()).permissions.facts(doc.id))!.linkToken!;
});

afterAll(() => dataDir.cleanup());

async function expectNothingAbout(response: Response): Promise<string> {
  const text = await response.text();
  for (const secret of [SECRET_TITLE, doc.viewId, linkToken]) expect(text).not.toContain(secret);
  return text;
}

describe('IDOR: every document route, with someone else’s ids', () => {
  it('answers 401 without a session, saying nothing about the document', async () => {
    for (const [label, call] of attempts()) {
      const response = await call(null);
      expect(response.status, label).toBe(401);
      await expectNothingAbout(response);
    }
    for (const route of [listRoute, adminUsersRoute, adminDocsRoute, profileRoute, trashListRoute]) {
      expect((await route(userRequest(null, 'GET', '/api/docs'))).status).toBe(401);
    }
    expect((await inviteRoute(userRequest(null, 'POST', '/api/invites', {}))).status).toBe(401);
    expect((await peopleRoute(userRequest(null, 'GET', '/api/people?q=alice'))).status).toBe(401);
  });

  it('answers 404 to a signed-in stranger, exactly as for an id that does not exist', async () => {
    for (const [label, call] of attempts()) {
      const response = await call(bob);
      expect(response.status, label).toBe(404);
      expect(await expectNothingAbout(response), label).not.toContain(doc.id);
    }
    // Nothing changed behind the refusals.
    const { permissions } = await appStore();
    const facts = (await permissions.facts(doc.id))!;
    expect(facts).toMatchObject({ title: SECRET_TITLE, ownerId: alice.id, generalAccess: 'restricted', linkToken });
    expect(await permissions.members(doc.id)).toEqual([]);
  });

  it('keeps the document out of the stranger’s lists and searches, and the admin routes closed', async () => {
    for (const view of ['all', 'mine', 'shared', 'recent']) {
      const response = await listRoute(userRequest(bob, 'GET', `/api/docs?view=${view}`));
      expect(response.status).toBe(200);
      expect(await expectNothingAbout(response)).not.toContain(doc.id);
    }
    const search = await listRoute(userRequest(bob, 'GET', '/api/docs?q=salary'));
    expect(((await search.json()) as { documents: unknown[] }).documents).toEqual([]);
    for (const route of [adminUsersRoute, adminDocsRoute]) {
      const response = await route(userRequest(bob, 'GET', '/api/admin/docs'));
      expect(response.status).toBe(403);
      await expectNothingAbout(response);
    }
  });

  it('a restricted document’s link opens nothing, for strangers and guests alike', async () => {
    for (const user of [bob, null]) {
      const response = await linkTokenRoute(
        userRequest(user, 'POST', `/api/links/${linkToken}/token`, {}),
        params({ token: linkToken }),
      );
      expect(response.status).toBe(404);
      await expectNothingAbout(response);
    }
  });

  it('"Request access" answers the same for real and made-up ids, and tells the owner only about real ones', async () => {
    const real = await requestAccessRoute(
      userRequest(bob, 'POST', `/api/docs/${doc.id}/access-requests`, {}),
      params({ id: doc.id }),
    );
    const fake = await requestAccessRoute(
      userRequest(bob, 'POST', '/api/docs/AAAAAAAAAAAAAAAAAAAAAA/access-requests', {}),
      params({ id: 'AAAAAAAAAAAAAAAAAAAAAA' }),
    );
    expect([real.status, fake.status]).toEqual([202, 202]);
    expect(await real.text()).toBe(await fake.text());
    const sharing = await sharingRoute(
      userRequest(alice, 'GET', `/api/docs/${doc.id}/sharing`),
      params({ id: doc.id }),
    );
    expect(((await sharing.json()) as { requests: { id: string }[] }).requests.map((person) => person.id)).toEqual([
      bob.id,
    ]);
  });

  it('an editor may write but not share, delete or transfer (403); a viewer may not write', async () => {
    const { permissions } = await appStore();
    await permissions.setMember(doc.id, bob.id, 'editor');
    const id = doc.id;
    const forbidden: Attempt[] = attempts().filter(([label]) =>
      /sharing|members|link|access-requests|DELETE \/api\/docs\/\[id\]$|owner/.test(label),
    );
    for (const [label, call] of forbidden) expect((await call(bob)).status, label).toBe(403);
    const view = await getRoute(userRequest(bob, 'GET', `/api/docs/${id}`), params({ id }));
    expect(await view.json()).toMatchObject({ id, role: 'editor' });

    await permissions.setMember(doc.id, bob.id, 'viewer');
    const rename = await patchRoute(userRequest(bob, 'PATCH', `/api/docs/${id}`, { title: 'x' }), params({ id }));
    expect(rename.status).toBe(403);
    const token = await tokenRoute(userRequest(bob, 'POST', `/api/docs/${id}/token`, {}), params({ id }));
    expect(await token.json()).toMatchObject({ role: 'view', room: doc.viewId });
    await permissions.removeMember(doc.id, bob.id);
  });

  it('a viewer may not trash, restore or upload (403); a trashed document and its images stay hidden from strangers', async () => {
    const { permissions } = await appStore();
    const id = doc.id;
    await permissions.setMember(id, bob.id, 'viewer');
    const writes = attempts().filter(([label]) => /trash|restore|files/.test(label));
    for (const [label, call] of writes) expect((await call(bob)).status, label).toBe(403);
    await permissions.removeMember(id, bob.id);

    const uploaded = await uploadRoute(
      new Request(`http://localhost:3000/api/docs/${id}/files`, {
        method: 'POST',
        headers: { cookie: alice.cookie },
        body: PNG,
      }),
      params({ id }),
    );
    expect(uploaded.status).toBe(201);
    const fileId = ((await uploaded.json()) as { url: string }).url.split('/').pop()!;
    const image = (user: TestUser | null) =>
      fileRoute(userRequest(user, 'GET', `/api/files/${fileId}`), params({ fileId }));
    expect((await image(alice)).status).toBe(200);
    expect((await image(bob)).status).toBe(404);
    expect((await image(null)).status).toBe(404);

    expect((await trashRoute(userRequest(alice, 'POST', `/api/docs/${id}/trash`), params({ id }))).status).toBe(204);
    try {
      const trash = await trashListRoute(userRequest(bob, 'GET', '/api/trash'));
      expect(await expectNothingAbout(trash)).not.toContain(id);
      for (const [label, call] of attempts()) {
        const response = await call(bob);
        expect(response.status, label).toBe(404);
        await expectNothingAbout(response);
      }
    } finally {
      expect((await restoreRoute(userRequest(alice, 'POST', `/api/docs/${id}/restore`), params({ id }))).status).toBe(
        200,
      );
    }
  });

  it('profiles are one’s own: the name and colour change only for the signed-in person', async () => {
    const response = await profilePatchRoute(
      userRequest(bob, 'PATCH', '/api/profile', { name: 'Robert', color: '#188038' }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: bob.id, name: 'Robert', color: '#188038' });
    const alicesProfile = await profileRoute(userRequest(alice, 'GET', '/api/profile'));
    expect(await alicesProfile.json()).toMatchObject({ id: alice.id, name: 'Alice Owner' });
  });
});
