/**
 * The connection indicator's truth table, kept free of React and of the
 * provider so it can be tested on plain values.
 */
export type ConnectionState = 'connecting' | 'saving' | 'saved' | 'offline' | 'denied';

/** Why the server refused us; decides the explanation shown to the person. */
export type DeniedReason = 'expired' | 'deleted' | 'trashed' | 'revoked' | 'link-reset' | 'too-large' | 'refused';

/** A Yjs state vector as `Y.decodeStateVector` returns it: client id → next clock. */
export type StateVector = Map<number, number>;

/**
 * True when the server's persisted state vector covers every change this
 * browser made. Only the client ids this Y.Doc wrote with matter: everything
 * else in the local state vector arrived *from* the server, which commits an
 * update durably before broadcasting it, so it is persisted by construction.
 * Checking those too would flash "saving" whenever someone else types and
 * their ack has not reached us yet.
 */
export function coversLocalChanges(
  local: StateVector,
  persisted: StateVector | null,
  localClients: Iterable<number>,
): boolean {
  for (const client of localClients) {
    const localClock = local.get(client) ?? 0;
    if (localClock === 0) continue;
    if (persisted === null) return false;
    if ((persisted.get(client) ?? 0) < localClock) return false;
  }
  return true;
}

export interface ConnectionFacts {
  denied: DeniedReason | null;
  /** WebSocket open and the initial sync exchange finished. */
  synced: boolean;
  /** Some connection of this page has synced before (distinguishes offline from connecting). */
  everSynced: boolean;
  /**
   * Local changes not yet covered by the server's persisted acknowledgement.
   * With no local changes there is nothing to confirm, so a viewer or a fresh
   * tab is "saved" as soon as it has synced.
   */
  unsaved: boolean;
}

export function connectionState(facts: ConnectionFacts): ConnectionState {
  if (facts.denied !== null) return 'denied';
  if (!facts.synced) return facts.everSynced ? 'offline' : 'connecting';
  if (facts.unsaved) return 'saving';
  return 'saved';
}

/** "Offline for 12 s" / "Offline for 3 min" / "Offline for 2 h". */
export function offlineDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h`;
}

export const DENIED_EXPLANATIONS: Record<DeniedReason, string> = {
  expired: 'Your session has ended. Reload the page and sign in again.',
  deleted: 'This document was deleted.',
  trashed: 'Someone moved it to the trash; it can be restored from there for 30 days.',
  revoked: 'Your access to this document was removed. Ask its owner to share it with you again.',
  'link-reset': 'The link you used was reset or turned off by the owner. Ask them for the new link.',
  'too-large': 'This document is larger than this server accepts, so the latest changes were not saved.',
  refused: 'The server refused a change made in this tab, so it was not saved. Reload to continue editing.',
};

/** The banner's first words for each refusal. */
export const DENIED_TITLES: Record<DeniedReason, string> = {
  expired: 'Access refused.',
  deleted: 'Access refused.',
  trashed: 'This document was moved to the trash.',
  revoked: 'Access removed.',
  'link-reset': 'Link no longer works.',
  'too-large': 'Document too large.',
  refused: 'Change not saved.',
};
