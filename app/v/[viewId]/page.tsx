import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CollaborativeDocument } from '@/components/editor/collaborative-document';
import { TrashedDocument } from '@/components/trash/trashed-document';
import { documentForViewLink, documentPageMetadata, trashedAtFor } from '@/lib/document-page';
import { storedDocumentHtml } from '@/lib/preview/stored-document-html';
import '../../editor.css';

interface ViewPageProps {
  params: Promise<{ viewId: string }>;
}

export async function generateMetadata({ params }: ViewPageProps): Promise<Metadata> {
  return documentPageMetadata(await documentForViewLink((await params).viewId));
}

/**
 * `/v/<viewId>`: the same live document, read-only. The record is resolved
 * here on the server and only its view id and title are passed on, so the
 * edit id never reaches a viewer's browser.
 */
export default async function ViewPage({ params }: ViewPageProps) {
  const { viewId } = await params;
  const record = await documentForViewLink(viewId);
  if (!record) {
    const trashedAt = await trashedAtFor({ viewId });
    if (trashedAt !== null) return <TrashedDocument trashedAt={trashedAt} restoreId={null} />;
    notFound();
  }
  return (
    <CollaborativeDocument
      mode="view"
      tokenPath={`/api/view/${encodeURIComponent(record.viewId)}/token`}
      docId={null}
      viewId={record.viewId}
      initialTitle={record.title}
      previewHtml={await storedDocumentHtml(record.id)}
    />
  );
}
