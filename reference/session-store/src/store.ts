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
}

/**
 * Ids become file names, so they are restricted to base64url characters: no "/", no "..", no
 * NUL, nothing a path can be built from.
 */
const ID = /^[A-Za-z0-9_-]{1,256}$/;

export function checkId(id: string): void {
  if (!ID.test(id)) throw new StoreError('ERR_STORE_INVALID_ID', 'a session id is base64url');
}

export function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new StoreError('ERR_STORE_INVALID_TTL', 'ttlMs must be a positive number');
  }
}
