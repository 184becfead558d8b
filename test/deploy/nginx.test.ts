/**
 * deploy/nginx.conf as shipped (only addresses, ports and certificate paths
 * rewritten for this machine): TLS, the WebSocket upgrade to two sync
 * processes on PostgreSQL and Redis, and the web app upstream. Skipped where
 * nginx or openssl is not installed (Debian: apt-get install nginx-light).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { signSyncToken } from '../../lib/tokens';
import { freePort } from '../server/child';
import { clusterEnv, startNode } from '../server/cluster-helpers';
import { adminUrlOf, cleanup, onCleanup, SECRET, tempDir } from '../server/helpers';

afterEach(cleanup);

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
const HAS_OPENSSL = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The stock provider over wss:// with this test's self-signed certificate accepted. */
class InsecureWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { rejectUnauthorized: false });
  }
}

describe.skipIf(!NGINX || !HAS_OPENSSL)('deploy/nginx.conf', () => {
  it('terminates TLS and spreads WebSocket sessions over two sync processes that converge', async () => {
    const env = await clusterEnv();
    const [a, b] = [await startNode(env), await startNode(env)];
    const web = await Promise.all(
      ['web-1', 'web-2'].map(async (name) => {
        const server = createServer((_req, res) => res.end(name));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        onCleanup(() => new Promise((resolve) => server.close(resolve)));
        const address = server.address();
        return typeof address === 'object' && address ? address.port : 0;
      }),
    );
    const dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=docs.example.com',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const [https, http, internal] = [await freePort(), await freePort(), await freePort()];
    const port = (url: string) => new URL(url.replace('ws', 'http')).port;
    const config = readFileSync('deploy/nginx.conf', 'utf8')
      .replace('/etc/letsencrypt/live/docs.example.com/fullchain.pem', join(dir, 'cert.pem'))
      .replace('/etc/letsencrypt/live/docs.example.com/privkey.pem', join(dir, 'key.pem'))
      .replace('listen 443 ssl http2;', `listen 127.0.0.1:${https} ssl http2;`)
      .replace('listen 80;', `listen 127.0.0.1:${http};`)
      .replace('listen 127.0.0.1:1240;', `listen 127.0.0.1:${internal};`)
      .replace('127.0.0.1:1235', `127.0.0.1:${port(a.url)}`)
      .replace('127.0.0.1:1236', `127.0.0.1:${port(b.url)}`)
      .replace('127.0.0.1:1245', `127.0.0.1:${port(a.server.adminUrl)}`)
      .replace('127.0.0.1:1246', `127.0.0.1:${port(b.server.adminUrl)}`)
      .replace('127.0.0.1:3001', `127.0.0.1:${web[0]}`)
      .replace('127.0.0.1:3002', `127.0.0.1:${web[1]}`)
      .replace('events {}', `pid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'logs', 'error.log')};\nevents {}`)
      .replace(
        'http {',
        `http {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;`,
      );
    writeFileSync(join(dir, 'nginx.conf'), config);
    // Its own process group: killing only the master (SIGKILL) would orphan its
    // worker processes, which then outlive the test run.
    const nginx: ChildProcess = spawn(NGINX!, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: 'ignore',
      detached: true,
    });
    onCleanup(async () => {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      if (nginx.pid !== undefined && nginx.exitCode === null) process.kill(-nginx.pid, 'SIGKILL');
      await exited;
    });
    const base = `https://127.0.0.1:${https}`;
    // This test's self-signed certificate (this worker process only; restored afterwards).
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    onCleanup(() => {
      delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    });
    await vi.waitFor(async () => expect((await fetch(`${base}/`)).status).toBe(200), { timeout: 10_000 });
    // The web upstream, round robin, no stickiness.
    const pages = new Set([await (await fetch(`${base}/`)).text(), await (await fetch(`${base}/`)).text()]);
    expect(pages).toEqual(new Set(['web-1', 'web-2']));
    // Plain http is sent to https.
    const redirect = await fetch(`http://127.0.0.1:${http}/d/x`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    // The admin API and metrics are not reachable from outside.
    expect((await fetch(`${base}/sync/metrics`)).status).toBe(404);
    // ...while the internal listener reaches the sync processes' admin listeners.
    expect((await fetch(`http://127.0.0.1:${internal}/metrics`)).status).toBe(200);

    const token = await signSyncToken(SECRET, { doc: 'through-nginx', role: 'edit' }, 600);
    const clients = [0, 1].map(() => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`wss://127.0.0.1:${https}/sync`, 'through-nginx', doc, {
        WebSocketPolyfill: InsecureWebSocket as unknown as typeof globalThis.WebSocket,
        params: { token },
        disableBc: true,
      });
      onCleanup(() => provider.destroy());
      return { doc, provider };
    });
    await vi.waitFor(() => expect(clients.every((c) => c.provider.synced)).toBe(true), { timeout: 10_000 });
    clients[0]!.doc.getText('body').insert(0, 'over TLS ');
    clients[1]!.doc.getText('body').insert(0, 'and back ');
    await vi.waitFor(() => {
      const texts = clients.map((c) => c.doc.getText('body').toString());
      expect(texts[0]).toBe(texts[1]);
      expect(texts[0]).toHaveLength('over TLS and back '.length);
    });
    // least_conn put one session on each sync process.
    const connections = async (url: string) => {
      const text = await (await fetch(`${adminUrlOf(url)}/metrics`)).text();
      return Number(/^tandem_sync_connections (\d+)/m.exec(text)?.[1] ?? 0);
    };
    expect([await connections(a.url), await connections(b.url)]).toEqual([1, 1]);
  }, 60_000);
});
