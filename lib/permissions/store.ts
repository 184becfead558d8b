/**
 * The permission data (owners, members, general access, links, access
 * requests, visits) and the accounts as the app needs them, on either
 * database through lib/db/sql.ts. Decisions are not made here: callers hand
 * the facts to lib/policies/document-policy.ts.
 */

import type { Sql } from '../db/sql';
import { newDocId } from '../doc-id';
import { decodeCursor, encodeCursor, likePattern } from '../documents';
import type { DocumentAccess, GeneralAccess, MemberRole } from '../policies/document-policy';

/** A document as a person who may open it sees it in lists (no link token, no view id). */
export interface DocumentSummary {
  id: string;
  title: string;
  updatedAt: string;
  createdAt: string;
  ownerId: string | null;
  ownerName: string | null;
  lastEditor: string | null;
}

export interface DocumentFacts {
  id: string;
  viewId: string;
  title: string;
  ownerId: string | null;
  generalAccess: GeneralAccess;
  linkToken: string | null;
  createdAt: string;
  updatedAt: string;
  lastEditor: string | null;
  /** When it went to the trash (ms), or null: a trashed document opens only to say so. */
  trashedAt: number | null;
}

export interface PersonSummary {
  id: string;
  name: string;
  email: string;
  color: string | null;
}

export interface MemberSummary extends PersonSummary {
  role: MemberRole;
}

export type ListView = 'all' | 'mine' | 'shared' | 'recent';

/** One page of a person's list (see PermissionStore.list). */
export interface SummaryPage {
  documents: DocumentSummary[];
  nextCursor: string | null;
  /** Only on pages after the first: documents edited since the previous page was listed. */
  edited?: DocumentSummary[];
}

interface DocRow {
  id: string;
  view_id: string;
  title: string;
  owner_id: string | null;
  general_access: string;
  link_token: string | null;
  created_at: number | string;
  updated_at: number | string;
  last_editor: string | null;
  owner_name?: string | null;
  editor_name?: string | null;
  trashed_at?: number | string | null;
}

const iso = (value: number | string) => new Date(Number(value)).toISOString();

function toFacts(row: DocRow): DocumentFacts {
  return {
    id: row.id,
    viewId: row.view_id,
    title: row.title,
    ownerId: row.owner_id,
    generalAccess: (row.general_access as GeneralAccess) ?? 'restricted',
    linkToken: row.link_token,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    lastEditor: row.last_editor,
    trashedAt: row.trashed_at == null ? null : Number(row.trashed_at),
  };
}

function toSummary(row: DocRow): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    ownerId: row.owner_id,
    ownerName: row.owner_name ?? null,
    lastEditor: row.editor_name ?? (row.last_editor?.startsWith('guest:') ? 'Guest' : null),
  };
}

/** Display names for `last_editor` (a user id, the token's `sub`) and the owner. */
const SUMMARY_COLUMNS = `d.*, o.name AS owner_name, e.name AS editor_name`;
const SUMMARY_JOINS = `LEFT JOIN "user" o ON o.id = d.owner_id LEFT JOIN "user" e ON e.id = d.last_editor`;
/** Lists leave out what is in the trash (lib/trash/): it is listed on the trash page. */
const NOT_TRASHED = 'NOT EXISTS (SELECT 1 FROM trashed_documents t WHERE t.id = d.id)';
const FACTS = 'SELECT d.*, t.trashed_at FROM documents d LEFT JOIN trashed_documents t ON t.id = d.id';

export class PermissionStore {
  constructor(private readonly sql: Sql) {}

  async facts(docId: string): Promise<DocumentFacts | null> {
    const row = await this.sql.get<DocRow>(`${FACTS} WHERE d.id = $1`, [docId]);
    return row ? toFacts(row) : null;
  }

  async factsByLink(linkToken: string): Promise<DocumentFacts | null> {
    const row = await this.sql.get<DocRow>(`${FACTS} WHERE d.link_token = $1`, [linkToken]);
    return row ? toFacts(row) : null;
  }

  async memberRole(docId: string, userId: string): Promise<MemberRole | null> {
    const row = await this.sql.get<{ role: string }>(
      'SELECT role FROM document_members WHERE doc_id = $1 AND user_id = $2',
      [docId, userId],
    );
    return (row?.role as MemberRole | undefined) ?? null;
  }

  /** The policy's input for one person (or guest) on one document. */
  async access(facts: DocumentFacts, userId: string | null, linkToken: string | null): Promise<DocumentAccess> {
    return {
      ownerId: facts.ownerId,
      generalAccess: facts.generalAccess,
      memberRole: userId === null ? null : await this.memberRole(facts.id, userId),
      viaLink: linkToken !== null && facts.linkToken !== null && linkToken === facts.linkToken,
    };
  }

  /** Sets owner and a fresh link on a document just created. */
  async initialise(docId: string, ownerId: string): Promise<void> {
    await this.sql.run('UPDATE documents SET owner_id = $1, link_token = COALESCE(link_token, $2) WHERE id = $3', [
      ownerId,
      newDocId(),
      docId,
    ]);
  }

  /**
   * Documents from before accounts (no owner), or whose owner's account does
   * not exist here (a database moved by migrate-to-postgres, which does not
   * copy accounts), go to the first owner; each gets a link. Returns how many.
   */
  async adoptOrphans(ownerId: string): Promise<number> {
    const orphans = await this.sql.all<{ id: string }>(
      'SELECT id FROM documents d WHERE d.owner_id IS NULL OR NOT EXISTS (SELECT 1 FROM "user" u WHERE u.id = d.owner_id)',
    );
    for (const { id } of orphans) await this.initialise(id, ownerId);
    return orphans.length;
  }

  async transfer(docId: string, newOwnerId: string): Promise<void> {
    const previous = await this.facts(docId);
    await this.sql.run('UPDATE documents SET owner_id = $1 WHERE id = $2', [newOwnerId, docId]);
    await this.sql.run('DELETE FROM document_members WHERE doc_id = $1 AND user_id = $2', [docId, newOwnerId]);
    // The previous owner keeps editing rights, as in Google Docs.
    if (previous?.ownerId && previous.ownerId !== newOwnerId) await this.setMember(docId, previous.ownerId, 'editor');
  }

  async setMember(docId: string, userId: string, role: MemberRole): Promise<void> {
    const changed = await this.sql.run('UPDATE document_members SET role = $1 WHERE doc_id = $2 AND user_id = $3', [
      role,
      docId,
      userId,
    ]);
    if (changed === 0) {
      await this.sql.run(
        'INSERT INTO document_members (doc_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (doc_id, user_id) DO UPDATE SET role = excluded.role',
        [docId, userId, role, Date.now()],
      );
    }
    await this.sql.run('DELETE FROM access_requests WHERE doc_id = $1 AND user_id = $2', [docId, userId]);
  }

  async removeMember(docId: string, userId: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM document_members WHERE doc_id = $1 AND user_id = $2', [docId, userId])) > 0;
  }

  async members(docId: string): Promise<MemberSummary[]> {
    return this.sql.all<MemberSummary>(
      `SELECT u.id, u.name, u.email, u.color, m.role FROM document_members m JOIN "user" u ON u.id = m.user_id
        WHERE m.doc_id = $1 ORDER BY m.created_at, u.id`,
      [docId],
    );
  }

  async setGeneralAccess(docId: string, access: GeneralAccess): Promise<void> {
    await this.sql.run('UPDATE documents SET general_access = $1 WHERE id = $2', [access, docId]);
  }

  /** A new link token; the old one stops working at once. */
  async resetLink(docId: string): Promise<string> {
    const token = newDocId();
    await this.sql.run('UPDATE documents SET link_token = $1 WHERE id = $2', [token, docId]);
    return token;
  }

  async requestAccess(docId: string, userId: string): Promise<void> {
    await this.sql.run(
      'INSERT INTO access_requests (doc_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (doc_id, user_id) DO NOTHING',
      [docId, userId, Date.now()],
    );
  }

  async accessRequests(docId: string): Promise<PersonSummary[]> {
    return this.sql.all<PersonSummary>(
      `SELECT u.id, u.name, u.email, u.color FROM access_requests r JOIN "user" u ON u.id = r.user_id
        WHERE r.doc_id = $1 ORDER BY r.created_at`,
      [docId],
    );
  }

  async dismissRequest(docId: string, userId: string): Promise<void> {
    await this.sql.run('DELETE FROM access_requests WHERE doc_id = $1 AND user_id = $2', [docId, userId]);
  }

  async recordVisit(userId: string, docId: string): Promise<void> {
    await this.sql.run(
      `INSERT INTO document_visits (user_id, doc_id, visited_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, doc_id) DO UPDATE SET visited_at = excluded.visited_at`,
      [userId, docId, Date.now()],
    );
  }

  /** Removes what hangs off a deleted document. */
  async forget(docId: string): Promise<void> {
    for (const table of ['document_members', 'access_requests'])
      await this.sql.run(`DELETE FROM ${table} WHERE doc_id = $1`, [docId]);
    await this.sql.run('DELETE FROM document_visits WHERE doc_id = $1', [docId]);
  }

  /**
   * The documents a person may open (owned or added to), newest edit first,
   * with keyset paging; `recent` is ordered by their own last visit instead.
   * Never lists anything else: this is the dashboard's and search's only source.
   * Pages after the first also carry `edited`: what was edited since the
   * previous page was listed (lib/documents.ts, DocumentPage.edited).
   */
  async list(
    userId: string,
    options: { view: ListView; query?: string; limit: number; cursor?: string },
  ): Promise<SummaryPage> {
    const listedAt = Date.now();
    const params: (string | number)[] = [userId];
    const filter: string[] = [NOT_TRASHED];
    const member = 'EXISTS (SELECT 1 FROM document_members m WHERE m.doc_id = d.id AND m.user_id = $1)';
    if (options.view === 'mine') filter.push('d.owner_id = $1');
    else if (options.view === 'shared') filter.push(`(d.owner_id IS NULL OR d.owner_id <> $1) AND ${member}`);
    else filter.push(`(d.owner_id = $1 OR ${member})`);
    if (options.query) {
      params.push(likePattern(options.query.toLowerCase()));
      filter.push(`LOWER(d.title) LIKE $${params.length} ESCAPE '\\'`);
    }
    if (options.view === 'recent') {
      params.push(options.limit);
      const rows = await this.sql.all<DocRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM documents d JOIN document_visits v ON v.doc_id = d.id AND v.user_id = $1
          ${SUMMARY_JOINS} WHERE ${filter.join(' AND ')} ORDER BY v.visited_at DESC LIMIT $${params.length}`,
        params,
      );
      return { documents: rows.map(toSummary), nextCursor: null };
    }
    const select = (conditions: string[], values: (string | number)[], limit: number) =>
      this.sql.all<DocRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM documents d ${SUMMARY_JOINS} WHERE ${conditions.join(' AND ')}
          ORDER BY d.updated_at DESC, d.id DESC LIMIT $${values.length + 1}`,
        [...values, limit],
      );
    const after = options.cursor ? decodeCursor(options.cursor) : null;
    const conditions = [...filter];
    const pageParams = [...params];
    if (after) {
      pageParams.push(after.updatedAt, after.id);
      const [at, id] = [`$${pageParams.length - 1}`, `$${pageParams.length}`];
      conditions.push(`(d.updated_at < ${at} OR (d.updated_at = ${at} AND d.id < ${id}))`);
    }
    const rows = await select(conditions, pageParams, options.limit + 1);
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    const result: SummaryPage = {
      documents: page.map(toSummary),
      nextCursor:
        rows.length > options.limit && last
          ? encodeCursor({ updated_at: Number(last.updated_at), id: last.id }, listedAt)
          : null,
    };
    if (after?.listedAt != null) {
      const since = [...params, after.listedAt];
      result.edited = (await select([...filter, `d.updated_at >= $${since.length}`], since, options.limit)).map(
        toSummary,
      );
    }
    return result;
  }

  /**
   * What a person may restore from the trash (documents they own or edit),
   * most recently trashed first. Nobody sees anyone else's trash.
   */
  async trashed(userId: string): Promise<(DocumentSummary & { trashedAt: number })[]> {
    const rows = await this.sql.all<DocRow & { trashed_at: number | string }>(
      `SELECT ${SUMMARY_COLUMNS}, t.trashed_at FROM trashed_documents t JOIN documents d ON d.id = t.id ${SUMMARY_JOINS}
        WHERE d.owner_id = $1
           OR EXISTS (SELECT 1 FROM document_members m WHERE m.doc_id = d.id AND m.user_id = $1 AND m.role = 'editor')
        ORDER BY t.trashed_at DESC, d.id DESC`,
      [userId],
    );
    return rows.map((row) => ({ ...toSummary(row), trashedAt: Number(row.trashed_at) }));
  }

  /** Every document, for the admin page (titles and owners only). */
  async allDocuments(limit = 500): Promise<DocumentSummary[]> {
    const rows = await this.sql.all<DocRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM documents d ${SUMMARY_JOINS} ORDER BY d.updated_at DESC, d.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toSummary);
  }

  async countUsers(): Promise<number> {
    const row = await this.sql.get<{ n: number | string }>('SELECT COUNT(*) AS n FROM "user"');
    return Number(row?.n ?? 0);
  }

  async user(id: string): Promise<(PersonSummary & { role: string }) | null> {
    return (
      (await this.sql.get<PersonSummary & { role: string }>(
        'SELECT id, name, email, color, role FROM "user" WHERE id = $1',
        [id],
      )) ?? null
    );
  }

  async userByEmail(email: string): Promise<PersonSummary | null> {
    return (
      (await this.sql.get<PersonSummary>('SELECT id, name, email, color FROM "user" WHERE LOWER(email) = $1', [
        email.trim().toLowerCase(),
      ])) ?? null
    );
  }

  /** People to add in the share dialog: by email or name, a few at a time. */
  async findPeople(query: string, limit = 8): Promise<PersonSummary[]> {
    const pattern = likePattern(query.trim().toLowerCase());
    return this.sql.all<PersonSummary>(
      `SELECT id, name, email, color FROM "user" WHERE LOWER(email) LIKE $1 ESCAPE '\\' OR LOWER(name) LIKE $1 ESCAPE '\\'
        ORDER BY name, id LIMIT $2`,
      [pattern, limit],
    );
  }

  async users(): Promise<(PersonSummary & { role: string; createdAt: string })[]> {
    const rows = await this.sql.all<PersonSummary & { role: string; createdAt: string | number | Date }>(
      'SELECT id, name, email, color, role, "createdAt" FROM "user" ORDER BY "createdAt", id',
    );
    return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
  }

  async setUserRole(id: string, role: 'admin' | 'member'): Promise<void> {
    await this.sql.run('UPDATE "user" SET role = $1 WHERE id = $2', [role, id]);
  }

  async setting(key: string): Promise<string | null> {
    return (
      (await this.sql.get<{ value: string }>('SELECT value FROM instance_settings WHERE key = $1', [key]))?.value ??
      null
    );
  }

  async setSetting(key: string, value: string | null): Promise<void> {
    if (value === null) await this.sql.run('DELETE FROM instance_settings WHERE key = $1', [key]);
    else
      await this.sql.run(
        'INSERT INTO instance_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      );
  }

  /** Deletes the setting only if it still holds `value`; true when this call deleted it. */
  async deleteSettingIf(key: string, value: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM instance_settings WHERE key = $1 AND value = $2', [key, value])) === 1;
  }

  /** Insert-if-absent; returns the stored value (ours or the one that was there first). */
  async settingOnce(key: string, value: string): Promise<string> {
    await this.sql.run('INSERT INTO instance_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      key,
      value,
    ]);
    return (await this.setting(key)) ?? value;
  }

  async createInvite(createdBy: string, emailDomain: string | null, ttlMs: number): Promise<string> {
    const token = newDocId();
    const now = Date.now();
    await this.sql.run(
      'INSERT INTO invites (token, created_by, email_domain, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [token, createdBy, emailDomain, now, now + ttlMs],
    );
    return token;
  }

  async invite(token: string): Promise<{ emailDomain: string | null; expiresAt: number; revoked: boolean } | null> {
    const row = await this.sql.get<{
      email_domain: string | null;
      expires_at: number | string;
      revoked: number | string;
    }>('SELECT email_domain, expires_at, revoked FROM invites WHERE token = $1', [token]);
    return row
      ? { emailDomain: row.email_domain, expiresAt: Number(row.expires_at), revoked: Number(row.revoked) !== 0 }
      : null;
  }
}
