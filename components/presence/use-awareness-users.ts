'use client';

import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { isColor } from './identity';

/** Someone else in the document, as their awareness state describes them. */
export interface RemoteUser {
  clientId: number;
  name: string;
  color: string;
}

/**
 * Everyone else's `user` awareness field, one entry per awareness client id
 * (the Map key makes duplicates impossible), sorted by name for a stable bar.
 * Malformed states from other clients are skipped rather than trusted.
 */
export function remoteUsers(awareness: Awareness): RemoteUser[] {
  const users: RemoteUser[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user: unknown = (state as { user?: unknown }).user;
    if (typeof user !== 'object' || user === null) continue;
    const { name, color } = user as { name?: unknown; color?: unknown };
    if (typeof name !== 'string' || name.trim() === '') continue;
    users.push({ clientId, name: name.slice(0, 60), color: isColor(color) ? color : '#5f6368' });
  }
  return users.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

function sameUsers(a: RemoteUser[], b: RemoteUser[]): boolean {
  return (
    a.length === b.length &&
    a.every((user, i) => user.clientId === b[i]?.clientId && user.name === b[i]?.name && user.color === b[i]?.color)
  );
}

/** Live list of the other people in the document. */
export function useAwarenessUsers(awareness: Awareness | null): RemoteUser[] {
  const [users, setUsers] = useState<RemoteUser[]>([]);
  useEffect(() => {
    if (!awareness) {
      setUsers([]);
      return;
    }
    // 'change' fires on joins, leaves and edits of a state, not on the 15 s keep-alive renewals.
    const update = () =>
      setUsers((previous) => (sameUsers(previous, remoteUsers(awareness)) ? previous : remoteUsers(awareness)));
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return users;
}
