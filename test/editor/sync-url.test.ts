import { describe, expect, it } from 'vitest';
import { syncUrlFor } from '@/lib/sync-url';

function request(url: string, headers: Record<string, string> = {}) {
  return { url, headers: new Headers(headers) };
}

describe('syncUrlFor', () => {
  it('uses the page host and SYNC_PORT over ws for plain http', () => {
    expect(
      syncUrlFor(request('http://docs.example:3000/api/x', { host: 'docs.example:3000' }), { SYNC_PORT: '4321' }),
    ).toBe('ws://docs.example:4321');
  });

  it('defaults the port to 1234 and ignores a nonsense SYNC_PORT', () => {
    expect(syncUrlFor(request('http://localhost:3000/'), {})).toBe('ws://localhost:1234');
    expect(syncUrlFor(request('http://localhost:3000/'), { SYNC_PORT: 'abc' })).toBe('ws://localhost:1234');
  });

  it('switches to wss when the request came over https or a proxy says so', () => {
    expect(syncUrlFor(request('https://docs.example/'), {})).toBe('wss://docs.example:1234');
    expect(syncUrlFor(request('http://10.0.0.2:3000/', { 'x-forwarded-proto': 'https, http' }), {})).toBe(
      'wss://10.0.0.2:1234',
    );
  });

  it('prefers x-forwarded-host and keeps IPv6 literals bracketed', () => {
    expect(syncUrlFor(request('http://127.0.0.1:3000/', { 'x-forwarded-host': 'public.example:443' }), {})).toBe(
      'ws://public.example:1234',
    );
    expect(syncUrlFor(request('http://[::1]:3000/', { host: '[::1]:3000' }), {})).toBe('ws://[::1]:1234');
  });

  it('ignores a host header that is not a hostname', () => {
    expect(syncUrlFor(request('http://localhost:3000/', { host: 'evil.example/path' }), {})).toBe(
      'ws://localhost:1234',
    );
  });

  it('lets PUBLIC_SYNC_URL override everything', () => {
    expect(
      syncUrlFor(request('http://localhost:3000/'), { PUBLIC_SYNC_URL: 'wss://sync.example/ws/', SYNC_PORT: '9' }),
    ).toBe('wss://sync.example/ws');
  });
});
