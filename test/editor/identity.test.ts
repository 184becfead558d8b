import { describe, expect, it } from 'vitest';
import { initials, isColor, parseStoredUser, randomUser, readableTextColor } from '@/components/presence/identity';

describe('identity', () => {
  it('creates a friendly name and a palette colour', () => {
    const user = randomUser(() => 0);
    expect(user.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(isColor(user.color)).toBe(true);
  });

  it('keeps a valid stored user and repairs a broken one', () => {
    const fallback = () => ({ name: 'Calm Owl', color: '#123456' });
    expect(parseStoredUser('{"name":"  Ada   L ","color":"#abcdef"}', fallback)).toEqual({
      name: 'Ada L',
      color: '#abcdef',
    });
    expect(parseStoredUser('{"name":"Ada","color":"red"}', fallback)).toEqual({ name: 'Ada', color: '#123456' });
    expect(parseStoredUser('not json', fallback)).toEqual({ name: 'Calm Owl', color: '#123456' });
    expect(parseStoredUser(null, fallback)).toEqual({ name: 'Calm Owl', color: '#123456' });
  });

  it('derives initials', () => {
    expect(initials('Curious Otter')).toBe('CO');
    expect(initials('ada byron lovelace')).toBe('AL');
    expect(initials('  ')).toBe('?');
  });

  it('chooses readable text on light and dark backgrounds', () => {
    expect(readableTextColor('#f9ab00')).toBe('#000000');
    expect(readableTextColor('#1a1a1a')).toBe('#ffffff');
  });
});
