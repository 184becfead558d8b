/**
 * The kill test with a real restart of the storage: the sync server runs on a
 * PostgreSQL of its own (initdb in a temp dir, fsync on), and at a random
 * moment while clients type *both* are SIGKILLed, PostgreSQL's whole process
 * group included. PostgreSQL then restarts through crash recovery, the sync
 * server restarts on it, and every word any client had observed (from another
 * client, or its own once acknowledged as saved) must be there. A SIGKILL of
 * the sync server alone cannot tell a committed write from one still in a
 * buffer of the storage; killing the storage too can.
 *
 * Needs root (to run PostgreSQL as the `postgres` user) and PostgreSQL's
 * binaries on PATH; skipped otherwise.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { signSyncToken } from '../../lib/tokens';
import { decodeSaved, messageSaved } from '../../server/protocol';
import { freePort, startChild } from './child';
import { cleanup, connectClient, onCleanup, SECRET, type TestClient, tempDir } from './helpers';

afterEach(cleanup);

function which(binary: string): string | null {
  try {
    return execFileSync('which', [binary], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

function postgresUser(): { uid: number; gid: number } | null {
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' })));
    return { uid: uid!, gid: gid! };
  } catch {
    return null;
  }
}

const INITDB = which('initdb');
const POSTGRES = which('postgres');
const USER = process.getuid?.() === 0 ? postgresUser() : null;

/** A private PostgreSQL: its own data directory and port, killed (with its backends) and restarted at will. */
class PrivatePostgres {
  private child: ChildProcess | null = null;
  constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PrivatePostgres> {
    const parent = tempDir();
    // mkdtemp made it 0700 for root: the postgres user must be able to reach its data directory.
    chmodSync(parent, 0o755);
    const dir = join(parent, 'pg');
    mkdirSync(dir);
    chownSync(dir, USER!.uid, USER!.gid);
    execFileSync(INITDB!, ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres'], {
      uid: USER!.uid,
      gid: USER!.gid,
      stdio: 'ignore',
    });
    const pg = new PrivatePostgres(dir, await freePort());
    await pg.start();
    return pg;
  }

  async start(): Promise<void> {
    const child = spawn(
      POSTGRES!,
      ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1'],
      // Its own process group: a SIGKILL to the group takes the backends down with the postmaster, as a crash does.
      { uid: USER!.uid, gid: USER!.gid, detached: true, stdio: 'ignore' },
    );
    this.child = child;
    onCleanup(() => this.kill());
    await vi.waitFor(
      () => {
        execFileSync(which('pg_isready') ?? 'pg_isready', ['-h', '127.0.0.1', '-p', String(this.port)], {
          stdio: 'ignore',
        });
      },
      { timeout: 30_000, interval: 100 },
    );
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGKILL');
    await exited;
    // Backends see their postmaster gone and exit; until they have, a new postmaster refuses to start.
    await vi.waitFor(() => {
      expect(() => execFileSync('pgrep', ['-g', String(child.pid)], { stdio: 'ignore' })).toThrow();
    });
  }
}

interface Typist {
  client: TestClient;
  name: string;
  typed: { word: string; clock: number }[];
  ackedClock: number;
}

const WORD = /(\w+:\d+);/g;

describe.skipIf(!INITDB || !POSTGRES || !USER)('durability with a real restart of the storage', () => {
  it('loses nothing observed when the sync server and PostgreSQL are SIGKILLed together', async () => {
    const pg = await PrivatePostgres.create();
    const env = { DATABASE_URL: pg.url };
    const first = await startChild(tempDir(), env);
    const token = await signSyncToken(SECRET, { doc: 'durable-pg', role: 'edit' }, 600);
    const typists: Typist[] = ['a', 'b', 'c'].map((name) => {
      const client = connectClient(first.url, 'durable-pg', token, { ack: '1' });
      const typist: Typist = { client, name, typed: [], ackedClock: 0 };
      client.provider.messageHandlers[messageSaved] = (_encoder, decoder) => {
        typist.ackedClock = Y.decodeStateVector(decodeSaved(decoder.arr)).get(client.doc.clientID) ?? 0;
      };
      return typist;
    });
    await vi.waitFor(() => expect(typists.every((t) => t.client.provider.synced)).toBe(true));

    const observed = new Set<string>();
    let n = 0;
    const typing = setInterval(() => {
      for (const typist of typists) {
        const body = typist.client.doc.getText('body');
        const word = `${typist.name}:${n}`;
        body.insert(body.length, `${word};`);
        typist.typed.push({ word, clock: Y.getState(typist.client.doc.store, typist.client.doc.clientID) });
      }
      n++;
    }, 3);
    onCleanup(() => clearInterval(typing));
    await vi.waitFor(() => expect(typists.every((t) => t.ackedClock > 600)).toBe(true), { timeout: 30_000 });
    // Both at once, mid-stream; then what each client had observed at that moment.
    clearInterval(typing);
    first.child.kill('SIGKILL');
    const storageKilled = pg.kill();
    for (const typist of typists) {
      for (const [, word] of typist.client.doc.getText('body').toString().matchAll(WORD)) {
        if (!word!.startsWith(`${typist.name}:`)) observed.add(word!);
      }
      for (const { word, clock } of typist.typed) if (clock <= typist.ackedClock) observed.add(word);
      // Gone for good: they must not resend what they hold and hide a loss.
      typist.client.destroy();
    }
    await storageKilled;
    await vi.waitFor(() => expect(first.child.signalCode).toBe('SIGKILL'));

    await pg.start();
    const second = await startChild(tempDir(), env);
    const reader = connectClient(second.url, 'durable-pg', token);
    await vi.waitFor(() => expect(reader.provider.synced).toBe(true), { timeout: 15_000 });
    const restored = new Set([...reader.doc.getText('body').toString().matchAll(WORD)].map((match) => match[1]!));
    expect(observed.size).toBeGreaterThan(300);
    expect([...observed].filter((word) => !restored.has(word))).toEqual([]);
  }, 90_000);
});
