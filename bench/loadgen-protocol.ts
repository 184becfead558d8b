/** What `bench/run.ts` and its load generators (bench/loadgen.ts) say to each other over IPC. */
import type { Endpoint } from './clients';

interface Base {
  endpoint: Endpoint;
  /** Index of this generator's first client in the whole run (names its token and address). */
  firstIndex: number;
}

export type Job =
  | (Base & {
      kind: 'traffic';
      rooms: string[];
      perRoom: number;
      /** Edits this generator sends per second, spread over its rooms and clients. */
      updatesPerSecond: number;
      /** Cursor moves per second per client (presence); none when unset. */
      presenceHz?: number;
      /** Clients opened at once while connecting. */
      concurrency?: number;
      drainMs?: number;
    })
  | (Base & { kind: 'replay'; room: string; trace: string; edits: number })
  | (Base & { kind: 'follow'; room: string; trace: string; edits: number; timeoutMs: number })
  | (Base & { kind: 'join'; room: string; count: number; sequential?: boolean; expectLength?: number })
  | (Base & { kind: 'fill'; room: string; bytes: number });

export interface LoadgenResult {
  sent?: number;
  presenceSent?: number;
  editLatencies?: number[];
  presenceLatencies?: number[];
  closes?: number;
  startedAt?: number;
  convergedAt?: number | null;
  joinMs?: number[];
  wrong?: number;
  lastSyncedAt?: number;
  length?: number;
}

export type LoadgenEvent = { ev: 'ready' } | { ev: 'result'; result: LoadgenResult } | { ev: 'error'; message: string };
