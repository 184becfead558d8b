import type { BrowserContext } from '@playwright/test';

/** Must match `USER_STORAGE_KEY` in components/presence/identity.ts (read there by the editor). */
export const USER_STORAGE_KEY = 'tandem:user';

/** Fixed colours so screenshots and caret assertions are stable from run to run. */
export const PEOPLE = {
  alice: { name: 'Alice Archer', color: '#1a73e8' },
  bob: { name: 'Bob Baker', color: '#188038' },
  carol: { name: 'Carol Cooper', color: '#d93025' },
} as const;

export type PersonKey = keyof typeof PEOPLE;

/**
 * Presets the display name before any page script runs, the way a returning
 * visitor would have it, instead of typing it into the UI in every test.
 * Only on the first navigation of each page, so a test can still rename.
 */
export async function presetIdentity(context: BrowserContext, user: { name: string; color: string }): Promise<void> {
  await context.addInitScript(
    ({ key, value }) => {
      // about:blank (every new page starts there) has no storage of its own.
      if (!window.location.protocol.startsWith('http')) return;
      if (window.localStorage.getItem(key) === null) window.localStorage.setItem(key, value);
    },
    { key: USER_STORAGE_KEY, value: JSON.stringify(user) },
  );
}
