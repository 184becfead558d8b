/**
 * The server-rendered copy shown before the first sync (issue 12, defect 1):
 * stored Yjs state on a real SQLite file → TipTap's schema → escaped HTML.
 */
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { editorSchema } from '@/components/editor/extensions';
import { databaseFile } from '@/lib/data-dir';
import { openDatabase } from '@/lib/db/sqlite';
import { CONTENT_FIELD } from '@/lib/doc-model';
import { closePreviewStorage } from '@/lib/preview/preview-storage';
import { storedDocumentHtml } from '@/lib/preview/stored-document-html';
import { PostgresStorage } from '@/server/storage/postgres';
import { SqliteStorage } from '@/server/storage/sqlite';
import { useTempDataDir } from '../api/helpers';
import { cleanup } from '../server/helpers';
import { testSchema } from '../server/pg';

let dataDir: ReturnType<typeof useTempDataDir>;
beforeAll(() => {
  dataDir = useTempDataDir();
});
afterAll(() => dataDir.cleanup());
afterEach(async () => {
  await closePreviewStorage();
  vi.unstubAllEnvs();
  await cleanup();
});

async function store(doc: string, ydoc: Y.Doc): Promise<void> {
  const db = openDatabase(databaseFile(dataDir.dir));
  try {
    await new SqliteStorage(db).append(doc, [Y.encodeStateAsUpdate(ydoc)]);
  } finally {
    db.close();
  }
}

describe('storedDocumentHtml', () => {
  it('renders the stored content with the schema, escaping text', async () => {
    const ydoc = prosemirrorJSONToYDoc(
      editorSchema(),
      {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Plan' }] },
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: '<img src=x onerror=alert(1)> and ' },
              { type: 'text', text: 'bold', marks: [{ type: 'bold' }] },
            ],
          },
        ],
      },
      CONTENT_FIELD,
    );
    await store('preview-ok', ydoc);

    const html = await storedDocumentHtml('preview-ok');

    expect(html).toContain('<h2');
    expect(html).toContain('Plan</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
  });

  it('is empty for a document with nothing stored yet', async () => {
    const html = await storedDocumentHtml('never-stored');
    expect(typeof html).toBe('string');
    expect(html!.replace(/<[^>]*>/g, '')).toBe('');
  });

  it('gives no preview (null) for content this release cannot show', async () => {
    const ydoc = new Y.Doc();
    const unknown = new Y.XmlElement('futureWidget');
    ydoc.getXmlFragment(CONTENT_FIELD).insert(0, [unknown]);
    await store('preview-unknown', ydoc);

    expect(await storedDocumentHtml('preview-unknown')).toBeNull();
  });
});

describe('storedDocumentHtml on PostgreSQL (DATABASE_URL)', () => {
  it('reads what the sync server stored there', async () => {
    const schema = await testSchema();
    const ydoc = prosemirrorJSONToYDoc(
      editorSchema(),
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'From PostgreSQL' }] }] },
      CONTENT_FIELD,
    );
    await new PostgresStorage(schema.pool(1)).append('preview-pg', [Y.encodeStateAsUpdate(ydoc)]);
    vi.stubEnv('DATABASE_URL', schema.url);
    vi.stubEnv('DATABASE_SCHEMA', schema.schema);

    expect(await storedDocumentHtml('preview-pg')).toBe('<p>From PostgreSQL</p>');
  });
});
