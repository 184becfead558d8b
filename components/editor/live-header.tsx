'use client';

import { useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { LocalUser } from '@/components/presence/identity';
import { PresenceBar } from '@/components/presence/presence-bar';
import { useAwarenessUsers } from '@/components/presence/use-awareness-users';
import { ConnectionStatus } from './connection-status';
import type { DeniedReason } from './saved-state';
import type { CollaborationSession } from './use-collaboration';
import { useConnectionStatus, useUnsavedChangesWarning } from './use-connection-status';

/*
 * The header's live parts subscribe here, in leaves, not in the page that
 * renders the editor: the status flips saving → saved on every keystroke, and
 * when the page held it, each flip re-rendered the whole editor (TipTap's
 * useEditor then calls setOptions, a full ProseMirror view update) twice per
 * key (bench/RESULTS.md, browser feel).
 */

/** The saving / saved / offline indicator, and the leave-page warning while edits are unsaved. */
export function LiveConnectionStatus(props: {
  session: CollaborationSession | null;
  denied: DeniedReason | null;
  readOnly: boolean;
  /** False while the page shows a frozen copy (schema mismatch): leaving it loses nothing. */
  warnUnsaved?: boolean;
}) {
  const status = useConnectionStatus(props.session, props.denied);
  useUnsavedChangesWarning(status.unsaved && props.warnUnsaved !== false);
  return <ConnectionStatus status={status} denied={props.denied} readOnly={props.readOnly} />;
}

/** Everyone else in the document. */
export function LivePresenceBar({ awareness, user }: { awareness: Awareness | null; user: LocalUser | null }) {
  return <PresenceBar users={useAwarenessUsers(awareness, user)} />;
}

const never = () => () => {};

/** Whether the session has synced at least once: changes once per session, so its users re-render once. */
export function useEverSynced(session: CollaborationSession | null): boolean {
  return useSyncExternalStore(
    session ? session.tracker.subscribe : never,
    () => session?.tracker.getSnapshot().everSynced ?? false,
    () => false,
  );
}
