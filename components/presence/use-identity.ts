'use client';

import { useCallback, useEffect, useState } from 'react';
import { type LocalUser, normalizeName, PALETTE, USER_STORAGE_KEY } from './identity';
import { useLocalUser } from './use-local-user';

/** A signed-in person's profile as the page hands it over. */
export interface ProfileIdentity {
  id: string;
  name: string;
  color: string | null;
}

const NAME_CHOSEN_KEY = 'tandem:guest-name-chosen';

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
  /** A guest who never chose a name in this browser: ask before joining. */
  needsName: boolean;
  chooseName: (name: string) => void;
} {
  const [needsName, setNeedsName] = useState(false);
  // Declared before useLocalUser, so this effect runs before it stores a random name: was one ever chosen here?
  useEffect(() => {
    if (profile) return;
    try {
      const stored = window.localStorage.getItem(USER_STORAGE_KEY) !== null;
      setNeedsName(!stored && window.sessionStorage.getItem(NAME_CHOSEN_KEY) === null);
    } catch {
      setNeedsName(false);
    }
  }, [profile]);
  const local = useLocalUser();
  // The account id doubles as the presence id: the person's other tabs are not "someone else".
  const [own, setOwn] = useState<LocalUser | null>(
    profile ? { name: profile.name, color: profile.color ?? defaultColorFor(profile.id), id: profile.id } : null,
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
  const { rename: renameLocal } = local;
  const chooseName = useCallback(
    (name: string) => {
      renameLocal(name);
      try {
        window.sessionStorage.setItem(NAME_CHOSEN_KEY, '1');
      } catch {
        // storage disabled: the name holds for this page
      }
      setNeedsName(false);
    },
    [renameLocal],
  );
  if (profile) return { user: own, rename: renameProfile, guest: false, needsName: false, chooseName };
  const user = local.user && !needsName ? { ...local.user, name: `${local.user.name} (guest)` } : null;
  return {
    user,
    rename: (name) => renameLocal(name.replace(/\s*\(guest\)$/, '')),
    guest: true,
    needsName,
    chooseName,
  };
}
