'use client';

import { useEffect, useState } from 'react';
import type { ConnectionSnapshot } from './connection-tracker';
import type { DeniedReason } from './saved-state';
import type { CollaborationSession } from './use-collaboration';

const CONNECTING: ConnectionSnapshot = { state: 'connecting', unsaved: false, offlineSince: null, everSynced: false };

/** The indicator's state for a session; a refusal overrides whatever the socket says. */
export function useConnectionStatus(
  session: CollaborationSession | null,
  denied: DeniedReason | null,
): ConnectionSnapshot {
  const [snapshot, setSnapshot] = useState<ConnectionSnapshot>(CONNECTING);

  useEffect(() => {
    if (!session) {
      setSnapshot(CONNECTING);
      return;
    }
    const { tracker } = session;
    setSnapshot(tracker.getSnapshot());
    return tracker.subscribe(() => setSnapshot(tracker.getSnapshot()));
  }, [session]);

  if (denied !== null) return { ...snapshot, state: 'denied' };
  return snapshot;
}

/**
 * Asks the browser to confirm leaving while edits are not yet persisted. The
 * message text is chosen by the browser; we only opt in.
 */
export function useUnsavedChangesWarning(unsaved: boolean): void {
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = ''; // still required by some browsers to show the prompt
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}
