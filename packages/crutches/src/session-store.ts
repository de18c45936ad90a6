/**
 * Crutch for kata 8 (session-store): the kata's exact interface with cookies over `cookie`
 * (jshttp) and signing over `cookie-signature` (Express's). The stores and the session manager
 * are thin: enough to stand on, not the kata's security stage. Forbidden in session-store.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as jar from 'cookie';

// cookie-signature ships no types: the two functions used here, typed.
const signature = createRequire(import.meta.url)('cookie-signature') as {
  sign(value: string, secret: string): string;
  unsign(input: string, secret: string): string | false;
};

function coded<C extends string>(name: string) {
  return class extends Error {
    override readonly name: string = name;
    readonly code: C;
    constructor(code: C, message: string) {
      super(message);
      this.code = code;
    }
  };
}

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
export class CookieError extends coded<CookieErrorCode>('CookieError') {
  override readonly name = 'CookieError';
}
export type SignErrorCode = 'ERR_SIGN_NO_SECRET';
export class SignError extends coded<SignErrorCode>('SignError') {
  override readonly name = 'SignError';
}
export type StoreErrorCode = 'ERR_STORE_INVALID_ID' | 'ERR_STORE_INVALID_TTL';
export class StoreError extends coded<StoreErrorCode>('StoreError') {
  override readonly name = 'StoreError';
}
export type SessionErrorCode = 'ERR_SESSION_NO_SECRET' | 'ERR_SESSION_WEAK_SECRET';
export class SessionError extends coded<SessionErrorCode>('SessionError') {
  override readonly name = 'SessionError';
}

export function parseCookie(header: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(jar.parseCookie(header))) {
    if (name !== '' && value !== undefined) map.set(name, value);
  }
  return map;
}

export type SameSite = 'Strict' | 'Lax' | 'None';

export interface CookieAttributes {
  expires?: Date;
  maxAge?: number;
  domain?: string;
  path?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: SameSite;
  partitioned?: boolean;
}

/** `cookie`'s TypeError messages name the argument or option at fault. */
const CULPRITS: Array<[RegExp, CookieErrorCode]> = [
  [/argument name/, 'ERR_COOKIE_INVALID_NAME'],
  [/argument val/, 'ERR_COOKIE_INVALID_VALUE'],
  [/option domain/, 'ERR_COOKIE_INVALID_DOMAIN'],
  [/option path/, 'ERR_COOKIE_INVALID_PATH'],
  [/option expires/, 'ERR_COOKIE_INVALID_EXPIRES'],
  [/option maxAge/, 'ERR_COOKIE_INVALID_MAX_AGE'],
  [/option (sameSite|priority)/, 'ERR_COOKIE_INVALID_SAMESITE'],
];

export function serializeSetCookie(
  name: string,
  value: string,
  attributes: CookieAttributes = {},
): string {
  const a = attributes;
  if ((a.sameSite === 'None' || a.partitioned) && !a.secure)
    throw new CookieError(
      'ERR_COOKIE_REQUIRES_SECURE',
      'SameSite=None and Partitioned need Secure',
    );
  if (/^__(Secure|Host)-/i.test(name) && !a.secure)
    throw new CookieError('ERR_COOKIE_PREFIX', 'prefix needs Secure');
  if (/^__Host-/i.test(name) && (a.domain !== undefined || a.path !== '/'))
    throw new CookieError('ERR_COOKIE_PREFIX', '__Host- needs Path=/ and no Domain');
  try {
    const sameSite = a.sameSite?.toLowerCase() as 'strict' | 'lax' | 'none' | undefined;
    return jar.serialize(name, value, { ...a, sameSite, encode: (v: string) => v });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = CULPRITS.find(([re]) => re.test(message))?.[1] ?? 'ERR_COOKIE_INVALID_VALUE';
    throw new CookieError(code, message);
  }
}

export interface ParsedSetCookie {
  name: string;
  value: string;
  expires?: Date;
  maxAge?: number;
  domain?: string;
  path?: string;
  secure: boolean;
  httpOnly: boolean;
  partitioned: boolean;
  sameSite?: SameSite;
  expiresAt?: number;
}

export function parseSetCookie(
  header: string,
  now: number = Date.now(),
): ParsedSetCookie | undefined {
  const c = jar.parseSetCookie(header, { decode: (v: string) => v });
  if (c.name === '') return undefined;
  const out: ParsedSetCookie = {
    name: c.name,
    value: c.value ?? '',
    secure: c.secure === true,
    httpOnly: c.httpOnly === true,
    partitioned: c.partitioned === true,
  };
  if (c.expires !== undefined && !Number.isNaN(c.expires.getTime())) out.expires = c.expires;
  if (c.maxAge !== undefined) out.maxAge = c.maxAge;
  if (c.domain !== undefined) out.domain = c.domain.replace(/^\./, '').toLowerCase();
  if (c.path?.startsWith('/')) out.path = c.path;
  const site = typeof c.sameSite === 'string' ? c.sameSite.toLowerCase() : '';
  if (site === 'strict' || site === 'lax' || site === 'none')
    out.sameSite = `${site[0]!.toUpperCase()}${site.slice(1)}` as SameSite;
  if (out.maxAge !== undefined) out.expiresAt = out.maxAge <= 0 ? 0 : now + out.maxAge * 1000;
  else if (out.expires !== undefined) out.expiresAt = out.expires.getTime();
  return out;
}

export function sign(value: string, secret: string): string {
  if (secret === '') throw new SignError('ERR_SIGN_NO_SECRET', 'sign needs a non-empty secret');
  return signature.sign(value, secret);
}

export function unsign(signed: string, secrets: readonly string[]): string | undefined {
  if (secrets.length === 0 || secrets.includes(''))
    throw new SignError('ERR_SIGN_NO_SECRET', 'a secret is required');
  for (const secret of secrets) {
    const value = signature.unsign(signed, secret);
    if (value !== false) return value;
  }
  return undefined;
}

export type SessionData = Record<string, unknown>;
export type Clock = () => number;

export interface SessionStore {
  get(id: string): Promise<SessionData | undefined>;
  set(id: string, data: SessionData, ttlMs: number): Promise<void>;
  destroy(id: string): Promise<void>;
  touch(id: string, ttlMs: number): Promise<void>;
}

const ID = /^[A-Za-z0-9_-]{16,128}$/;
function checkId(id: string): void {
  if (!ID.test(id)) throw new StoreError('ERR_STORE_INVALID_ID', 'invalid session id');
}
function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0)
    throw new StoreError('ERR_STORE_INVALID_TTL', 'invalid ttl');
}

type Entry = { data: string; expires: number };

export class MemoryStore implements SessionStore {
  readonly #entries: Map<string, Entry> = new Map();
  readonly #now: Clock;
  constructor(options: { now?: Clock } = {}) {
    this.#now = options.now ?? (() => Date.now());
  }
  async get(id: string): Promise<SessionData | undefined> {
    checkId(id);
    const e = this.#entries.get(id);
    if (e === undefined || e.expires <= this.#now()) return undefined;
    return JSON.parse(e.data) as SessionData;
  }
  async set(id: string, data: SessionData, ttlMs: number): Promise<void> {
    checkId(id);
    checkTtl(ttlMs);
    this.#entries.set(id, { data: JSON.stringify(data), expires: this.#now() + ttlMs });
  }
  async destroy(id: string): Promise<void> {
    checkId(id);
    this.#entries.delete(id);
  }
  async touch(id: string, ttlMs: number): Promise<void> {
    checkId(id);
    checkTtl(ttlMs);
    const e = this.#entries.get(id);
    if (e !== undefined && e.expires > this.#now()) e.expires = this.#now() + ttlMs;
  }
  async sweep(): Promise<number> {
    let removed = 0;
    for (const [id, e] of this.#entries) {
      if (e.expires <= this.#now()) removed += Number(this.#entries.delete(id));
    }
    return removed;
  }
}

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
  fs?: FileSystem;
}

/** One JSON file per session, written to a temporary name and renamed over the old one. */
export class FileStore implements SessionStore {
  readonly #dir: string;
  readonly #now: Clock;
  readonly #fs: Pick<
    FileSystem,
    'readFile' | 'writeFile' | 'rename' | 'unlink' | 'readdir' | 'mkdir'
  >;
  constructor(options: FileStoreOptions) {
    this.#dir = options.dir;
    this.#now = options.now ?? (() => Date.now());
    this.#fs = options.fs ?? { readFile, writeFile, rename, unlink, readdir, mkdir };
  }
  async #read(id: string): Promise<Entry | undefined> {
    try {
      return JSON.parse(await this.#fs.readFile(join(this.#dir, `${id}.json`), 'utf8')) as Entry;
    } catch {
      return undefined;
    }
  }
  async #write(id: string, entry: Entry): Promise<void> {
    await this.#fs.mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.#dir, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
    await this.#fs.writeFile(tmp, JSON.stringify(entry), { mode: 0o600, flag: 'wx' });
    await this.#fs.rename(tmp, join(this.#dir, `${id}.json`));
  }
  async get(id: string): Promise<SessionData | undefined> {
    checkId(id);
    const e = await this.#read(id);
    return e === undefined || e.expires <= this.#now()
      ? undefined
      : (JSON.parse(e.data) as SessionData);
  }
  async set(id: string, data: SessionData, ttlMs: number): Promise<void> {
    checkId(id);
    checkTtl(ttlMs);
    await this.#write(id, { data: JSON.stringify(data), expires: this.#now() + ttlMs });
  }
  async destroy(id: string): Promise<void> {
    checkId(id);
    await this.#fs.unlink(join(this.#dir, `${id}.json`)).catch(() => undefined);
  }
  async touch(id: string, ttlMs: number): Promise<void> {
    checkId(id);
    checkTtl(ttlMs);
    const e = await this.#read(id);
    if (e !== undefined && e.expires > this.#now())
      await this.#write(id, { ...e, expires: this.#now() + ttlMs });
  }
  async sweep(): Promise<number> {
    let removed = 0;
    const names = await this.#fs.readdir(this.#dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const id = name.slice(0, -5);
      const e = await this.#read(id);
      if (e === undefined || e.expires <= this.#now()) {
        await this.#fs.unlink(join(this.#dir, name)).catch(() => undefined);
        removed += 1;
      }
    }
    return removed;
  }
}

export interface Session {
  readonly id: string;
  data: SessionData;
  readonly isNew: boolean;
  readonly createdAt: number;
}

export interface SessionManagerOptions {
  store: SessionStore;
  secrets: string[];
  cookieName?: string;
  idleTimeoutMs?: number;
  absoluteTimeoutMs?: number;
  now?: Clock;
  cookie?: Pick<CookieAttributes, 'domain' | 'path' | 'secure' | 'httpOnly' | 'sameSite'>;
}

interface Issued {
  session: Session;
  destroyed: boolean;
}

/** Thin: signed id cookie, data in the store with its creation time, rolling idle expiry. */
export class SessionManager {
  readonly #o: Required<Omit<SessionManagerOptions, 'cookie'>> & { cookie: CookieAttributes };
  readonly #issued = new WeakMap<Session, Issued>();

  constructor(options: SessionManagerOptions) {
    if (options.secrets.length === 0) throw new SessionError('ERR_SESSION_NO_SECRET', 'no secret');
    if (options.secrets.some((s) => s.length < 32))
      throw new SessionError('ERR_SESSION_WEAK_SECRET', 'secrets need 32+ characters');
    this.#o = {
      cookieName: 'sid',
      idleTimeoutMs: 30 * 60_000,
      absoluteTimeoutMs: 12 * 3_600_000,
      now: Date.now,
      ...options,
      cookie: { path: '/', secure: true, httpOnly: true, sameSite: 'Lax', ...options.cookie },
    };
  }

  #issue(id: string, data: SessionData, isNew: boolean, createdAt: number): Session {
    const session: Session = { id, data, isNew, createdAt };
    this.#issued.set(session, { session, destroyed: false });
    return session;
  }

  #own(session: Session): Issued {
    const issued = this.#issued.get(session);
    if (issued === undefined) throw new TypeError('not a session of this manager');
    return issued;
  }

  async load(cookieHeader: string | undefined): Promise<Session> {
    const signed =
      cookieHeader === undefined ? undefined : parseCookie(cookieHeader).get(this.#o.cookieName);
    const id = signed === undefined ? undefined : unsign(signed, this.#o.secrets);
    if (id !== undefined && ID.test(id)) {
      const stored = await this.#o.store.get(id);
      const createdAt = typeof stored?.__createdAt === 'number' ? stored.__createdAt : undefined;
      if (
        stored !== undefined &&
        createdAt !== undefined &&
        this.#o.now() - createdAt < this.#o.absoluteTimeoutMs
      ) {
        const { __createdAt: _, ...data } = stored;
        return this.#issue(id, data, false, createdAt);
      }
    }
    return this.#issue(randomBytes(32).toString('base64url'), {}, true, this.#o.now());
  }

  async commit(session: Session): Promise<string | undefined> {
    const issued = this.#own(session);
    const name = this.#o.cookieName;
    if (issued.destroyed)
      return serializeSetCookie(name, '', { ...this.#o.cookie, expires: new Date(0) });
    const left = session.createdAt + this.#o.absoluteTimeoutMs - this.#o.now();
    const ttl = Math.min(this.#o.idleTimeoutMs, left);
    if (ttl <= 0) return undefined;
    await this.#o.store.set(session.id, { ...session.data, __createdAt: session.createdAt }, ttl);
    const value = sign(session.id, this.#o.secrets[0]!);
    return serializeSetCookie(name, value, { ...this.#o.cookie, maxAge: Math.floor(ttl / 1000) });
  }

  async regenerate(session: Session): Promise<Session> {
    this.#own(session);
    await this.#o.store.destroy(session.id);
    return this.#issue(randomBytes(32).toString('base64url'), session.data, true, this.#o.now());
  }

  async destroy(session: Session): Promise<void> {
    const issued = this.#own(session);
    issued.destroyed = true;
    await this.#o.store.destroy(session.id);
  }
}
