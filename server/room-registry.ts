/**
 * Loaded rooms by document id. Loads and unloads are promises kept in maps so
 * that concurrent connects share one load, and a connect that arrives while
 * the document is unloading waits for the unload (which flushes) and then loads
 * the stored, complete state: there is only ever one live copy of a document.
 */
import type { Logger } from './log';
import { Room, type RoomDependencies } from './room';

export interface RegistryDependencies extends RoomDependencies {
  /**
   * How long a document stays loaded after its last connection leaves. Without
   * it a client reconnecting in a loop cost a compaction and two full decodes
   * per attempt; a page reload or a flaky network reconnects within seconds.
   */
  unloadGraceMs: number;
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  /** References held by connections and by upgrades still in progress. */
  private readonly refs = new Map<Room, number>();
  /** Rooms with no references, waiting out the grace period before they unload. */
  private readonly idle = new Map<Room, NodeJS.Timeout>();
  private readonly log: Logger;

  constructor(private readonly deps: RegistryDependencies) {
    this.log = deps.log.child({ module: 'registry' });
  }

  get size(): number {
    return this.rooms.size;
  }

  get(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  /** Returns the one live room for `name`, holding a reference until `release`. */
  async acquire(name: string): Promise<Room> {
    for (;;) {
      const unloading = this.unloading.get(name);
      if (unloading) {
        await unloading;
        continue;
      }
      const loaded = this.rooms.get(name);
      if (loaded) {
        this.wake(loaded);
        this.refs.set(loaded, (this.refs.get(loaded) ?? 0) + 1);
        return loaded;
      }
      let loading = this.loading.get(name);
      if (!loading) {
        loading = this.load(name);
        this.loading.set(name, loading);
      }
      await loading;
      // Loop: the room may have started unloading between its load and our turn.
    }
  }

  release(room: Room): void {
    const count = (this.refs.get(room) ?? 0) - 1;
    if (count > 0) {
      this.refs.set(room, count);
      return;
    }
    this.refs.delete(room);
    if (this.rooms.get(room.name) !== room) return;
    if (this.deps.unloadGraceMs <= 0) {
      this.unload(room);
      return;
    }
    const timer = setTimeout(() => {
      this.idle.delete(room);
      this.unload(room);
    }, this.deps.unloadGraceMs);
    timer.unref();
    this.idle.set(room, timer);
  }

  /** Unloads a room nobody holds at once, without waiting out the grace period (admin delete). */
  evict(name: string): void {
    const room = this.rooms.get(name);
    if (room && !this.refs.has(room)) {
      this.wake(room);
      this.unload(room);
    }
  }

  /** Unloads every room (shutdown); each flushes its pending commits first. */
  async unloadAll(): Promise<void> {
    await Promise.allSettled([...this.loading.values()]);
    for (const room of [...this.rooms.values()]) {
      this.wake(room);
      this.unload(room);
    }
    await Promise.allSettled([...this.unloading.values()]);
  }

  private wake(room: Room): void {
    clearTimeout(this.idle.get(room));
    this.idle.delete(room);
  }

  /** Waits for any load/unload of `name` to finish (admin delete). */
  async settle(name: string): Promise<void> {
    await Promise.allSettled([this.loading.get(name), this.unloading.get(name)]);
  }

  private async load(name: string): Promise<Room> {
    try {
      const room = await Room.load(name, this.deps);
      this.rooms.set(name, room);
      this.deps.metrics.documentsLoaded.inc();
      this.log.debug({ room: name }, 'loaded');
      return room;
    } finally {
      this.loading.delete(name);
    }
  }

  private unload(room: Room): void {
    if (this.unloading.has(room.name)) return;
    const done = (async () => {
      try {
        await room.flush();
        await room.compact();
      } catch (error) {
        this.log.warn({ err: error, room: room.name }, 'error while unloading');
      } finally {
        this.rooms.delete(room.name);
        this.deps.metrics.documentsLoaded.dec();
        room.destroy();
        this.log.debug({ room: room.name }, 'unloaded');
      }
    })().finally(() => this.unloading.delete(room.name));
    this.unloading.set(room.name, done);
  }
}
