/**
 * Finding 7 of the hostile-clients issue: connections per client address
 * (trusted-proxy aware) and per token are bounded at the upgrade, with 429.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { cleanup, metric, onCleanup, startServer, type TestServer } from './helpers';

afterEach(cleanup);

/** Opens a WebSocket and resolves with 'open' or the refusal's HTTP status. */
function attempt(t: TestServer, token: string, forwardedFor?: string): Promise<number | 'open'> {
  const ws = new WebSocket(`${t.url}/lim?token=${token}`, {
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  });
  onCleanup(() => ws.terminate());
  return new Promise((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => {});
  });
}

describe('connection limits at the upgrade', () => {
  it('refuses a third connection with the same token (429), not one with another token', async () => {
    const t = await startServer({ upgradeLimits: { maxConnectionsPerToken: 2 } });
    const token = await t.token('lim', 'edit', 'Ada');
    expect(await attempt(t, token)).toBe('open');
    expect(await attempt(t, token)).toBe('open');
    expect(await attempt(t, token)).toBe(429);
    expect(await attempt(t, await t.token('lim', 'view'))).toBe('open');
    expect(await metric(t.url, 'tandem_sync_refused_connections_total', '{reason="too_many_connections"}')).toBe(1);
  });

  it('counts per client address, believing X-Forwarded-For only from a trusted proxy', async () => {
    const t = await startServer({ upgradeLimits: { maxConnectionsPerAddress: 2 } });
    const token = () => t.token('lim', 'edit', String(Math.random()));
    // The test client is on loopback, which is trusted by default: the forwarded address counts.
    expect(await attempt(t, await token(), '203.0.113.7')).toBe('open');
    expect(await attempt(t, await token(), '198.51.100.1, 203.0.113.7')).toBe('open');
    expect(await attempt(t, await token(), '203.0.113.7')).toBe(429);
    expect(await attempt(t, await token(), '203.0.113.8')).toBe('open');

    const direct = await startServer({ upgradeLimits: { maxConnectionsPerAddress: 2, trustedProxies: 'none' } });
    const tokenFor = () => direct.token('lim', 'edit', String(Math.random()));
    expect(await attempt(direct, await tokenFor(), '203.0.113.1')).toBe('open');
    expect(await attempt(direct, await tokenFor(), '203.0.113.2')).toBe('open');
    // Forged headers do not help a client that is not behind a trusted proxy.
    expect(await attempt(direct, await tokenFor(), '203.0.113.3')).toBe(429);
  });

  it('gives the slot back when a connection closes', async () => {
    const t = await startServer({ upgradeLimits: { maxConnectionsPerToken: 1 } });
    const token = await t.token('lim');
    const first = new WebSocket(`${t.url}/lim?token=${token}`);
    onCleanup(() => first.terminate());
    await new Promise((resolve) => first.once('open', resolve));
    expect(await attempt(t, token)).toBe(429);
    first.close();
    await vi.waitFor(async () => expect(await attempt(t, token)).toBe('open'));
  });
});
