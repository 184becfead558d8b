/**
 * Property-based protocol fuzzing over the real server (fast-check, seeded):
 * hostile frames (fuzz-frames.ts) from connections with edit and view tokens,
 * while two stock clients keep editing. After every case: the server answers,
 * the honest clients still sync, and nothing a viewer sent was broadcast. At
 * the end: nothing a viewer sent was stored, the stored state loads with no
 * pending structs and equals what the clients hold, and the heap is back near
 * its baseline.
 *
 *   npm test:      TANDEM_FUZZ_RUNS unset → 40 cases (a few seconds)
 *   npm run fuzz:  TANDEM_FUZZ_RUNS=20000 (tens of thousands of frames)
 *   TANDEM_FUZZ_SEED=<n> replays a run.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { EDIT_IDS, hostileFrame, VIEW_IDS } from './fuzz-frames';
import {
  cleanup,
  connectClient,
  rawClient,
  startServer,
  storedUpdate,
  type TestClient,
  type TestServer,
} from './helpers';

const RUNS = Number(process.env.TANDEM_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.TANDEM_FUZZ_SEED ?? 20_261_201);
const DOC = 'fuzzed';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const hasViewerIds = (stateVector: Map<number, number>) =>
  [...stateVector.keys()].some((id) => id >= VIEW_IDS.min && id <= VIEW_IDS.max);

let t: TestServer;
let writer: TestClient;
let observer: TestClient;

beforeAll(async () => {
  t = await startServer();
  writer = connectClient(t.url, DOC, await t.token(DOC, 'edit', 'writer'));
  observer = connectClient(t.url, DOC, await t.token(DOC, 'edit', 'observer'));
  await vi.waitFor(() => expect(writer.provider.synced && observer.provider.synced).toBe(true));
});
afterAll(cleanup);

describe('protocol fuzzing over the real server', () => {
  it(
    `survives ${RUNS} cases of hostile frames from edit and view tokens (seed ${SEED})`,
    async () => {
      const foreign = [writer.doc.clientID, observer.doc.clientID];
      const baseline = heapAfterGc();
      let caseNo = 0;
      let marker = 0;
      const property = fc.asyncProperty(
        fc
          .constantFrom<'edit' | 'view'>('edit', 'view')
          .chain((role) =>
            fc.tuple(
              fc.constant(role),
              fc.array(hostileFrame(role === 'edit' ? EDIT_IDS : VIEW_IDS, foreign), { minLength: 1, maxLength: 8 }),
            ),
          ),
        async ([role, frames]) => {
          const socket = await rawClient(t.url, DOC, await t.token(DOC, role, `fuzz-${caseNo++}`));
          for (const frame of frames) {
            if (socket.ws.readyState !== WebSocket.OPEN) break;
            socket.ws.send(frame);
          }
          // The server handles a socket's frames in order: once our close is answered, all of them were.
          if (socket.ws.readyState === WebSocket.OPEN) socket.ws.close();
          await vi.waitFor(() => expect(socket.closeCode).not.toBeNull());
          // The server is up and the honest clients still sync (their commit queues behind anything admitted).
          expect((await fetch(`${t.url.replace(/^ws/, 'http')}/healthz`)).status).toBe(200);
          const mark = `${++marker};`;
          writer.doc.getText('marks').insert(0, mark);
          await vi.waitFor(() => expect(observer.doc.getText('marks').toString().startsWith(mark)).toBe(true));
          // Nothing a viewer sent reached another client.
          expect(hasViewerIds(Y.decodeStateVector(Y.encodeStateVector(observer.doc)))).toBe(false);
        },
      );
      await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });

      // Stored: loads, nothing pending, nothing from a viewer, the same as the clients hold.
      await t.server.registry.get(DOC)?.flush();
      const stored = await storedUpdate(t.storage, DOC);
      expect(stored).not.toBeNull();
      const reloaded = new Y.Doc();
      Y.applyUpdate(reloaded, stored!);
      expect(reloaded.store.pendingStructs).toBeNull();
      expect(reloaded.store.pendingDs).toBeNull();
      expect(hasViewerIds(Y.decodeStateVector(Y.encodeStateVector(reloaded)))).toBe(false);
      await vi.waitFor(() => {
        expect(reloaded.getText('body').toString()).toBe(observer.doc.getText('body').toString());
        expect(reloaded.getText('marks').toString()).toBe(writer.doc.getText('marks').toString());
      });
      reloaded.destroy();
      // The heap returns near its baseline: no per-case leak (sockets, rooms, awareness, buffers).
      expect(heapAfterGc() - baseline).toBeLessThan(48 * 1024 * 1024);
    },
    Math.max(600_000, RUNS * 1_000),
  );
});
