'use client';

import { useCallback, useState } from 'react';
import { type LocalUser, normalizeName, PALETTE } from './identity';
import { useLocalUser } from './use-local-user';

/** A signed-in person's profile as the page hands it over. */
export interface ProfileIdentity {
  id: string;
  name: string;
  color: string | null;
}

/** A stable colour for someone who never picked one: from their account id. */
export function defaultColorFor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

/**
 * Who this tab is in the document. Signed in: the profile's name and colour,
 * and a rename changes the profile (everyone sees it on carets, presence and
 * "last edited by"). A guest who came through a link: a name kept in this
 * browser, shown with a "guest" mark.
 */
export function useIdentity(profile: ProfileIdentity | null): {
  user: LocalUser | null;
  rename: (name: string) => void;
  guest: boolean;
} {
  const local = useLocalUser();
  const [own, setOwn] = useState<LocalUser | null>(
    profile ? { name: profile.name, color: profile.color ?? defaultColorFor(profile.id) } : null,
  );
  const renameProfile = useCallback((name: string) => {
    const normalized = normalizeName(name);
    if (normalized === '') return;
    setOwn((current) => (current ? { ...current, name: normalized } : current));
    void fetch('/api/profile', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: normalized }),
    }).catch(() => {});
  }, []);
  if (profile) return { user: own, rename: renameProfile, guest: false };
  const user = local.user ? { ...local.user, name: `${local.user.name} (guest)` } : null;
  return {
    user,
    rename: (name) => local.rename(name.replace(/\s*\(guest\)$/, '')),
    guest: true,
  };
}
