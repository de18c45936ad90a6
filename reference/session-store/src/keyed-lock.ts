/**
 * One operation at a time per key. A FileStore's read-check-write operations (touch, update,
 * sweep's put-back) are not atomic on a file system: a destroy that lands between the read and
 * the rename would be undone. Queuing every write to one id behind the previous one closes that
 * gap inside a process; across processes it stays open (README, going further).
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `work` after every earlier `run` with the same key has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    // The tail never rejects: one failed operation must not fail the ones queued behind it.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    try {
      return await result;
    } finally {
      // The last one out removes the key, so the map holds only ids being written right now.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
