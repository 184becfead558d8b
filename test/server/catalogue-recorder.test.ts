import { afterEach, describe, expect, it, vi } from 'vitest';
import { CatalogueRecorder } from '../../server/catalogue-recorder';
import { type CommitRecord, MemoryDirectory } from '../../server/directory';
import { silentLogger } from '../../server/log';

afterEach(() => {
  vi.useRealTimers();
});

class CountingDirectory extends MemoryDirectory {
  readonly writes: CommitRecord[] = [];
  override async recordCommit(docName: string, record: CommitRecord): Promise<void> {
    this.writes.push(record);
    await super.recordCommit(docName, record);
  }
}

describe('catalogue recorder', () => {
  it('records the first commit at once and folds a burst into one trailing write', async () => {
    vi.useFakeTimers();
    const directory = new CountingDirectory();
    const recorder = new CatalogueRecorder('d', directory, silentLogger(), 1000);
    recorder.record({ title: 'A', editor: 'ada', at: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(directory.writes.map((w) => w.title)).toEqual(['A']);
    for (let i = 2; i <= 50; i++) recorder.record({ title: `A${i}`, editor: i === 50 ? null : 'bob', at: i });
    await vi.advanceTimersByTimeAsync(999);
    expect(directory.writes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    // The trailing write carries the last title and the last named editor.
    expect(directory.writes).toHaveLength(2);
    expect(directory.writes[1]).toEqual({ title: 'A50', editor: 'bob', at: 50 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(directory.writes).toHaveLength(2);
  });

  it('writes what is pending on flush (unload)', async () => {
    const directory = new CountingDirectory();
    const recorder = new CatalogueRecorder('d', directory, silentLogger(), 60_000);
    recorder.record({ title: 'first', editor: null, at: 1 });
    recorder.record({ title: 'second', editor: null, at: 2 });
    await recorder.flush();
    expect(directory.writes.map((w) => w.title)).toEqual(['first', 'second']);
  });
});
