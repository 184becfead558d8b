/**
 * Replays real editing traces (sveltecomponent and rustcode: 18,335 and 36,981
 * transactions recorded from people editing in an IDE, multi-cursor edits and
 * refactors included; Joseph Gentle, josephg/editing-traces, CC BY 4.0) through the
 * real sync server, one update per transaction from a stock WebsocketProvider,
 * while background compaction runs. A second client must end with exactly the
 * trace's final text, and so must a client of a restarted server on the same data.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadTrace, TRACES_DIR, traceAvailable } from '../bench/traces';
import { cleanup, connectClient, startServer } from './server/helpers';

const TRACES = ['sveltecomponent', 'rustcode'];
const FIELD = 't';

afterEach(cleanup);

describe.skipIf(!TRACES.every(traceAvailable))(`replaying editing traces from ${TRACES_DIR}`, () => {
  it.each(TRACES)(
    '%s converges to its final text, live and after a restart, with the log compacted',
    async (name) => {
      const trace = loadTrace(name);
      // A replay sends far faster than a person types: lift the per-connection rate limit.
      const limits = { messagesPerSecond: 1_000_000, messageBurst: 1_000_000 };
      const first = await startServer({ limits, compactThreshold: 500 });
      const room = 'trace-replay';
      const writer = connectClient(first.url, room, await first.token(room));
      const reader = connectClient(first.url, room, await first.token(room));
      await vi.waitFor(() => expect(writer.provider.synced && reader.provider.synced).toBe(true));

      const text = writer.doc.getText(FIELD);
      let applied = 0;
      for (const txn of trace.txns) {
        writer.doc.transact(() => {
          for (const [position, deleteCount, insert] of txn.patches) {
            if (deleteCount > 0) text.delete(position, deleteCount);
            if (insert !== '') text.insert(position, insert);
          }
        });
        if (++applied % 250 === 0) await new Promise((done) => setImmediate(done));
      }
      expect(text.toString()).toBe(trace.endContent);
      await vi.waitFor(() => expect(reader.doc.getText(FIELD).toString()).toBe(trace.endContent), {
        timeout: 120_000,
        interval: 100,
      });
      // Compaction kept the log short while thousands of updates went in.
      await vi.waitFor(() => expect(first.storage.logLength(room)).toBeLessThan(1_000), { timeout: 30_000 });

      writer.destroy();
      reader.destroy();
      await first.stop();
      const second = await startServer({ dataDir: first.dataDir });
      const late = connectClient(second.url, room, await second.token(room));
      await vi.waitFor(() => expect(late.provider.synced).toBe(true), { timeout: 30_000 });
      expect(late.doc.getText(FIELD).toString()).toBe(trace.endContent);
    },
    240_000,
  );
});
