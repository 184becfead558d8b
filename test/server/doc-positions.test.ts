import { describe, expect, it } from 'vitest';
import { DocPositions } from '../../server/doc-positions';

describe('DocPositions', () => {
  it('advances the head over contiguous ranges and remembers ranges beyond a hole', () => {
    const positions = new DocPositions(2, 0, 0);
    positions.applied({ first: 5, last: 6 }, 10); // our own commit, after another process's 3..4
    expect(positions.head).toBe(2);
    expect(positions.hasHole).toBe(true);
    expect(positions.highest).toBe(6);
    expect(positions.covers({ first: 5, last: 6 })).toBe(true);
    expect(positions.covers({ first: 3, last: 3 })).toBe(false);
    positions.applied({ first: 3, last: 4 }, 10);
    expect(positions.head).toBe(6);
    expect(positions.hasHole).toBe(false);
    expect(positions.bytesSinceSnapshot).toBe(20);
    expect(positions.rowsSinceSnapshot).toBe(6);
  });

  it('counts bytes once per row and resets them when a snapshot covers everything', () => {
    const positions = new DocPositions(0, 0, 0);
    positions.applied({ first: 1, last: 1 }, 7);
    positions.applied({ first: 1, last: 1 }, 7); // applied again (catch-up after the bus): not counted twice
    expect(positions.bytesSinceSnapshot).toBe(7);
    positions.snapshotStored(1);
    expect(positions.bytesSinceSnapshot).toBe(0);
    expect(positions.rowsSinceSnapshot).toBe(0);
    positions.snapshotStored(0); // an older snapshot never moves it back
    expect(positions.snapshotSeq).toBe(1);
  });
});
