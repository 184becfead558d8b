/**
 * Nothing any client has seen is lost to a kill -9: a child-process server is
 * SIGKILLed while clients type, restarted on the same data directory, and must
 * hold every update a client had observed (received from others, which the
 * server only sends after the commit, or its own, once acknowledged as saved).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { signSyncToken } from '../../lib/tokens';
import { decodeSaved, messageSaved } from '../../server/protocol';
import { startChild } from './child';
import { cleanup, connectClient, onCleanup, SECRET, type TestClient, tempDir } from './helpers';

afterEach(cleanup);

interface Typist {
  client: TestClient;
  name: string;
  /** Own tokens with the client's own clock right after typing each. */
  typed: { token: string; clock: number }[];
  /** The latest persisted clock of this client's id, from type-100 acknowledgements. */
  ackedClock: number;
}

const TOKEN = /(\w+:\d+);/g;

describe('durability', () => {
  it('loses nothing any client observed when the server is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const first = await startChild(dataDir);
    const token = await signSyncToken(SECRET, { doc: 'durable', role: 'edit' }, 600);
    const typists: Typist[] = ['a', 'b', 'c'].map((name) => {
      const client = connectClient(first.url, 'durable', token, { ack: '1' });
      const typist: Typist = { client, name, typed: [], ackedClock: 0 };
      client.provider.messageHandlers[messageSaved] = (_encoder, decoder) => {
        const persisted = Y.decodeStateVector(decodeSaved(decoder.arr));
        typist.ackedClock = persisted.get(client.doc.clientID) ?? 0;
      };
      return typist;
    });
    await vi.waitFor(() => expect(typists.every((t) => t.client.provider.synced)).toBe(true));

    const observed = new Set<string>();
    let unacked = 0;
    let killRequested = false;
    let n = 0;
    const killed = new Promise<void>((resolve) => {
      const typing = setInterval(() => {
        for (const typist of typists) {
          const body = typist.client.doc.getText('body');
          const word = `${typist.name}:${n};`;
          body.insert(body.length, word);
          const clock = Y.getState(typist.client.doc.store, typist.client.doc.clientID);
          typist.typed.push({ token: word.slice(0, -1), clock });
        }
        n++;
        if (!killRequested) return;
        // Kill right after typing, in the same tick: these last words cannot have been acknowledged.
        clearInterval(typing);
        first.child.kill('SIGKILL');
        // What each client had observed at the moment of the kill.
        for (const typist of typists) {
          for (const [, word] of typist.client.doc.getText('body').toString().matchAll(TOKEN)) {
            if (!word!.startsWith(`${typist.name}:`)) observed.add(word!);
          }
          for (const { token: word, clock } of typist.typed) {
            if (clock <= typist.ackedClock) observed.add(word);
            else unacked++;
          }
        }
        resolve();
      }, 3);
      onCleanup(() => clearInterval(typing));
    });
    // Type until plenty has been committed and seen by the others, then kill mid-stream.
    await vi.waitFor(() => expect(typists.every((t) => t.ackedClock > 2000)).toBe(true), { timeout: 20_000 });
    killRequested = true;
    await killed;
    // The old clients must not resend their state to the new server: that would hide a loss.
    for (const typist of typists) typist.client.destroy();
    await vi.waitFor(() => expect(first.child.signalCode).toBe('SIGKILL'));

    const second = await startChild(dataDir);
    const reader = connectClient(second.url, 'durable', token);
    await vi.waitFor(() => expect(reader.provider.synced).toBe(true), { timeout: 10_000 });
    const restored = new Set([...reader.doc.getText('body').toString().matchAll(TOKEN)].map((match) => match[1]!));
    const missing = [...observed].filter((word) => !restored.has(word));
    expect(observed.size).toBeGreaterThan(300);
    expect(missing).toEqual([]);
    // Sanity: the kill really happened mid-stream (some typing was never acknowledged).
    expect(unacked).toBeGreaterThan(0);
  }, 60_000);
});
