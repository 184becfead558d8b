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
    expect(users[0]).toEqual({ clientId: ada, name: 'Ada', color: '#5f6368', role: 'edit' }); // unsafe colour replaced
  });

  it("leaves out this browser's other tabs, marks readers, and keeps colours distinct", () => {
    const local = new Awareness(new Y.Doc());
    const me = { id: 'browser-1', color: '#1a73e8' };
    local.setLocalStateField('user', { name: 'Me', ...me });
    receive(local, { user: { name: 'Me', ...me } }); // my other tab
    receive(local, { user: { name: 'Bob', color: '#1a73e8', id: 'browser-2', role: 'edit' } });
    receive(local, { user: { name: 'Carol', color: '#1a73e8', id: 'browser-3', role: 'view' } });

    const users = remoteUsers(local, me);
    expect(users.map((user) => [user.name, user.role])).toEqual([
      ['Bob', 'edit'],
      ['Carol', 'view'],
    ]);
    expect(new Set([me.color, ...users.map((user) => user.color)]).size).toBe(3);
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
