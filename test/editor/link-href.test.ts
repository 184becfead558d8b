import { describe, expect, it } from 'vitest';
import { isSafeLinkHref, normalizeLinkInput } from '@/components/editor/link-href';

describe('isSafeLinkHref', () => {
  it('accepts http, https and mailto only', () => {
    expect(isSafeLinkHref('https://example.com/a?b')).toBe(true);
    expect(isSafeLinkHref('http://example.com')).toBe(true);
    expect(isSafeLinkHref('mailto:ada@example.com')).toBe(true);
    expect(isSafeLinkHref('javascript:alert(1)')).toBe(false);
    expect(isSafeLinkHref(' JaVa\tScript:alert(1)')).toBe(false);
    expect(isSafeLinkHref('data:text/html,<script>')).toBe(false);
    expect(isSafeLinkHref('/relative')).toBe(false);
  });
});

describe('normalizeLinkInput', () => {
  it('adds a scheme where one is missing and refuses unsafe ones', () => {
    expect(normalizeLinkInput(' example.com/page ')).toBe('https://example.com/page');
    expect(normalizeLinkInput('ada@example.com')).toBe('mailto:ada@example.com');
    expect(normalizeLinkInput('http://example.com')).toBe('http://example.com');
    expect(normalizeLinkInput('javascript:alert(1)')).toBeNull();
    expect(normalizeLinkInput('')).toBeNull();
  });
});
