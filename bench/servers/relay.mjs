/**
 * The raw relay: forwards every binary message to the room's other sockets and
 * keeps nothing (no Yjs, no document, no sync). Not a usable server (a late
 * joiner gets nothing); it is the floor no Yjs server can beat, so every
 * figure is also given as a ratio to it. Port from BENCH_PORT.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

/** @type {Map<string, Set<import('ws').WebSocket>>} */
const rooms = new Map();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});

wss.on('connection', (ws, req) => {
  const name = (req.url ?? '/').slice(1).split('?')[0];
  let room = rooms.get(name);
  if (!room) {
    room = new Set();
    rooms.set(name, room);
  }
  room.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const other of room) if (other !== ws && other.readyState === 1) other.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    room.delete(ws);
    if (room.size === 0) rooms.delete(name);
  });
});
server.on('upgrade', (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)),
);
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
