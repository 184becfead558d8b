import { describe, expect, it } from 'vitest';
import { awarenessPrincipal } from '../../server/awareness-principal';

describe('awareness principal', () => {
  it('follows the token’s person (sub) when it names one: a renamed person keeps their cursor, a namesake does not', () => {
    const before = awarenessPrincipal('doc', 'edit', { sub: 'user-1', name: 'Ada' });
    expect(awarenessPrincipal('doc', 'edit', { sub: 'user-1', name: 'Ada Lovelace' })).toBe(before);
    expect(awarenessPrincipal('doc', 'edit', { sub: 'user-2', name: 'Ada' })).not.toBe(before);
    expect(awarenessPrincipal('doc', 'edit', { sub: null, name: 'Ada' })).not.toBe(before);
  });

  it('never lets another role or document share it', () => {
    const editor = awarenessPrincipal('doc', 'edit', { sub: 'user-1', name: 'Ada' });
    expect(awarenessPrincipal('doc', 'view', { sub: 'user-1', name: 'Ada' })).not.toBe(editor);
    expect(awarenessPrincipal('other', 'edit', { sub: 'user-1', name: 'Ada' })).not.toBe(editor);
  });

  it('falls back to the name for operator tokens without a sub', () => {
    const ada = awarenessPrincipal('doc', 'edit', { sub: null, name: 'Ada' });
    expect(awarenessPrincipal('doc', 'edit', { sub: null, name: 'Ada' })).toBe(ada);
    expect(awarenessPrincipal('doc', 'edit', { sub: null, name: 'Bob' })).not.toBe(ada);
    // A sub that happens to equal someone's name is still another principal.
    expect(awarenessPrincipal('doc', 'edit', { sub: 'Ada', name: null })).not.toBe(ada);
  });
});
