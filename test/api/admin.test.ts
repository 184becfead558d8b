import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PUT as transferRoute } from '@/app/api/admin/docs/[id]/owner/route';
import { GET as adminDocsRoute } from '@/app/api/admin/docs/route';
import { GET as adminUsersRoute } from '@/app/api/admin/users/route';
import { POST as createRoute } from '@/app/api/docs/route';
import { appStore } from '@/lib/db/app-db';
import type { DocumentRecord } from '@/lib/documents';
import { createTestUser, type TestUser, userRequest, useTempDataDir } from './helpers';

/** The admin page's API: every account and document; transfer of ownership. */
let dataDir: ReturnType<typeof useTempDataDir>;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
const params = (id: string) => ({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  dataDir = useTempDataDir();
  // No sync server here: the access-change nudge fails and is only logged (the change itself stands).
  process.env.SYNC_INTERNAL_URL = 'http://127.0.0.1:9';
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  admin = await createTestUser('Ada Admin', { admin: true });
  alice = await createTestUser('Alice');
  bob = await createTestUser('Bob');
});
afterAll(() => {
  delete process.env.SYNC_INTERNAL_URL;
  vi.restoreAllMocks();
  dataDir.cleanup();
});

describe('admin', () => {
  it('lists every account and every document (titles and owners, no links)', async () => {
    const created = await createRoute(userRequest(alice, 'POST', '/api/docs', { title: 'Alice’s plan' }));
    const doc = (await created.json()) as DocumentRecord;
    const users = (await (await adminUsersRoute(userRequest(admin, 'GET', '/api/admin/users'))).json()) as {
      users: { email: string; role: string }[];
    };
    expect(users.users.map((user) => user.email)).toEqual([admin.email, alice.email, bob.email]);
    expect(users.users[0]!.role).toBe('admin');
    const response = await adminDocsRoute(userRequest(admin, 'GET', '/api/admin/docs'));
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ documents: [{ id: doc.id, title: 'Alice’s plan', ownerName: 'Alice' }] });
    expect(text).not.toContain(doc.viewId);
    const link = (await (await appStore()).permissions.facts(doc.id))!.linkToken!;
    expect(text).not.toContain(link);
  });

  it('transfers ownership; the previous owner keeps editing rights; only the owner or an admin may', async () => {
    const doc = (await (
      await createRoute(userRequest(alice, 'POST', '/api/docs', { title: 'To hand over' }))
    ).json()) as DocumentRecord;
    const { permissions } = await appStore();
    await permissions.setMember(doc.id, bob.id, 'editor');
    // An editor may not give the document away.
    const refused = await transferRoute(
      userRequest(bob, 'PUT', `/api/admin/docs/${doc.id}/owner`, { email: bob.email }),
      params(doc.id),
    );
    expect(refused.status).toBe(403);
    const moved = await transferRoute(
      userRequest(admin, 'PUT', `/api/admin/docs/${doc.id}/owner`, { email: bob.email }),
      params(doc.id),
    );
    expect(moved.status).toBe(200);
    expect((await permissions.facts(doc.id))?.ownerId).toBe(bob.id);
    expect(await permissions.memberRole(doc.id, alice.id)).toBe('editor');
    expect(await permissions.memberRole(doc.id, bob.id)).toBeNull();
  });
});
