import { StoreError } from './errors.ts';

/** What a session holds: anything JSON can carry. */
export type SessionData = Record<string, unknown>;

/** Milliseconds since the epoch. Injected so tests (and replays) control time. */
export type Clock = () => number;

/**
 * Where sessions live on the server. Every method is async so a file, a database or a cache can
 * sit behind it. An entry is readable strictly before its deadline and never at or after it.
 */
export interface SessionStore {
  /** A fresh copy of the data, or undefined when unknown or expired. Does not extend the deadline. */
  get(id: string): Promise<SessionData | undefined>;
  /** Stores a copy of `data`, readable for `ttlMs` from now (replaces data and deadline). */
  set(id: string, data: SessionData, ttlMs: number): Promise<void>;
  /** Forgets the entry; forgetting an unknown id is fine. */
  destroy(id: string): Promise<void>;
  /** Moves the deadline of a live entry to `ttlMs` from now; never brings back a dead one. */
  touch(id: string, ttlMs: number): Promise<void>;
  /**
   * Replaces the data of a LIVE entry and moves its deadline to `ttlMs` from now; resolves false,
   * writing nothing, when the entry is unknown, expired or destroyed. What a commit of a loaded
   * session uses: a request that read the session before a concurrent logout must not write it
   * back (set would, and the old cookie would work again).
   */
  update(id: string, data: SessionData, ttlMs: number): Promise<boolean>;
}

/**
 * Ids become file names, so they are restricted to base64url characters: no "/", no "..", no
 * NUL, nothing a path can be built from. And at most 128 of them: a file name is at most 255
 * bytes on common file systems, and a FileStore adds ".json" and, for its temporary files, a
 * dozen more. (A manager's ids are 43 characters: 32 random bytes.)
 */
const ID = /^[A-Za-z0-9_-]{1,128}$/;

/** True for an id a store accepts. */
export function isValidId(id: string): boolean {
  return ID.test(id);
}

export function checkId(id: string): void {
  if (!isValidId(id)) {
    throw new StoreError('ERR_STORE_INVALID_ID', 'a session id is 1 to 128 base64url characters');
  }
}

export function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new StoreError('ERR_STORE_INVALID_TTL', 'ttlMs must be a positive number');
  }
}
