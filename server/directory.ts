/**
 * The document catalogue as the sync server sees it: which room names are
 * documents, which are view-only aliases (viewId) of a document, which were
 * deleted; and the catalogue columns that follow the live document.
 */
import type { SqliteDatabase } from '../lib/db/sqlite';
import { linkDigest } from '../lib/permissions/link-token';
import type { GeneralAccess, MemberRole } from '../lib/policies/document-policy';
import { InlineWriter, type SqliteWriter } from './storage/sqlite-writer';

export type RoomResolution =
  /** `docName` is the real document id; `viewOnly` when the room was its viewId alias. */
  { kind: 'document'; docName: string; viewOnly: boolean } | { kind: 'deleted' };

/** What the catalogue learns after a durable commit that changed the document. */
export interface CommitRecord {
  title: string;
  /** Who sent the last update: the token's `sub` (or its `name` for tokens without one), if any. */
  editor: string | null;
  at: number;
}

/** Who may open a document, as the sync server re-checks live connections (server/access-check.ts). */
export interface DocumentAccessFacts {
  ownerId: string | null;
  generalAccess: GeneralAccess;
  /** Digest of the current link token (lib/permissions/link-token.ts); null when there is none. */
  linkDigest: string | null;
  members: ReadonlyMap<string, MemberRole>;
}

export interface Directory {
  resolve(room: string): Promise<RoomResolution>;
  /** The catalogue title, used once to seed a document that has no stored state at all. */
  catalogueTitle(docName: string): Promise<string | null>;
  /** Updates title/updated_at/last_editor if the document has a catalogue row. */
  recordCommit(docName: string, record: CommitRecord): Promise<void>;
  /** Tombstones the id and its viewId (so old tokens get 404) and removes the catalogue row. */
  markDeleted(docName: string): Promise<void>;
  /** The document's permissions now; null when it has no catalogue row (an ad-hoc room, or deleted). */
  documentAccess(docName: string): Promise<DocumentAccessFacts | null>;
}

interface AccessRow {
  owner_id: string | null;
  general_access: string;
  link_token: string | null;
}

/** Both SQL directories read the same columns the same way. */
export function accessFacts(
  row: AccessRow,
  members: readonly { user_id: string; role: string }[],
): DocumentAccessFacts {
  return {
    ownerId: row.owner_id,
    generalAccess: (row.general_access as GeneralAccess) ?? 'restricted',
    linkDigest: row.link_token ? linkDigest(row.link_token) : null,
    members: new Map(members.map((member) => [member.user_id, member.role as MemberRole])),
  };
}

interface DocumentRow {
  id: string;
  view_id: string;
  title: string;
}

/** Is this room a tombstoned document id or view id? Two index lookups (an OR across columns could scan). */
export const SQLITE_TOMBSTONE_QUERY =
  'SELECT 1 FROM deleted_documents WHERE id = ? UNION ALL SELECT 1 FROM deleted_documents WHERE view_id = ? LIMIT 1';

export class SqliteDirectory implements Directory {
  private readonly selectTombstone;
  private readonly selectByViewId;
  private readonly selectTitle;
  private readonly selectAccess;
  private readonly selectMembers;

  /** `writer`: where the catalogue writes after commits and deletes run (the sync server's writer thread). */
  constructor(
    db: SqliteDatabase,
    private readonly writer: Pick<SqliteWriter, 'recordCommit' | 'markDeleted'> = new InlineWriter(db),
  ) {
    this.selectAccess = db.prepare('SELECT owner_id, general_access, link_token FROM documents WHERE id = ?');
    this.selectMembers = db.prepare('SELECT user_id, role FROM document_members WHERE doc_id = ?');
    // Prepared once: resolve() runs on every upgrade.
    this.selectTombstone = db.prepare(SQLITE_TOMBSTONE_QUERY);
    this.selectByViewId = db.prepare('SELECT id FROM documents WHERE view_id = ?');
    this.selectTitle = db.prepare('SELECT title FROM documents WHERE id = ?');
  }

  async resolve(room: string): Promise<RoomResolution> {
    if (this.selectTombstone.get(room, room)) return { kind: 'deleted' };
    const byView = this.selectByViewId.get(room) as Pick<DocumentRow, 'id'> | undefined;
    if (byView) return { kind: 'document', docName: byView.id, viewOnly: true };
    // Known documents and ad-hoc rooms (e.g. `npm run token -- --doc anything`) alike.
    return { kind: 'document', docName: room, viewOnly: false };
  }

  async catalogueTitle(docName: string): Promise<string | null> {
    const row = this.selectTitle.get(docName) as Pick<DocumentRow, 'title'> | undefined;
    return row?.title ?? null;
  }

  recordCommit(docName: string, record: CommitRecord): Promise<void> {
    return this.writer.recordCommit(docName, record);
  }

  markDeleted(docName: string): Promise<void> {
    return this.writer.markDeleted(docName);
  }

  async documentAccess(docName: string): Promise<DocumentAccessFacts | null> {
    const row = this.selectAccess.get(docName) as AccessRow | undefined;
    if (!row) return null;
    return accessFacts(row, this.selectMembers.all(docName) as { user_id: string; role: string }[]);
  }
}

/** In-process catalogue for unit tests. */
export class MemoryDirectory implements Directory {
  readonly documents = new Map<
    string,
    { viewId: string; title: string; updatedAt: number; lastEditor: string | null }
  >();
  readonly deleted = new Set<string>();
  /** Permissions by document id, for tests of live revocation. */
  readonly access = new Map<string, DocumentAccessFacts>();

  async resolve(room: string): Promise<RoomResolution> {
    if (this.deleted.has(room)) return { kind: 'deleted' };
    for (const [id, doc] of this.documents) {
      if (doc.viewId === room) return { kind: 'document', docName: id, viewOnly: true };
    }
    return { kind: 'document', docName: room, viewOnly: false };
  }

  async catalogueTitle(docName: string): Promise<string | null> {
    return this.documents.get(docName)?.title ?? null;
  }

  async recordCommit(docName: string, record: CommitRecord): Promise<void> {
    const doc = this.documents.get(docName);
    if (!doc) return;
    doc.title = record.title;
    doc.updatedAt = record.at;
    if (record.editor !== null) doc.lastEditor = record.editor;
  }

  async markDeleted(docName: string): Promise<void> {
    const doc = this.documents.get(docName);
    this.deleted.add(docName);
    if (doc) this.deleted.add(doc.viewId);
    this.documents.delete(docName);
  }

  async documentAccess(docName: string): Promise<DocumentAccessFacts | null> {
    return this.access.get(docName) ?? null;
  }
}
