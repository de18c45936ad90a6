import { type Clock, checkId, checkTtl, type SessionData, type SessionStore } from './store.ts';

interface Entry {
  json: string;
  expiresAt: number;
}

/**
 * Sessions in a Map. Fine for one process and for tests; gone on restart, and not shared
 * between processes, which is why FileStore exists.
 *
 * Entries are kept as JSON text: a caller mutating what it passed to set, or what get returned,
 * must not change the stored session behind the store's back.
 */
export class MemoryStore implements SessionStore {
  readonly #entries = new Map<string, Entry>();
  readonly #now: Clock;

  constructor(options: { now?: Clock } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async get(id: string): Promise<SessionData | undefined> {
    checkId(id);
    const entry = this.#live(id);
    return entry === undefined ? undefined : (JSON.parse(entry.json) as SessionData);
  }

  async set(id: string, data: SessionData, ttlMs: number): Promise<void> {
    checkId(id);
    checkTtl(ttlMs);
    this.#entries.set(id, { json: JSON.stringify(data), expiresAt: this.#now() + ttlMs });
  }

  async destroy(id: string): Promise<void> {
    checkId(id);
    this.#entries.delete(id);
  }

  async touch(id: string, ttlMs: number): Promise<void> {
    checkId(id);
    checkTtl(ttlMs);
    const entry = this.#live(id);
    if (entry !== undefined) entry.expiresAt = this.#now() + ttlMs;
  }

  async update(id: string, data: SessionData, ttlMs: number): Promise<boolean> {
    checkId(id);
    checkTtl(ttlMs);
    // No await between the check and the write: nothing can destroy the entry in between.
    const entry = this.#live(id);
    if (entry === undefined) return false;
    entry.json = JSON.stringify(data);
    entry.expiresAt = this.#now() + ttlMs;
    return true;
  }

  /** Deletes every expired entry; returns how many. Call it on a timer in a long-lived process. */
  async sweep(): Promise<number> {
    let removed = 0;
    for (const id of [...this.#entries.keys()]) {
      if (this.#live(id) === undefined) removed++;
    }
    return removed;
  }

  /** The entry while it is alive; an expired one is deleted on sight. */
  #live(id: string): Entry | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    if (this.#now() < entry.expiresAt) return entry;
    this.#entries.delete(id);
    return undefined;
  }
}
