'use client';

import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { isColor, type LocalUser, PALETTE } from './identity';

/** Someone else in the document, as their awareness state describes them. */
export interface RemoteUser {
  clientId: number;
  name: string;
  /** The colour shown for them here: their own, unless someone already shown has it. */
  color: string;
  /** Readers (view links) are listed apart from editors. */
  role: 'edit' | 'view';
}

/**
 * Everyone else's `user` awareness field, one entry per awareness client id
 * (the Map key makes duplicates impossible), sorted by name for a stable bar.
 * Malformed states from other clients are skipped rather than trusted. Tabs
 * of this same browser (same `id`) are not other people. Colours are made
 * distinct: two people (an editor and a reader, say) who picked the same
 * colour would otherwise be told apart by name only.
 */
export function remoteUsers(awareness: Awareness, self?: Pick<LocalUser, 'id' | 'color'> | null): RemoteUser[] {
  const users: RemoteUser[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const user: unknown = (state as { user?: unknown }).user;
    if (typeof user !== 'object' || user === null) continue;
    const { name, color, id, role } = user as { name?: unknown; color?: unknown; id?: unknown; role?: unknown };
    if (typeof name !== 'string' || name.trim() === '') continue;
    if (self?.id && id === self.id) continue;
    users.push({
      clientId,
      name: name.slice(0, 60),
      color: isColor(color) ? color : '#5f6368',
      role: role === 'view' ? 'view' : 'edit',
    });
  }
  users.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
  return distinctColors(users, self?.color);
}

/** Gives each person a colour nobody earlier in the list (nor this person's own) has, where the palette allows. */
export function distinctColors(users: RemoteUser[], own?: string): RemoteUser[] {
  const taken = new Set<string>(own ? [own.toLowerCase()] : []);
  // Editors keep their colour first: their carets are in the text; readers have none.
  const order = [...users].sort((a, b) => (a.role === b.role ? 0 : a.role === 'edit' ? -1 : 1));
  const colours = new Map<number, string>();
  for (const user of order) {
    let colour = user.color.toLowerCase();
    if (taken.has(colour)) {
      const free = PALETTE.filter((candidate) => !taken.has(candidate));
      if (free.length > 0) colour = free[user.clientId % free.length]!;
    }
    taken.add(colour);
    colours.set(user.clientId, colour);
  }
  return users.map((user) => ({ ...user, color: colours.get(user.clientId) ?? user.color }));
}

function sameUsers(a: RemoteUser[], b: RemoteUser[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (user, i) =>
        user.clientId === b[i]?.clientId &&
        user.name === b[i]?.name &&
        user.color === b[i]?.color &&
        user.role === b[i]?.role,
    )
  );
}

/** Live list of the other people in the document. */
export function useAwarenessUsers(awareness: Awareness | null, self?: LocalUser | null): RemoteUser[] {
  const [users, setUsers] = useState<RemoteUser[]>([]);
  const selfId = self?.id;
  const selfColor = self?.color;
  useEffect(() => {
    if (!awareness) {
      setUsers([]);
      return;
    }
    const me = { id: selfId, color: selfColor ?? '' };
    // 'change' fires on joins, leaves and edits of a state, not on the 15 s keep-alive renewals.
    const update = () => {
      const next = remoteUsers(awareness, me);
      setUsers((previous) => (sameUsers(previous, next) ? previous : next));
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness, selfId, selfColor]);
  return users;
}
