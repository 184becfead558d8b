/**
 * Permission changes in cluster mode: the web app tells one sync process
 * (POST /admin/docs/:id/access); the others learn it over the Redis bus and
 * act on their own open connections. Real PostgreSQL and Redis.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signAdminToken, signSyncToken } from '../../lib/tokens';
import { CloseCode } from '../../server/close-codes';
import { clusterEnv, startNode } from './cluster-helpers';
import { adminUrlOf, cleanup, connectClient, SECRET } from './helpers';

afterEach(cleanup);

describe('access changes across sync processes', () => {
  it('a removal and a downgrade told to process A close the connections on process B', async () => {
    const env = await clusterEnv();
    const [a, b] = [await startNode(env), await startNode(env)];
    const pool = env.schema.pool(1);
    const id = 'shared-access-doc';
    await pool.query(
      `INSERT INTO documents (id, view_id, title, created_at, updated_at, owner_id, link_token)
       VALUES ($1, 'view-of-shared-access', '', 0, 0, 'owner-1', 'link-1')`,
      [id],
    );
    await pool.query(
      `INSERT INTO document_members (doc_id, user_id, role, created_at) VALUES ($1, 'bob', 'editor', 0), ($1, 'carol', 'editor', 0)`,
      [id],
    );
    const token = (sub: string) => signSyncToken(SECRET, { doc: id, role: 'edit', sub }, 600);
    const bob = connectClient(b.url, id, await token('bob'));
    const carol = connectClient(b.url, id, await token('carol'));
    const owner = connectClient(a.url, id, await token('owner-1'));
    await vi.waitFor(() => expect(bob.provider.synced && carol.provider.synced && owner.provider.synced).toBe(true));
    const closes = new Map<string, number[]>();
    for (const [name, client] of [
      ['bob', bob],
      ['carol', carol],
      ['owner', owner],
    ] as const) {
      closes.set(name, []);
      client.provider.on('connection-close', (event) => {
        if (event) closes.get(name)!.push(event.code);
      });
    }

    await pool.query(`DELETE FROM document_members WHERE doc_id = $1 AND user_id = 'bob'`, [id]);
    await pool.query(`UPDATE document_members SET role = 'viewer' WHERE doc_id = $1 AND user_id = 'carol'`, [id]);
    const told = await fetch(`${adminUrlOf(a.url)}/admin/docs/${id}/access`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await signAdminToken(SECRET)}` },
    });
    expect(told.status).toBe(204);

    await vi.waitFor(() => expect(closes.get('bob')).toContain(CloseCode.accessRevoked));
    await vi.waitFor(() => expect(closes.get('carol')).toContain(CloseCode.accessChanged));
    expect(closes.get('owner')).toEqual([]);
  });
});
