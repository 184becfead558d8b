/**
 * A TCP proxy on 127.0.0.1 for fault injection: in front of PostgreSQL or
 * Redis it can be cut (every connection destroyed, new ones refused) and
 * restored; in front of several sync servers it is a round-robin load
 * balancer that skips backends that refuse (a killed process).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { onCleanup } from './helpers';

export interface TcpProxy {
  readonly port: number;
  /** Destroys every proxied connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targets: readonly { host: string; port: number }[]): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let cut = false;
  let next = 0;
  const server: Server = createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.pause();
    const tryTarget = (attemptsLeft: number) => {
      const target = targets[next++ % targets.length]!;
      const upstream = createConnection(target);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.on('error', () => {
        upstream.destroy();
        if (connected) return; // the 'close' handler ends the client side
        // Refused (a killed backend): try the next one.
        if (attemptsLeft > 1 && !cut) tryTarget(attemptsLeft - 1);
        else client.destroy();
      });
    };
    tryTarget(targets.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy is not listening');
  const proxy: TcpProxy = {
    port: address.port,
    cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      cut = false;
    },
    async close() {
      proxy.cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  onCleanup(() => proxy.close());
  return proxy;
}
