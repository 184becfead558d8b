import { newDocId } from '../doc-id';
import type { PermissionStore } from '../permissions/store';

/**
 * First start: while no account exists, a one-time setup token (stored, so
 * every process and restart prints the same link until it is used) lets
 * whoever holds the printed link create the owner account. Nobody else on the
 * network can claim the instance first: the token is 128 random bits.
 */
const SETUP_KEY = 'setup_token';

/** The setup token while the instance has no account; null once it has one. */
export async function pendingSetupToken(permissions: PermissionStore): Promise<string | null> {
  if ((await permissions.countUsers()) > 0) return null;
  return permissions.settingOnce(SETUP_KEY, newDocId());
}

/** Uses the token up: true for exactly one caller holding the right token. */
export async function claimSetupToken(permissions: PermissionStore, token: string): Promise<boolean> {
  const stored = await permissions.setting(SETUP_KEY);
  if (stored === null || stored !== token || (await permissions.countUsers()) > 0) return false;
  return permissions.deleteSettingIf(SETUP_KEY, token);
}

export function setupUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/setup?token=${encodeURIComponent(token)}`;
}
