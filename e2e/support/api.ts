import { type APIRequestContext, expect } from '@playwright/test';
import type { DocumentRecord } from '../../lib/documents';
import type { GeneralAccess, MemberRole } from '../../lib/policies/document-policy';
import { type Role, signSyncToken } from '../../lib/tokens';
import { signedInRequest, type TestAccount } from './accounts';
import { PEOPLE } from './names';
import type { Stack } from './stack';

/** What the owner sees of a document's sharing (GET /api/docs/<id>/sharing). */
export interface SharingState {
  generalAccess: GeneralAccess;
  linkToken: string | null;
  members: { id: string; email: string; role: MemberRole }[];
  requests: { id: string; email: string }[];
}

/**
 * The app's HTTP API as a test uses it, signed in as Alice (PEOPLE.alice):
 * documents are created through the same route the "New document" button
 * calls, so Alice owns them, and every other account of the stack is added
 * as an editor (so tests that only open a document keep working for anyone);
 * people who join later (`newPerson`) are added to this test's documents too.
 * Also mints tokens for crafted clients with the stack's secret (what a
 * leaked or forged token would carry).
 */
export class TandemApi {
  private readonly created: string[] = [];
  private owner: { account: TestAccount; request: APIRequestContext } | null = null;

  constructor(private readonly stack: Stack) {}

  /** Alice's signed-in request context (created on first use). */
  async asOwner(): Promise<APIRequestContext> {
    if (!this.owner) {
      const account = await this.stack.accounts.ensure(PEOPLE.alice);
      this.owner = { account, request: await signedInRequest(this.stack.baseURL, account) };
    }
    return this.owner.request;
  }

  async createDocument(title?: string): Promise<DocumentRecord> {
    const request = await this.asOwner();
    const response = await request.post('/api/docs', { data: title === undefined ? {} : { title } });
    if (response.status() !== 201) {
      throw new Error(`POST /api/docs answered ${response.status()}: ${await response.text()}`);
    }
    const record = (await response.json()) as DocumentRecord;
    this.created.push(record.id);
    for (const account of this.stack.accounts.all) {
      if (account.id !== this.owner!.account.id) await this.share(record.id, account.email, 'editor');
    }
    return record;
  }

  /** Someone joined during the test: they may edit every document this test created. */
  async grantCreated(account: TestAccount): Promise<void> {
    if (this.owner?.account.id === account.id) return;
    for (const id of this.created) await this.share(id, account.email, 'editor');
  }

  /** Adds someone or changes their role (as Alice, the owner). */
  async share(id: string, email: string, role: MemberRole): Promise<SharingState> {
    const response = await (await this.asOwner()).put(`/api/docs/${id}/members`, { data: { person: email, role } });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as SharingState;
  }

  async unshare(id: string, userId: string): Promise<void> {
    const response = await (await this.asOwner()).delete(`/api/docs/${id}/members/${userId}`);
    expect(response.status(), await response.text()).toBe(200);
  }

  async sharing(id: string): Promise<SharingState> {
    const response = await (await this.asOwner()).get(`/api/docs/${id}/sharing`);
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as SharingState;
  }

  async setGeneralAccess(id: string, generalAccess: GeneralAccess): Promise<SharingState> {
    const response = await (await this.asOwner()).patch(`/api/docs/${id}/sharing`, { data: { generalAccess } });
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as SharingState;
  }

  async resetLink(id: string): Promise<SharingState> {
    const response = await (await this.asOwner()).post(`/api/docs/${id}/link`);
    expect(response.status(), await response.text()).toBe(200);
    return (await response.json()) as SharingState;
  }

  /** Deletes a document through the app, which also closes its live connections on the sync server. */
  async deleteDocument(id: string): Promise<void> {
    const response = await (await this.asOwner()).delete(`/api/docs/${id}`);
    if (!response.ok())
      throw new Error(`DELETE /api/docs/${id} answered ${response.status()}: ${await response.text()}`);
  }

  /** A sync token for `room` (a document id or a view id), signed like the app signs them. */
  mintSyncToken(
    room: string,
    role: Role,
    options: { name?: string; ttlSeconds?: number; sub?: string; link?: string } = {},
  ): Promise<string> {
    return signSyncToken(
      this.stack.secret,
      { doc: room, role, name: options.name, sub: options.sub, link: options.link },
      options.ttlSeconds ?? 300,
    );
  }

  async dispose(): Promise<void> {
    await this.owner?.request.dispose();
  }
}
