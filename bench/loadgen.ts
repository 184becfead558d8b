/**
 * One load generator: a child process of `bench/run.ts` (never the server's
 * process, never another generator's) that opens clients, waits for "go",
 * drives its part of a scenario and reports what it measured over IPC.
 *
 * Latency is from the sender's edit to a receiver seeing it, across
 * processes: each edit carries its absolute send time
 * (performance.timeOrigin + performance.now(), one system clock on one machine).
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { type BenchClient, credentials, type Endpoint, openClient } from './clients';
import type { Job, LoadgenEvent, LoadgenResult } from './loadgen-protocol';
import { loadTrace, textAfter } from './traces';

// Every WebsocketProvider adds an 'exit' listener; thousands of clients here are expected.
process.setMaxListeners(0);

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function send(event: LoadgenEvent): void {
  process.send?.(event);
}

/** The next command from the runner; "exit" ends the process at once (its sockets close with it). */
function nextCommand(): Promise<{ cmd: string; durationMs?: number }> {
  return new Promise((done) =>
    process.once('message', (message: { cmd: string; durationMs?: number }) => {
      if (message.cmd === 'exit') process.exit(0);
      done(message);
    }),
  );
}

interface Member {
  doc: Y.Doc;
  client: BenchClient;
}

/** Opens `perRoom` clients on each room, `concurrency` at a time. */
async function openMembers(
  endpoint: Endpoint,
  rooms: readonly string[],
  perRoom: number,
  firstIndex: number,
  concurrency: number,
): Promise<Member[][]> {
  const members: Member[][] = rooms.map(() => []);
  const pending: { room: number; n: number }[] = [];
  rooms.forEach((_, room) => {
    for (let i = 0; i < perRoom; i++) pending.push({ room, n: firstIndex + pending.length });
  });
  let cursor = 0;
  const worker = async () => {
    while (cursor < pending.length) {
      const { room, n } = pending[cursor++]!;
      const doc = new Y.Doc();
      const client = await openClient(endpoint, rooms[room]!, doc, n);
      members[room]!.push({ doc, client });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
  return members;
}

/** Edits and/or cursor moves at a steady rate; every client records what reaches it. */
async function traffic(job: Extract<Job, { kind: 'traffic' }>): Promise<void> {
  const members = await openMembers(job.endpoint, job.rooms, job.perRoom, job.firstIndex, job.concurrency ?? 50);
  const editLatencies: number[] = [];
  const presenceLatencies: number[] = [];
  let sent = 0;
  let presenceSent = 0;
  for (const room of members) {
    for (const { doc, client } of room) {
      doc.getArray<number>('a').observe((event, transaction) => {
        if (transaction.local) return;
        const at = now();
        for (const item of event.changes.delta) {
          if (item.insert) for (const stamp of item.insert as number[]) editLatencies.push(at - stamp);
        }
      });
      client.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
        if (origin === 'local') return;
        const at = now();
        for (const id of [...added, ...updated]) {
          const stamp = (client.awareness.getStates().get(id)?.cursor as { t?: number } | undefined)?.t;
          if (typeof stamp === 'number') presenceLatencies.push(at - stamp);
        }
      });
    }
  }
  send({ ev: 'ready' });
  const go = await nextCommand();
  const durationMs = go.durationMs ?? 5000;
  const flat = members.flat();
  const started = performance.now();
  const timers: NodeJS.Timeout[] = [];
  // Cursor moves: each client on its own phase so the load is spread over the period.
  if (job.presenceHz && flat.length > 0) {
    const period = 1000 / job.presenceHz;
    flat.forEach(({ client }, i) => {
      const move = () => {
        presenceSent++;
        client.awareness.setLocalStateField('cursor', { t: now(), at: presenceSent });
      };
      timers.push(
        setTimeout(
          () => {
            move();
            timers.push(setInterval(move, period));
          },
          (i / flat.length) * period,
        ),
      );
    });
  }
  // Edits: every 5 ms, whatever is due at `updatesPerSecond`, round robin over rooms then members.
  let turn = 0;
  while (performance.now() - started < durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * job.updatesPerSecond);
    while (sent < due && members.length > 0) {
      const room = members[turn % members.length]!;
      const member = room[Math.floor(turn / members.length) % room.length]!;
      turn++;
      member.doc.getArray<number>('a').push([now()]);
      sent++;
    }
    await sleep(5);
  }
  for (const timer of timers) clearTimeout(timer);
  await sleep(job.drainMs ?? 1000);
  const closes = flat.reduce((sum, { client }) => sum + client.closes(), 0);
  const result: LoadgenResult = { sent, presenceSent, editLatencies, presenceLatencies, closes };
  send({ ev: 'result', result });
  await nextCommand();
  for (const { client, doc } of flat) {
    client.destroy();
    doc.destroy();
  }
}

/** Replays a trace's edits from one client, one update per transaction, as fast as it can. */
async function replay(job: Extract<Job, { kind: 'replay' }>): Promise<void> {
  const trace = loadTrace(job.trace);
  const doc = new Y.Doc();
  const client = await openClient(job.endpoint, job.room, doc, job.firstIndex);
  send({ ev: 'ready' });
  await nextCommand();
  const text = doc.getText('t');
  const started = now();
  let applied = 0;
  for (const txn of trace.txns.slice(0, job.edits)) {
    doc.transact(() => {
      for (const [position, deleteCount, insert] of txn.patches) {
        if (deleteCount > 0) text.delete(position, deleteCount);
        if (insert !== '') text.insert(position, insert);
      }
    });
    // Yield now and then so the socket drains as a real client's would.
    if (++applied % 500 === 0) await new Promise((done) => setImmediate(done));
  }
  send({ ev: 'result', result: { startedAt: started, closes: client.closes() } });
  await nextCommand();
  client.destroy();
}

/** Waits (from "go") until its copy holds the trace's text after `edits` transactions. */
async function follow(job: Extract<Job, { kind: 'follow' }>): Promise<void> {
  const expected = textAfter(loadTrace(job.trace), job.edits);
  const doc = new Y.Doc();
  const client = await openClient(job.endpoint, job.room, doc, job.firstIndex);
  const text = doc.getText('t');
  let convergedAt: number | null = null;
  const converged = new Promise<void>((done) => {
    const check = () => {
      if (convergedAt === null && text.length === expected.length && text.toString() === expected) {
        convergedAt = now();
        done();
      }
    };
    text.observe(check);
    check();
  });
  send({ ev: 'ready' });
  await nextCommand();
  await Promise.race([converged, sleep(job.timeoutMs)]);
  send({ ev: 'result', result: { convergedAt } });
  await nextCommand();
  client.destroy();
}

/**
 * `count` clients join `room` at once (or one after another when `sequential`);
 * reports each one's time from its start to synced, and whether it holds `expectLength` characters.
 */
async function join(job: Extract<Job, { kind: 'join' }>): Promise<void> {
  const prepared = await Promise.all(
    Array.from({ length: job.count }, (_, i) => credentials(job.endpoint, job.room, job.firstIndex + i)),
  );
  send({ ev: 'ready' });
  await nextCommand();
  const opened: Member[] = [];
  const joinMs: number[] = [];
  let wrong = 0;
  const one = async (i: number) => {
    const doc = new Y.Doc();
    const started = performance.now();
    const client = await openClient(job.endpoint, job.room, doc, job.firstIndex + i, prepared[i]);
    joinMs.push(performance.now() - started);
    if (job.expectLength !== undefined && doc.getText('t').length !== job.expectLength) wrong++;
    opened.push({ doc, client });
  };
  const lastSyncedAt = { value: 0 };
  if (job.sequential) {
    for (let i = 0; i < job.count; i++) {
      await one(i);
      opened.pop()?.client.destroy();
    }
  } else await Promise.all(Array.from({ length: job.count }, (_, i) => one(i)));
  lastSyncedAt.value = now();
  send({ ev: 'result', result: { joinMs, wrong, lastSyncedAt: lastSyncedAt.value } });
  await nextCommand();
  for (const { client } of opened) client.destroy();
}

/** Fills `room` with `bytes` characters in 4 KiB edits; done once a second client holds them all. */
async function fill(job: Extract<Job, { kind: 'fill' }>): Promise<void> {
  const writer = new Y.Doc();
  const check = new Y.Doc();
  const writerClient = await openClient(job.endpoint, job.room, writer, job.firstIndex);
  const checkClient = await openClient(job.endpoint, job.room, check, job.firstIndex + 1);
  const chunk = 'lorem ipsum dolor sit amet '.repeat(160).slice(0, 4096);
  const text = writer.getText('t');
  for (let written = 0; written < job.bytes; written += chunk.length) {
    text.insert(text.length, chunk.slice(0, Math.min(chunk.length, job.bytes - written)));
    if (written % (256 * 1024) === 0) await sleep(20);
  }
  const deadline = Date.now() + 60_000;
  while (check.getText('t').length < job.bytes && Date.now() < deadline) await sleep(20);
  send({ ev: 'ready' });
  await nextCommand();
  send({ ev: 'result', result: { length: check.getText('t').length } });
  await nextCommand();
  writerClient.destroy();
  checkClient.destroy();
}

process.once('message', (job: Job) => {
  const run =
    job.kind === 'traffic'
      ? traffic(job)
      : job.kind === 'replay'
        ? replay(job)
        : job.kind === 'follow'
          ? follow(job)
          : job.kind === 'join'
            ? join(job)
            : fill(job);
  run.then(
    () => process.exit(0),
    (error: unknown) => {
      send({ ev: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.exit(1);
    },
  );
});
