'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { CONTENT_FIELD } from '@/lib/doc-model';
import { editorSchema } from './extensions';
import { checkDocument, stampSchemaVersion, watchForUnknownContent } from './schema-guard';
import type { CollaborationSession } from './sync-session';

export interface SchemaMismatch {
  reason: string;
  /** The document as it was when the mismatch was seen, for a read-only view that never syncs. */
  snapshot: Y.Doc;
}

/**
 * Stops a session from writing as soon as its document holds content this
 * release cannot represent (see schema-guard.ts): from then on nothing this
 * tab does, including the editor binding dropping what it cannot build,
 * reaches the server. Also stamps the schema version into documents this
 * release edits.
 */
export function useSchemaGuard(session: CollaborationSession | null, synced: boolean) {
  const [mismatch, setMismatch] = useState<SchemaMismatch | null>(null);
  const stopRef = useRef<(reason: string) => void>(() => {});

  useEffect(() => {
    if (!session) return;
    const { doc, provider } = session;
    const fragment = doc.getXmlFragment(CONTENT_FIELD);
    const stop = (reason: string) => {
      // Detach the provider from the document first: the editor binding's
      // deletions of unknown content happen right after this, in this tab only.
      provider.doc.off('update', (provider as unknown as { _updateHandler: never })._updateHandler);
      provider.disconnect();
      const snapshot = new Y.Doc();
      Y.applyUpdate(snapshot, Y.encodeStateAsUpdate(doc));
      setMismatch({ reason, snapshot });
    };
    stopRef.current = stop;
    const schema = editorSchema();
    const unwatch = watchForUnknownContent(doc, fragment, schema, stop);
    // Content that arrived before this effect ran has not been seen by the watcher.
    const early = checkDocument(doc, fragment, schema);
    if (early !== null) stop(early);
    return () => {
      unwatch();
      stopRef.current = () => {};
      setMismatch(null);
    };
  }, [session]);

  useEffect(() => {
    if (!session || !synced || mismatch) return;
    if (session.role === 'edit') stampSchemaVersion(session.doc);
  }, [session, synced, mismatch]);

  /** For the editor's own content check (TipTap's `contentError`): stop just the same. */
  const report = useCallback((reason: string) => stopRef.current(reason), []);
  return { mismatch, report };
}
