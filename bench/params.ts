/** Scenario sizes per mode: full (bench/RESULTS.md), quick (< 2 min), smoke (tiny; the test suite's check). */
import type { BrowserParams } from './browser';
import type { ConnectionsParams, ReplayParams, StormParams, TrafficParams } from './scenarios';

export type Mode = 'full' | 'quick' | 'smoke';

export interface BenchParams {
  repeats: number;
  busy: TrafficParams;
  rooms: TrafficParams;
  connections: ConnectionsParams;
  replay: ReplayParams;
  storm: StormParams;
  presence: TrafficParams;
  browser: BrowserParams;
}

const TRACE = 'automerge-paper';
/** Every transaction of automerge-paper. */
export const FULL_TRACE_EDITS = 259_778;

export function modeParams(mode: Mode): BenchParams {
  if (mode === 'smoke') {
    return {
      repeats: 1,
      busy: { rooms: 1, clientsPerRoom: 4, updatesPerRoomPerSecond: 20, durationMs: 500, loadgens: 2 },
      rooms: { rooms: 3, clientsPerRoom: 2, updatesPerRoomPerSecond: 10, durationMs: 500, loadgens: 2 },
      connections: { rooms: 4, clientsPerRoom: 2, loadgens: 2, idleMs: 200, trickle: 10, durationMs: 500 },
      replay: { trace: TRACE, edits: 200, lateJoins: 2 },
      storm: { bytes: 8 * 1024, clients: 4, loadgens: 2 },
      presence: {
        rooms: 2,
        clientsPerRoom: 2,
        updatesPerRoomPerSecond: 0,
        presenceHz: 2,
        durationMs: 600,
        loadgens: 2,
      },
      browser: { keystrokes: 10, intervalMs: 40, runs: 1 },
    };
  }
  const quick = mode === 'quick';
  return {
    repeats: quick ? 1 : 3,
    busy: {
      rooms: 1,
      clientsPerRoom: 50,
      updatesPerRoomPerSecond: 100,
      durationMs: quick ? 1000 : 6000,
      loadgens: 2,
    },
    rooms: {
      rooms: 50,
      clientsPerRoom: 4,
      updatesPerRoomPerSecond: 50,
      durationMs: quick ? 1000 : 6000,
      loadgens: 2,
    },
    connections: quick
      ? { rooms: 60, clientsPerRoom: 10, loadgens: 2, idleMs: 1000, trickle: 20, durationMs: 1000 }
      : { rooms: 500, clientsPerRoom: 10, loadgens: 2, idleMs: 6000, trickle: 20, durationMs: 6000 },
    replay: { trace: TRACE, edits: quick ? 5000 : FULL_TRACE_EDITS, lateJoins: 5 },
    storm: { bytes: (quick ? 512 : 1024) * 1024, clients: quick ? 50 : 100, loadgens: 2 },
    presence: {
      rooms: 20,
      clientsPerRoom: 10,
      updatesPerRoomPerSecond: 0,
      presenceHz: 2,
      durationMs: quick ? 1000 : 6000,
      loadgens: 2,
    },
    browser: { keystrokes: 100, intervalMs: 40, runs: quick ? 1 : 3 },
  };
}
