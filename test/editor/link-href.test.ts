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
    expect(isSafeLinkHref('relative')).toBe(false);
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

describe('normalizeLinkInput: hosts with ports and links inside the app', () => {
  it('reads host:port as an address, not as a scheme', () => {
    expect(normalizeLinkInput('localhost:3000')).toBe('http://localhost:3000');
    expect(normalizeLinkInput('localhost:3000/d/abc')).toBe('http://localhost:3000/d/abc');
    expect(normalizeLinkInput('example.com:8080/x')).toBe('https://example.com:8080/x');
    expect(normalizeLinkInput('127.0.0.1:1234')).toBe('http://127.0.0.1:1234');
  });

  it('keeps relative app links and heading anchors as they are', () => {
    expect(normalizeLinkInput('/d/abc')).toBe('/d/abc');
    expect(normalizeLinkInput('#intro')).toBe('#intro');
    expect(normalizeLinkInput('/d/abc#intro')).toBe('/d/abc#intro');
    expect(isSafeLinkHref('/d/abc')).toBe(true);
    expect(isSafeLinkHref('#intro')).toBe(true);
  });

  it('still refuses scripts and protocol-relative links to other sites', () => {
    expect(normalizeLinkInput('javascript:alert(1)')).toBeNull();
    expect(isSafeLinkHref('//evil.example/x')).toBe(false);
    expect(normalizeLinkInput('//evil.example/x')).toBeNull();
    expect(isSafeLinkHref('/\\evil.example')).toBe(false);
  });
});
