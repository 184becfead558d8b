import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { NeedAccess } from '@/components/account/need-access';
import { CollaborativeDocument } from '@/components/editor/collaborative-document';
import { TrashedDocument } from '@/components/trash/trashed-document';
import { guestCookieName } from '@/lib/auth/guest';
import { pageUser } from '@/lib/auth/page-session';
import { documentPageMetadata } from '@/lib/document-page';
import { mayDo, openByLink } from '@/lib/permissions/document-access';
import { syncRoleOf } from '@/lib/policies/document-policy';
import { storedDocumentHtml } from '@/lib/preview/stored-document-html';
import '../../editor.css';

interface LinkPageProps {
  params: Promise<{ token: string }>;
}

async function open(token: string) {
  const user = await pageUser();
  const guestId = (await cookies()).get(guestCookieName())?.value ?? 'new-guest';
  return { user, opened: await openByLink(user, token, user ? null : guestId, { includeTrashed: true }) };
}

export async function generateMetadata({ params }: LinkPageProps): Promise<Metadata> {
  const { opened } = await open((await params).token);
  return documentPageMetadata(opened ? opened.facts.title : null);
}

/**
 * `/s/<link token>`: a document through its link, when general access says
 * "anyone with the link". Guests (no account) join under a name they pick,
 * marked as a guest. A reset or restricted link shows that it does not work;
 * a link to a document in the trash says so (Restore for people who may).
 */
export default async function LinkPage({ params }: LinkPageProps) {
  await headers();
  const { token } = await params;
  const { user, opened } = await open(token);
  if (!opened) {
    return (
      <NeedAccess
        title="This link does not work"
        text="It was reset or turned off by the document's owner. Ask them for a new link."
      />
    );
  }
  if (opened.facts.trashedAt !== null) {
    const restoreId = (await mayDo(opened, 'trash')) ? opened.facts.id : null;
    return <TrashedDocument trashedAt={opened.facts.trashedAt} restoreId={restoreId} />;
  }
  return (
    <CollaborativeDocument
      mode={syncRoleOf(opened.role)}
      tokenPath={`/api/links/${encodeURIComponent(token)}/token`}
      shareDocId={opened.role === 'owner' ? opened.facts.id : null}
      docId={null}
      profile={user ? { id: user.id, name: user.name, color: user.color } : null}
      initialTitle={opened.facts.title}
      previewHtml={await storedDocumentHtml(opened.facts.id)}
    />
  );
}
