import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectionState, coversLocalChanges, offlineDuration } from '@/components/editor/saved-state';

describe('coversLocalChanges', () => {
  it('is true only once the persisted vector reaches every local clock', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const local = Y.decodeStateVector(Y.encodeStateVector(doc));
    expect(coversLocalChanges(local, null, [doc.clientID])).toBe(false);
    expect(coversLocalChanges(local, new Map([[doc.clientID, 3]]), [doc.clientID])).toBe(false);
    expect(coversLocalChanges(local, new Map([[doc.clientID, 5]]), [doc.clientID])).toBe(true);
  });

  it('ignores clients that never wrote locally and treats a pristine doc as covered', () => {
    const local = new Map([
      [1, 10],
      [2, 4],
    ]);
    expect(coversLocalChanges(local, new Map([[2, 4]]), [2])).toBe(true);
    expect(coversLocalChanges(new Map(), null, [7])).toBe(true);
  });
});

describe('connectionState', () => {
  const base = { denied: null, synced: true, everSynced: true, unsaved: false } as const;

  it('maps the facts to the indicator states', () => {
    expect(connectionState(base)).toBe('saved');
    expect(connectionState({ ...base, unsaved: true })).toBe('saving');
    expect(connectionState({ ...base, synced: false })).toBe('offline');
    expect(connectionState({ ...base, synced: false, everSynced: false })).toBe('connecting');
    expect(connectionState({ ...base, denied: 'deleted' })).toBe('denied');
  });
});

describe('offlineDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(offlineDuration(12_400)).toBe('12 s');
    expect(offlineDuration(61_000)).toBe('1 min');
    expect(offlineDuration(2 * 3600_000 + 5)).toBe('2 h');
  });
});
