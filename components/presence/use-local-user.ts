'use client';

import { useCallback, useEffect, useState } from 'react';
import {
  BROWSER_ID_STORAGE_KEY,
  type LocalUser,
  normalizeName,
  parseStoredUser,
  randomUser,
  USER_STORAGE_KEY,
} from './identity';

/** A random id per browser profile, shared by its tabs (localStorage); per page where storage is off. */
function browserId(): string {
  try {
    const stored = window.localStorage.getItem(BROWSER_ID_STORAGE_KEY);
    if (stored && /^[A-Za-z0-9-]{8,64}$/.test(stored)) return stored;
    const fresh = crypto.randomUUID();
    window.localStorage.setItem(BROWSER_ID_STORAGE_KEY, fresh);
    return fresh;
  } catch {
    return crypto.randomUUID();
  }
}

function readStoredUser(): LocalUser {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(USER_STORAGE_KEY);
  } catch {
    raw = null; // storage disabled (privacy mode): a per-page identity still works
  }
  const user = parseStoredUser(raw, randomUser);
  writeStoredUser(user);
  return { ...user, id: browserId() };
}

function writeStoredUser(user: LocalUser): void {
  try {
    window.localStorage.setItem(USER_STORAGE_KEY, JSON.stringify({ name: user.name, color: user.color }));
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
      if (event.key === USER_STORAGE_KEY) setUser({ ...parseStoredUser(event.newValue, randomUser), id: browserId() });
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
      return { ...next, id: current?.id ?? browserId() };
    });
  }, []);

  return { user, rename };
}
