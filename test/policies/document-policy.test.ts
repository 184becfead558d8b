import { describe, expect, it } from 'vitest';
import {
  type Actor,
  can,
  type DocumentAccess,
  type DocumentAction,
  GENERAL_ACCESS,
  type GeneralAccess,
  type MemberRole,
  roleOn,
} from '@/lib/policies/document-policy';

const owner: Actor = { kind: 'user', id: 'owner', admin: false };
const person: Actor = { kind: 'user', id: 'person', admin: false };
const admin: Actor = { kind: 'user', id: 'admin', admin: true };
const guest: Actor = { kind: 'guest', id: 'g1' };
const anonymous: Actor = { kind: 'anonymous' };

function access(memberRole: MemberRole | null, generalAccess: GeneralAccess, viaLink: boolean): DocumentAccess {
  return { ownerId: 'owner', generalAccess, memberRole, viaLink };
}

const ACTIONS: DocumentAction[] = ['read', 'update', 'share', 'trash', 'delete', 'transfer', 'request-access'];

describe('document policy', () => {
  it('the owner may do everything but ask for access, whatever general access says', () => {
    for (const general of GENERAL_ACCESS) {
      for (const viaLink of [false, true]) {
        const facts = access(null, general, viaLink);
        expect(roleOn(owner, facts)).toBe('owner');
        expect(ACTIONS.filter((action) => can(owner, action, facts))).toEqual([
          'read',
          'update',
          'share',
          'trash',
          'delete',
          'transfer',
        ]);
      }
    }
  });

  it.each([
    // member role, general access, via link → role
    [null, 'restricted', false, null],
    [null, 'restricted', true, null],
    [null, 'view', false, null],
    [null, 'view', true, 'viewer'],
    [null, 'edit', false, null],
    [null, 'edit', true, 'editor'],
    ['viewer', 'restricted', false, 'viewer'],
    ['viewer', 'edit', true, 'editor'],
    ['editor', 'view', true, 'editor'],
    ['editor', 'restricted', false, 'editor'],
  ] as const)('a person who is %s, general access %s, via link %s → %s', (member, general, viaLink, expected) => {
    expect(roleOn(person, access(member, general, viaLink))).toBe(expected);
  });

  it('editors write and move to the trash but never share or delete for good; viewers only read', () => {
    const editor = access('editor', 'restricted', false);
    expect(ACTIONS.filter((action) => can(person, action, editor))).toEqual(['read', 'update', 'trash']);
    // Editing through the link is enough for a person with an account, never for a guest.
    expect(can(person, 'trash', access(null, 'edit', true))).toBe(true);
    expect(can(guest, 'trash', access(null, 'edit', true))).toBe(false);
    const viewer = access('viewer', 'restricted', false);
    expect(ACTIONS.filter((action) => can(person, action, viewer))).toEqual(['read']);
    const none = access(null, 'restricted', false);
    expect(ACTIONS.filter((action) => can(person, action, none))).toEqual(['request-access']);
  });

  it('guests get only what the link grants and never ask for access; nobody without a session gets anything', () => {
    expect(roleOn(guest, access(null, 'view', true))).toBe('viewer');
    expect(roleOn(guest, access(null, 'edit', true))).toBe('editor');
    expect(roleOn(guest, access(null, 'edit', false))).toBeNull();
    expect(can(guest, 'share', access(null, 'edit', true))).toBe(false);
    expect(can(guest, 'request-access', access(null, 'restricted', false))).toBe(false);
    for (const general of GENERAL_ACCESS) expect(roleOn(anonymous, access(null, general, true))).toBeNull();
  });

  it('admins may delete and transfer documents they cannot read', () => {
    const facts = access(null, 'restricted', false);
    expect(roleOn(admin, facts)).toBeNull();
    expect(ACTIONS.filter((action) => can(admin, action, facts))).toEqual(['delete', 'transfer', 'request-access']);
  });
});
