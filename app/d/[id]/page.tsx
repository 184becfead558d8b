import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { CollaborativeDocument } from '@/components/editor/collaborative-document';
import { TrashedDocument } from '@/components/trash/trashed-document';
import { pageUser, requirePageUser } from '@/lib/auth/page-session';
import { documentPageMetadata } from '@/lib/document-page';
import { mayDo, openDocument } from '@/lib/permissions/document-access';
import { syncRoleOf } from '@/lib/policies/document-policy';
import { storedDocumentHtml } from '@/lib/preview/stored-document-html';
import '../../editor.css';

interface EditPageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: EditPageProps): Promise<Metadata> {
  const user = await pageUser();
  const opened = user ? await openDocument(user, (await params).id, { includeTrashed: true }) : null;
  return documentPageMetadata(opened ? opened.facts.title : null);
}

/**
 * `/d/<id>`: the document for a signed-in person who may open it, with the
 * role the policy gives them. Anyone else — and any unknown id, so nothing
 * leaks about which ids exist — gets "You need access". A document in the
 * trash says so to those who may open it, with Restore for those who may
 * restore it (owners and editors).
 */
export default async function DocumentPage({ params, searchParams }: EditPageProps) {
  const { id } = await params;
  const user = await requirePageUser(`/d/${encodeURIComponent(id)}`);
  const opened = await openDocument(user, id, { includeTrashed: true });
  // 403 with the "You need access" page (app/forbidden.tsx), for unknown ids alike.
  if (!opened) forbidden();
  if (opened.facts.trashedAt !== null) {
    const restoreId = (await mayDo(opened, 'trash')) ? opened.facts.id : null;
    return <TrashedDocument trashedAt={opened.facts.trashedAt} restoreId={restoreId} />;
  }
  const mode = syncRoleOf(opened.role);
  return (
    <CollaborativeDocument
      mode={mode}
      tokenPath={`/api/docs/${encodeURIComponent(opened.facts.id)}/token`}
      shareDocId={opened.role === 'owner' ? opened.facts.id : null}
      docId={opened.facts.id}
      profile={{ id: user.id, name: user.name, color: user.color }}
      initialTitle={opened.facts.title}
      previewHtml={await storedDocumentHtml(opened.facts.id)}
      // The dashboard's "New document" lands here with ?new=1: start in the title, like Docs.
      focusTitle={(await searchParams).new === '1' && mode === 'edit'}
    />
  );
}
