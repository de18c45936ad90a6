/**
 * Session store — your implementation. Read README.md stage by stage; every function below
 * throws NotImplemented until you write it. Keep the exported names and types: the specs import
 * them from here. Split the work into modules of your own behind this file if you like.
 */
import { notImplemented } from '@hbu/kata-kit/not-implemented';

// ─── Errors (given: they are the interface the specs check) ──────────────────────────────────

export type CookieErrorCode =
  | 'ERR_COOKIE_INVALID_NAME'
  | 'ERR_COOKIE_INVALID_VALUE'
  | 'ERR_COOKIE_INVALID_PATH'
  | 'ERR_COOKIE_INVALID_DOMAIN'
  | 'ERR_COOKIE_INVALID_EXPIRES'
  | 'ERR_COOKIE_INVALID_MAX_AGE'
  | 'ERR_COOKIE_INVALID_SAMESITE'
  | 'ERR_COOKIE_REQUIRES_SECURE'
  | 'ERR_COOKIE_PREFIX';

/** A cookie that must not be serialized: malformed, injectable, or refused by browsers. */
export class CookieError extends Error {
  override readonly name = 'CookieError';
  readonly code: CookieErrorCode;
  constructor(code: CookieErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export type SignErrorCode = 'ERR_SIGN_NO_SECRET';

/** sign/unsign called without a usable secret. (A bad signature is not an error.) */
export class SignError extends Error {
  override readonly name = 'SignError';
  readonly code: SignErrorCode;
  constructor(code: SignErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export type StoreErrorCode = 'ERR_STORE_INVALID_ID' | 'ERR_STORE_INVALID_TTL';

/** A store called with an id or a time-to-live it must refuse. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export type SessionErrorCode = 'ERR_SESSION_NO_SECRET' | 'ERR_SESSION_WEAK_SECRET';

/** A SessionManager configured insecurely. */
export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly code: SessionErrorCode;
  constructor(code: SessionErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

// ─── 1. Parse Cookie headers ─────────────────────────────────────────────────────────────────

/**
 * `Cookie: a=1; b=2` → Map { a → "1", b → "2" } (RFC 6265 §4.2.1, §5.2).
 * First value of a name wins; pairs without "=" or with an empty name are skipped; SP and HTAB
 * around names and values are trimmed; values are percent-decoded (a malformed escape leaves
 * the raw value); names are never decoded.
 */
// TODO: README §1
export function parseCookie(header: string): Map<string, string> {
  return notImplemented(`parseCookie(${JSON.stringify(header)})`, 1);
}

// ─── 2. Serialize and validate Set-Cookie ────────────────────────────────────────────────────

export type SameSite = 'Strict' | 'Lax' | 'None';

export interface CookieAttributes {
  expires?: Date;
  /** Seconds; 0 or negative deletes the cookie. */
  maxAge?: number;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: SameSite;
  partitioned?: boolean;
}

/**
 * `name=value` then Expires, Max-Age, Domain, Path, Secure, HttpOnly, SameSite, Partitioned,
 * joined by "; ". Validates everything (throws CookieError), encodes nothing.
 */
// TODO: README §2
export function serializeSetCookie(
  name: string,
  value: string,
  attributes: CookieAttributes = {},
): string {
  void value;
  void attributes;
  return notImplemented(`serializeSetCookie(${JSON.stringify(name)}, …)`, 2);
}

// ─── 3. Parse Set-Cookie ─────────────────────────────────────────────────────────────────────

export interface ParsedSetCookie {
  name: string;
  /** Raw, not percent-decoded. */
  value: string;
  expires?: Date;
  maxAge?: number;
  domain?: string;
  path?: string;
  secure: boolean;
  httpOnly: boolean;
  partitioned: boolean;
  sameSite?: SameSite;
  /** ms since the epoch: Max-Age (relative to `now`) wins over Expires; Max-Age ≤ 0 → 0. */
  expiresAt?: number;
}

/** A Set-Cookie header read as a user agent reads it (RFC 6265 §5.2); undefined when ignored. */
// TODO: README §3
export function parseSetCookie(
  header: string,
  now: number = Date.now(),
): ParsedSetCookie | undefined {
  void now;
  return notImplemented(`parseSetCookie(${JSON.stringify(header)})`, 3);
}

// ─── 4. Sign and verify with rotation ────────────────────────────────────────────────────────

/** `value + "." + base64url(HMAC-SHA256(secret, value))`, no padding. */
// TODO: README §4
export function sign(value: string, secret: string): string {
  void secret;
  return notImplemented(`sign(${JSON.stringify(value)}, …)`, 4);
}

/** The value when the signature matches one of `secrets`, undefined otherwise. Constant time. */
// TODO: README §4
export function unsign(signed: string, secrets: readonly string[]): string | undefined {
  void secrets;
  return notImplemented(`unsign(${JSON.stringify(signed)}, …)`, 4);
}

// ─── 5. Memory store with idle and absolute expiry ───────────────────────────────────────────

/** What a session holds: anything JSON can carry. */
export type SessionData = Record<string, unknown>;

/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;

/**
 * Where sessions live on the server. An entry is readable before its deadline, never at or after.
 * Ids are 1 to 128 base64url characters (`A–Z a–z 0–9 - _`); any other id is refused with
 * `StoreError` `ERR_STORE_INVALID_ID` by every method (ids become file names).
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
   * writing nothing, when the entry is unknown, expired or destroyed (a commit must never bring
   * back a session a concurrent request logged out).
   */
  update(id: string, data: SessionData, ttlMs: number): Promise<boolean>;
}

// TODO: README §5
export class MemoryStore implements SessionStore {
  constructor(options: { now?: Clock } = {}) {
    void options;
  }
  async get(id: string): Promise<SessionData | undefined> {
    return notImplemented(`MemoryStore.get(${JSON.stringify(id)})`, 5);
  }
  async set(id: string, data: SessionData, ttlMs: number): Promise<void> {
    void data;
    void ttlMs;
    return notImplemented(`MemoryStore.set(${JSON.stringify(id)}, …)`, 5);
  }
  async destroy(id: string): Promise<void> {
    return notImplemented(`MemoryStore.destroy(${JSON.stringify(id)})`, 5);
  }
  async touch(id: string, ttlMs: number): Promise<void> {
    void ttlMs;
    return notImplemented(`MemoryStore.touch(${JSON.stringify(id)}, …)`, 5);
  }
  async update(id: string, data: SessionData, ttlMs: number): Promise<boolean> {
    void data;
    void ttlMs;
    return notImplemented(`MemoryStore.update(${JSON.stringify(id)}, …)`, 5);
  }
  /** Deletes every expired entry; returns how many. */
  async sweep(): Promise<number> {
    return notImplemented('MemoryStore.sweep()', 5);
  }
}

// ─── 6. File store: atomic, concurrent, persistent ───────────────────────────────────────────

/** The part of `node:fs/promises` a FileStore may use (injectable: tests interleave or break it). */
export interface FileSystem {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  writeFile(path: string, data: string, options: { mode: number; flag: string }): Promise<void>;
  rename(oldPath: string, newPath: string): Promise<void>;
  link(existingPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, options: { recursive: boolean; mode: number }): Promise<unknown>;
}

export interface FileStoreOptions {
  dir: string;
  now?: Clock;
  /** Defaults to node:fs/promises. Use only these calls. */
  fs?: FileSystem;
}

/** One file per session, `<dir>/<id>.json`, written by rename, mode 0600. */
// TODO: README §6
export class FileStore implements SessionStore {
  constructor(options: FileStoreOptions) {
    void options;
  }
  async get(id: string): Promise<SessionData | undefined> {
    return notImplemented(`FileStore.get(${JSON.stringify(id)})`, 6);
  }
  async set(id: string, data: SessionData, ttlMs: number): Promise<void> {
    void data;
    void ttlMs;
    return notImplemented(`FileStore.set(${JSON.stringify(id)}, …)`, 6);
  }
  async destroy(id: string): Promise<void> {
    return notImplemented(`FileStore.destroy(${JSON.stringify(id)})`, 6);
  }
  async touch(id: string, ttlMs: number): Promise<void> {
    void ttlMs;
    return notImplemented(`FileStore.touch(${JSON.stringify(id)}, …)`, 6);
  }
  async update(id: string, data: SessionData, ttlMs: number): Promise<boolean> {
    void data;
    void ttlMs;
    return notImplemented(`FileStore.update(${JSON.stringify(id)}, …)`, 6);
  }
  /** Deletes expired and unreadable session files; returns how many. */
  async sweep(): Promise<number> {
    return notImplemented('FileStore.sweep()', 6);
  }
}

// ─── 7. Session lifecycle ────────────────────────────────────────────────────────────────────

/** What the application sees of a session. */
export interface Session {
  /** The server-side id. Never log it. */
  readonly id: string;
  data: SessionData;
  /** True until the session has been loaded from the store. */
  readonly isNew: boolean;
  /** When this id was issued (ms); the absolute timeout counts from here. */
  readonly createdAt: number;
}

export interface SessionManagerOptions {
  store: SessionStore;
  /** The first secret signs; all verify. Each at least 32 characters. */
  secrets: string[];
  /** Default "sid". */
  cookieName?: string;
  /** Default 30 minutes. */
  idleTimeoutMs?: number;
  /** Default 12 hours. */
  absoluteTimeoutMs?: number;
  now?: Clock;
  /** Defaults: Path=/, Secure, HttpOnly, SameSite=Lax. */
  cookie?: Pick<CookieAttributes, 'domain' | 'path' | 'secure' | 'httpOnly' | 'sameSite'>;
}

/**
 * Loads and commits sessions around one request. `commit`, `regenerate` and `destroy` throw a
 * TypeError for a session object this manager did not hand out.
 */
// TODO: README §7
export class SessionManager {
  constructor(options: SessionManagerOptions) {
    void options;
  }
  /** The session the Cookie header points at, or a new empty one. */
  async load(cookieHeader: string | undefined): Promise<Session> {
    void cookieHeader;
    return notImplemented('SessionManager.load', 7);
  }
  /** Saves the session; the Set-Cookie value to send, or undefined. */
  async commit(session: Session): Promise<string | undefined> {
    void session;
    return notImplemented('SessionManager.commit', 7);
  }
  /** New id, same data, old id destroyed. */
  async regenerate(session: Session): Promise<Session> {
    void session;
    return notImplemented('SessionManager.regenerate', 7);
  }
  /** Forgets the session; the next commit clears the cookie. */
  async destroy(session: Session): Promise<void> {
    void session;
    return notImplemented('SessionManager.destroy', 7);
  }
}
