'use client';

import { useCallback, useEffect, useState } from 'react';
import { type LocalUser, normalizeName, parseStoredUser, randomUser, USER_STORAGE_KEY } from './identity';

function readStoredUser(): LocalUser {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(USER_STORAGE_KEY);
  } catch {
    raw = null; // storage disabled (privacy mode): a per-page identity still works
  }
  const user = parseStoredUser(raw, randomUser);
  writeStoredUser(user);
  return user;
}

function writeStoredUser(user: LocalUser): void {
  try {
    window.localStorage.setItem(USER_STORAGE_KEY, JSON.stringify(user));
  } catch {
    // Storage full or disabled: the identity lives for this page only, which is acceptable.
  }
}

/**
 * This browser's display name and colour. `null` until mounted: localStorage
 * does not exist during server rendering, and rendering a name there would
 * make the server and client markup disagree (a hydration error).
 */
export function useLocalUser(): { user: LocalUser | null; rename: (name: string) => void } {
  const [user, setUser] = useState<LocalUser | null>(null);

  useEffect(() => {
    setUser(readStoredUser());
    // Another tab renamed us: follow it so all our tabs show the same name.
    const onStorage = (event: StorageEvent) => {
      if (event.key === USER_STORAGE_KEY) setUser(parseStoredUser(event.newValue, randomUser));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const rename = useCallback((name: string) => {
    const normalized = normalizeName(name);
    if (normalized === '') return;
    setUser((current) => {
      const next = { name: normalized, color: current?.color ?? randomUser().color };
      writeStoredUser(next);
      return next;
    });
  }, []);

  return { user, rename };
}
