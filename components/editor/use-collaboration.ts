'use client';

import { useEffect, useRef, useState } from 'react';
import type { DeniedReason } from './saved-state';
import { type CollaborationSession, SyncSession } from './sync-session';
import { requestSyncAccess } from './sync-token-client';

export type { CollaborationSession } from './sync-session';

/**
 * The live session for a document page. Everything is created inside an
 * effect and destroyed in its cleanup, so StrictMode's mount-unmount-mount
 * leaves exactly one socket (the first mount's token request is aborted).
 */
export function useCollaboration(
  tokenPath: string,
  /** The display name for the token; `null` until known, and nothing starts before it is. */
  name: string | null,
): { session: CollaborationSession | null; denied: DeniedReason | null } {
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const [denied, setDenied] = useState<DeniedReason | null>(null);
  // The name only matters for the next token; renaming must not tear the session down.
  const nameRef = useRef(name ?? '');
  nameRef.current = name ?? '';
  const ready = name !== null;

  useEffect(() => {
    if (!ready) return;
    const sync = new SyncSession({
      requestAccess: (signal) => requestSyncAccess(tokenPath, nameRef.current, signal),
      onSession: setSession,
      onDenied: setDenied,
    });
    sync.start();
    return () => {
      sync.destroy();
      setSession(null);
      setDenied(null);
    };
  }, [tokenPath, ready]);

  return { session, denied };
}
