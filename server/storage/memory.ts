import { mergeThroughDoc, yieldToEventLoop } from './merge';
import type { Storage, StoredState } from './storage';

interface MemoryDocument {
  snapshot: { data: Uint8Array; lastSeq: number } | null;
  log: { seq: number; data: Uint8Array }[];
}

/** In-process storage for unit tests; same semantics as SQLite, durability excluded. */
export class MemoryStorage implements Storage {
  private readonly docs = new Map<string, MemoryDocument>();
  private seq = 0;

  async appendUpdates(doc: string, updates: readonly Uint8Array[]): Promise<void> {
    const entry = this.entry(doc);
    for (const update of updates) entry.log.push({ seq: ++this.seq, data: update.slice() });
  }

  async load(doc: string): Promise<StoredState> {
    const entry = this.docs.get(doc);
    if (!entry || (entry.snapshot === null && entry.log.length === 0)) return { update: null, logLength: 0 };
    const parts = entry.snapshot ? [entry.snapshot.data] : [];
    for (const row of entry.log) parts.push(row.data);
    return { update: mergeThroughDoc(doc, parts), logLength: entry.log.length };
  }

  async compact(doc: string): Promise<void> {
    const entry = this.docs.get(doc);
    if (!entry || entry.log.length === 0) return;
    const base = entry.snapshot;
    const rows = [...entry.log];
    const lastSeq = rows[rows.length - 1]!.seq;
    const merged = mergeThroughDoc(doc, [...(base ? [base.data] : []), ...rows.map((row) => row.data)]);
    await yieldToEventLoop();
    const current = this.docs.get(doc);
    // Another compaction or a delete happened meanwhile: its result wins.
    if (current !== entry || entry.snapshot !== base) return;
    entry.snapshot = { data: merged, lastSeq };
    entry.log = entry.log.filter((row) => row.seq > lastSeq);
  }

  async deleteDocument(doc: string): Promise<void> {
    this.docs.delete(doc);
  }

  async checkHealth(): Promise<void> {}

  async close(): Promise<void> {}

  private entry(doc: string): MemoryDocument {
    let entry = this.docs.get(doc);
    if (!entry) {
      entry = { snapshot: null, log: [] };
      this.docs.set(doc, entry);
    }
    return entry;
  }
}
