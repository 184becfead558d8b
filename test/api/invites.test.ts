import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as inviteRoute } from '@/app/api/invites/route';
import { POST as signupRoute } from '@/app/api/signup/route';
import { createTestUser, jsonRequest, type TestUser, userRequest, useTempDataDir } from './helpers';

/** SIGNUP=invite (the default), open and closed; invites with and without an email domain. */
let dataDir: ReturnType<typeof useTempDataDir>;
let member: TestUser;
beforeAll(async () => {
  dataDir = useTempDataDir();
  member = await createTestUser('Mia Member');
});
afterAll(() => {
  delete process.env.SIGNUP;
  dataDir.cleanup();
});

let people = 0;
function signup(invite?: string, domain = 'example.test'): Promise<Response> {
  people += 1;
  return signupRoute(
    jsonRequest('POST', '/api/signup', {
      ...(invite ? { invite } : {}),
      name: `Person ${people}`,
      email: `person${people}@${domain}`,
      password: 'a long enough password',
    }),
  );
}

async function createInvite(body: unknown = {}): Promise<string> {
  const response = await inviteRoute(userRequest(member, 'POST', '/api/invites', body));
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

describe('joining', () => {
  it('by default needs an invite, which any member can make', async () => {
    expect((await signup()).status).toBe(403);
    expect((await signup('AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(403);
    const invite = await createInvite();
    const joined = await signup(invite);
    expect(joined.status).toBe(201);
    expect(joined.headers.getSetCookie().join()).toMatch(/tandem\.session_token=/);
    // An invite link serves a team, not one person.
    expect((await signup(invite)).status).toBe(201);
  });

  it('an invite for a domain admits only addresses in it', async () => {
    const invite = await createInvite({ emailDomain: 'Team.Example' });
    const outsider = await signup(invite, 'elsewhere.example');
    expect(outsider.status).toBe(403);
    expect(((await outsider.json()) as { error: { message: string } }).error.message).toContain('@team.example');
    expect((await signup(invite, 'team.example')).status).toBe(201);
  });

  it('SIGNUP=open needs no invite; SIGNUP=closed admits nobody, invite or not', async () => {
    const invite = await createInvite();
    process.env.SIGNUP = 'open';
    expect((await signup()).status).toBe(201);
    process.env.SIGNUP = 'closed';
    expect((await signup(invite)).status).toBe(403);
    delete process.env.SIGNUP;
  });
});
