import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CollaborativeDocument } from '@/components/editor/collaborative-document';
import { TrashedDocument } from '@/components/trash/trashed-document';
import { documentForEditLink, documentPageMetadata, trashedAtFor } from '@/lib/document-page';
import { storedDocumentHtml } from '@/lib/preview/stored-document-html';
import '../../editor.css';

interface EditPageProps {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: EditPageProps): Promise<Metadata> {
  return documentPageMetadata(await documentForEditLink((await params).id));
}

/** `/d/<id>`: the editor. Only ids, the view id and the title reach the client. */
export default async function EditPage({ params, searchParams }: EditPageProps) {
  const { id } = await params;
  const record = await documentForEditLink(id);
  if (!record) {
    const trashedAt = await trashedAtFor({ id });
    if (trashedAt !== null) return <TrashedDocument trashedAt={trashedAt} restoreId={id} />;
    notFound();
  }
  return (
    <CollaborativeDocument
      mode="edit"
      tokenPath={`/api/docs/${encodeURIComponent(record.id)}/token`}
      docId={record.id}
      viewId={record.viewId}
      initialTitle={record.title}
      previewHtml={await storedDocumentHtml(record.id)}
      // The dashboard's "New document" lands here with ?new=1: start in the title, like Docs.
      focusTitle={(await searchParams).new === '1'}
    />
  );
}
