/**
 * The reference: y-websocket 2.1.0's own server code (bin/utils.cjs,
 * `setupWSConnection`, installed as the alias `y-websocket-ref`), in memory,
 * on the same `ws` 8 as Tandem. Plain JavaScript so no loader inflates its
 * RSS. Port from BENCH_PORT; answers any HTTP GET (readiness).
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';

const { setupWSConnection } = createRequire(import.meta.url)('y-websocket-ref/bin/utils');

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
wss.on('connection', (conn, req) => setupWSConnection(conn, req, { gc: true }));
server.on('upgrade', (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
);
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
