/**
 * What an open connection keeps alive (issue 11, RSS per connection): once the
 * socket is accepted, the upgrade request (its headers, its URL with the token)
 * is garbage. Closures made while checking the upgrade used to keep it for the
 * connection's whole life, ~1.5 KiB per idle connection.
 */
import type { IncomingMessage, Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, rawClient, startServer } from './helpers';

afterEach(cleanup);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('memory held per connection', () => {
  it('lets the upgrade request go once the connection is open', async () => {
    const t = await startServer();
    const requests: WeakRef<IncomingMessage>[] = [];
    // The server's own HTTP listener (private): the request it hands to the upgrade handler.
    const http = (t.server as unknown as { http: Server }).http;
    http.prependListener('upgrade', (req: IncomingMessage) => requests.push(new WeakRef(req)));
    const client = await rawClient(t.url, 'mem', await t.token('mem', 'edit', 'Ada'));
    // Served: our sync step 1 arrived, so the room holds the connection.
    await vi.waitFor(() => expect(client.messages.length).toBeGreaterThan(0));
    expect(requests).toHaveLength(1);
    await vi.waitFor(() => {
      gc();
      expect(requests[0]?.deref()).toBeUndefined();
    });
    expect(client.closeCode).toBeNull();
  });

  it('closes at token expiry (4401) when the expiry is several heartbeats away', async () => {
    // The expiry timer is armed only once the expiry is within one heartbeat (one timer per idle
    // connection, not two): a beat must arm it in time.
    const t = await startServer({ limits: { heartbeatMs: 200 } });
    const client = await rawClient(t.url, 'exp', await t.token('exp', 'edit', 'Ada', 2));
    await vi.waitFor(() => expect(client.closeCode).toBe(4401), { timeout: 5_000 });
  });
});
