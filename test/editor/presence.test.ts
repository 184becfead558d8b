import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { deniedReasonForStatus } from '@/components/editor/sync-token-client';
import { remoteUsers } from '@/components/presence/use-awareness-users';

/** A remote client's awareness state, delivered the way the provider applies it. */
function receive(local: Awareness, state: Record<string, unknown> | null): number {
  const remote = new Awareness(new Y.Doc());
  remote.setLocalState(state);
  applyAwarenessUpdate(local, encodeAwarenessUpdate(remote, [remote.clientID]), 'test');
  return remote.clientID;
}

describe('remoteUsers', () => {
  it('lists other people once each, sorted, and skips ourselves and malformed states', () => {
    const local = new Awareness(new Y.Doc());
    local.setLocalStateField('user', { name: 'Me', color: '#000000' });
    receive(local, { user: { name: 'Zoe', color: '#188038' } });
    const ada = receive(local, { user: { name: 'Ada', color: 'javascript:alert(1)' } });
    receive(local, { user: { name: '   ' } });
    receive(local, { cursor: null });
    receive(local, { user: 'not an object' });

    const users = remoteUsers(local);
    expect(users.map((user) => user.name)).toEqual(['Ada', 'Zoe']);
    expect(users[0]).toEqual({ clientId: ada, name: 'Ada', color: '#5f6368' }); // unsafe colour replaced
  });
});

describe('deniedReasonForStatus', () => {
  it('maps the app refusals and leaves other failures retryable', () => {
    expect(deniedReasonForStatus(404)).toBe('deleted');
    expect(deniedReasonForStatus(401)).toBe('expired');
    expect(deniedReasonForStatus(403)).toBe('revoked');
    expect(deniedReasonForStatus(503)).toBeNull();
    expect(deniedReasonForStatus(500)).toBeNull();
  });
});
