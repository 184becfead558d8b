/**
 * kill -9 of one of three sync processes (compiled, as in production) while
 * stock clients type through a round-robin load balancer: its clients
 * reconnect to another process, nothing any client observed is lost, and its
 * clients' cursors disappear from everyone else's screen within 10 s.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { signSyncToken } from '../../lib/tokens';
import { decodeSaved, messageSaved } from '../../server/protocol';
import { PostgresStorage } from '../../server/storage/postgres';
import { clusterEnv, startChildNode } from './cluster-helpers';
import { cleanup, connectClient, onCleanup, SECRET, storedUpdate, type TestClient, text } from './helpers';
import { startTcpProxy } from './tcp-proxy';

afterEach(cleanup);

const WORD = /(\w+:\d+);/g;

interface Typist {
  client: TestClient;
  name: string;
  typed: { word: string; clock: number }[];
  ackedClock: number;
}

describe('a sync process killed with SIGKILL in a cluster', () => {
  it('loses nothing observed, moves its clients to another process, and removes its cursors', async () => {
    const env = await clusterEnv();
    const nodes = [await startChildNode(env), await startChildNode(env), await startChildNode(env)];
    const balancer = await startTcpProxy(nodes.map((node) => ({ host: '127.0.0.1', port: node.port })));
    const url = `ws://127.0.0.1:${balancer.port}`;
    const token = await signSyncToken(SECRET, { doc: 'cluster-kill', role: 'edit' }, 600);
    // Round robin: typists 0..5 land on processes 0,1,2,0,1,2.
    const typists: Typist[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const client = connectClient(url, 'cluster-kill', token, { ack: '1' });
      const typist: Typist = { client, name, typed: [], ackedClock: 0 };
      client.provider.messageHandlers[messageSaved] = (_encoder, decoder) => {
        typist.ackedClock = Y.decodeStateVector(decodeSaved(decoder.arr)).get(client.doc.clientID) ?? 0;
      };
      client.provider.awareness.setLocalStateField('user', { name });
      typists.push(typist);
      await vi.waitFor(() => expect(client.provider.synced).toBe(true));
    }
    const [witness, , , survivor] = typists as [Typist, Typist, Typist, Typist, Typist, Typist];
    const watcher = typists[1]!; // on process 1
    await vi.waitFor(() =>
      expect(watcher.client.provider.awareness.getStates().has(witness.client.doc.clientID)).toBe(true),
    );

    const observed = new Set<string>();
    let n = 0;
    let kill = false;
    const killed = new Promise<void>((resolve) => {
      const typing = setInterval(() => {
        for (const typist of typists) {
          const body = typist.client.doc.getText('body');
          const word = `${typist.name}:${n};`;
          body.insert(body.length, word);
          typist.typed.push({
            word: word.slice(0, -1),
            clock: Y.getState(typist.client.doc.store, typist.client.doc.clientID),
          });
        }
        n++;
        if (!kill) return;
        clearInterval(typing);
        nodes[0]!.child.kill('SIGKILL');
        // What the witness (on the killed process) had observed at that instant.
        for (const [, word] of text(witness.client).matchAll(WORD)) if (!word!.startsWith('a:')) observed.add(word!);
        for (const { word, clock } of witness.typed) if (clock <= witness.ackedClock) observed.add(word);
        resolve();
      }, 5);
      onCleanup(() => clearInterval(typing));
    });
    await vi.waitFor(() => expect(typists.every((t) => t.ackedClock > 300)).toBe(true), { timeout: 20_000 });
    kill = true;
    await killed;
    // The witness must not resend its state elsewhere: that would hide a loss.
    witness.client.destroy();
    const killedAt = Date.now();

    // Its cursor vanishes from a client on another process within 10 s.
    await vi.waitFor(
      () => expect(watcher.client.provider.awareness.getStates().has(witness.client.doc.clientID)).toBe(false),
      { timeout: 10_000, interval: 100 },
    );
    expect(Date.now() - killedAt).toBeLessThan(10_000);

    // The survivor reconnected through the balancer to a live process; everyone converges.
    const live = typists.filter((t) => t !== witness).map((t) => t.client);
    await vi.waitFor(() => expect(survivor.client.provider.wsconnected).toBe(true), { timeout: 10_000 });
    await vi.waitFor(() => expect(new Set(live.map(text)).size).toBe(1), { timeout: 15_000 });
    // Its cursor is back on the others' screens (re-announced from its new process).
    await vi.waitFor(
      () => expect(watcher.client.provider.awareness.getStates().has(survivor.client.doc.clientID)).toBe(true),
      { timeout: 20_000 },
    );

    const storage = new PostgresStorage(env.schema.pool());
    await vi.waitFor(async () => {
      const stored = new Y.Doc();
      Y.applyUpdate(stored, (await storedUpdate(storage, 'cluster-kill'))!);
      expect(stored.getText('body').toString()).toBe(text(live[0]!));
    });
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await storedUpdate(storage, 'cluster-kill'))!);
    const restored = new Set([...stored.getText('body').toString().matchAll(WORD)].map((match) => match[1]!));
    expect(observed.size).toBeGreaterThan(100);
    expect([...observed].filter((word) => !restored.has(word))).toEqual([]);
  }, 90_000);
});
