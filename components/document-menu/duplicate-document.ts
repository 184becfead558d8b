import * as Y from 'yjs';
import { createDocumentRequest } from '@/components/dashboard/docs-client';
import { SyncSession } from '@/components/editor/sync-session';
import { requestSyncAccess } from '@/components/editor/sync-token-client';
import { writeTitle } from '@/lib/doc-model';

/**
 * Copies a document into a new one and resolves with the new id once the
 * sync server has acknowledged the copy as durably stored. Works from the
 * open editor's Y.Doc (content, title), so nothing the app server cannot
 * read is needed: the copy is an ordinary update to an empty document.
 */
export async function duplicateDocument(source: Y.Doc, title: string, name: string): Promise<string> {
  // Created untitled: the title travels in the copied Y.Doc (a title given here would be
  // seeded into the new document as well, and the two would merge into one doubled title).
  const created = await createDocumentRequest();
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
  writeTitle(copy, title);
  const state = Y.encodeStateAsUpdate(copy);
  copy.destroy();

  await new Promise<void>((resolve, reject) => {
    const sync = new SyncSession({
      requestAccess: (signal) => requestSyncAccess(`/api/docs/${encodeURIComponent(created.id)}/token`, name, signal),
      onSession: (session) => {
        Y.applyUpdate(session.doc, state);
        const check = () => {
          const snapshot = session.tracker.getSnapshot();
          if (snapshot.state === 'saved' && snapshot.everSynced) {
            unsubscribe();
            sync.destroy();
            resolve();
          }
        };
        const unsubscribe = session.tracker.subscribe(check);
        check();
      },
      onDenied: (reason) => {
        sync.destroy();
        reject(new Error(`The copy could not be saved (${reason}).`));
      },
    });
    sync.start();
  });
  return created.id;
}
