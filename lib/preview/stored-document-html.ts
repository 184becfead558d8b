import 'server-only';
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { editorSchema, schemaExtensions } from '@/components/editor/extensions';
import { checkDocument } from '@/components/editor/schema-guard';
import { CONTENT_FIELD } from '@/lib/doc-model';
import { loadStoredDoc } from '@/server/stored-doc';
import { previewStorage } from './preview-storage';

/**
 * The document as the sync server last stored it, rendered to HTML on the
 * server so the page can show it read-only before the editor has synced
 * (issue 12, defect 1). The HTML comes only from TipTap's own schema: every
 * node and mark is rendered by its extension's `renderHTML`, text and
 * attributes are escaped, so stored content cannot inject markup.
 *
 * Best effort: null (the page falls back to its loading skeleton) when the
 * store cannot be read or the content does not fit this release's schema.
 */
export async function storedDocumentHtml(docId: string): Promise<string | null> {
  const doc = new Y.Doc();
  try {
    await loadStoredDoc(await previewStorage(), docId, doc);
    const fragment = doc.getXmlFragment(CONTENT_FIELD);
    const schema = editorSchema();
    // Content from a newer release: the editor's schema guard will explain; no half preview.
    if (checkDocument(doc, fragment, schema) !== null) return null;
    const node = yXmlFragmentToProseMirrorRootNode(fragment, schema);
    return renderToHTMLString({ content: node, extensions: schemaExtensions() });
  } catch (error) {
    console.warn(`document preview unavailable for ${docId}:`, error);
    return null;
  } finally {
    doc.destroy();
  }
}
