/**
 * Randomized convergence through the real server, in the spirit of Yjs's
 * `applyRandomTests`: many stock clients make random text and formatting
 * edits (rich text and the editor's XML tree), drop and reconnect at random,
 * and see every message delayed by a random amount (order kept, as TCP does).
 * At the end every client, and the stored state, are identical.
 *
 *   npm test:      TANDEM_CONVERGENCE_SEEDS unset → 5 seeds
 *   npm run fuzz:  TANDEM_CONVERGENCE_SEEDS=50
 */
import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { cleanup, onCleanup, startServer, storedUpdate, type TestServer } from './helpers';

const SEEDS = Number(process.env.TANDEM_CONVERGENCE_SEEDS ?? 5);
const CLIENTS = 6;
const STEPS = 300;

afterEach(cleanup);
// Each stock provider adds a process 'exit' listener (y-websocket); every seed's six stay until cleanup.
process.setMaxListeners(CLIENTS * SEEDS + 16);

/** A WebSocket whose incoming messages arrive after a random delay, in order (as TCP keeps them). */
function delayingWebSocket(rng: prng.PRNG): typeof WebSocket {
  class DelayingWebSocket extends WebSocket {}
  const parent = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
  const handlers = new WeakMap<WebSocket, ((event: unknown) => void) | null>();
  const deliverAt = new WeakMap<WebSocket, number>();
  // y-websocket assigns `onmessage`; each event waits its turn behind the previous one.
  Object.defineProperty(DelayingWebSocket.prototype, 'onmessage', {
    configurable: true,
    get(this: WebSocket) {
      return handlers.get(this) ?? null;
    },
    set(this: WebSocket, handler: ((event: unknown) => void) | null) {
      handlers.set(this, handler);
      parent.set!.call(this, (event: unknown) => {
        const at = Math.max(deliverAt.get(this) ?? 0, Date.now() + prng.int32(rng, 0, 15));
        deliverAt.set(this, at);
        setTimeout(() => {
          if (this.readyState === WebSocket.OPEN) handlers.get(this)?.(event);
        }, at - Date.now());
      });
    },
  });
  return DelayingWebSocket;
}

interface Peer {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

function randomEdit(rng: prng.PRNG, doc: Y.Doc): void {
  const text = doc.getText('body');
  const tree = doc.getXmlFragment('content');
  const op = prng.int32(rng, 0, 5);
  if (op <= 1 || text.length === 0) {
    const attributes = prng.bool(rng) ? { bold: true } : prng.bool(rng) ? { italic: true } : {};
    text.insert(prng.int32(rng, 0, text.length), prng.word(rng, 1, 6), attributes);
  } else if (op === 2) {
    const at = prng.int32(rng, 0, text.length - 1);
    text.delete(at, prng.int32(rng, 1, Math.min(4, text.length - at)));
  } else if (op === 3) {
    const at = prng.int32(rng, 0, text.length - 1);
    text.format(at, prng.int32(rng, 1, text.length - at), { bold: prng.bool(rng) ? true : null });
  } else if (op === 4 || tree.length === 0) {
    const paragraph = new Y.XmlElement(prng.bool(rng) ? 'paragraph' : 'heading');
    paragraph.insert(0, [new Y.XmlText(prng.word(rng, 1, 8))]);
    tree.insert(prng.int32(rng, 0, tree.length), [paragraph]);
  } else {
    const element = tree.get(prng.int32(rng, 0, tree.length - 1));
    if (prng.bool(rng)) tree.delete(tree.toArray().indexOf(element), 1);
    else if (element instanceof Y.XmlElement) {
      const inner = element.get(0);
      if (inner instanceof Y.XmlText)
        inner.insert(prng.int32(rng, 0, inner.length), prng.word(rng, 1, 3), { italic: true });
    }
  }
}

const snapshot = (doc: Y.Doc) =>
  JSON.stringify({ body: doc.getText('body').toDelta(), content: doc.getXmlFragment('content').toString() });

async function runSeed(t: TestServer, seed: number): Promise<void> {
  const rng = prng.create(seed);
  const room = `converge-${seed}`;
  const token = await t.token(room);
  const Socket = delayingWebSocket(rng);
  const peers: Peer[] = Array.from({ length: CLIENTS }, () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(t.url, room, doc, {
      WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
      maxBackoffTime: 100,
    });
    onCleanup(() => {
      provider.destroy();
      doc.destroy();
    });
    return { doc, provider };
  });
  await vi.waitFor(() => expect(peers.every((peer) => peer.provider.synced)).toBe(true));
  for (let step = 0; step < STEPS; step++) {
    const peer = peers[prng.int32(rng, 0, CLIENTS - 1)]!;
    const roll = prng.int32(rng, 0, 99);
    if (roll < 5 && peer.provider.shouldConnect) peer.provider.disconnect();
    else if (roll < 12 && !peer.provider.shouldConnect) peer.provider.connect();
    else randomEdit(rng, peer.doc);
    if (prng.int32(rng, 0, 3) === 0) await new Promise((resolve) => setTimeout(resolve, prng.int32(rng, 0, 5)));
  }
  for (const peer of peers) if (!peer.provider.shouldConnect) peer.provider.connect();
  await vi.waitFor(
    () => {
      expect(peers.every((peer) => peer.provider.synced)).toBe(true);
      expect(new Set(peers.map((peer) => snapshot(peer.doc))).size).toBe(1);
    },
    { timeout: 20_000, interval: 25 },
  );
  // The stored state is the same document.
  await t.server.registry.get(room)?.flush();
  const stored = new Y.Doc();
  Y.applyUpdate(stored, (await storedUpdate(t.storage, room))!);
  expect(stored.store.pendingStructs).toBeNull();
  expect(snapshot(stored)).toBe(snapshot(peers[0]!.doc));
  expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(peers[0]!.doc));
  stored.destroy();
}

describe('randomized convergence through the server', () => {
  it(
    `converges ${CLIENTS} clients and the stored state over ${SEEDS} seeds`,
    async () => {
      const t = await startServer();
      for (let seed = 1; seed <= SEEDS; seed++) await runSeed(t, seed);
    },
    Math.max(600_000, SEEDS * 30_000),
  );
});
