/** session-store crutch, part 2: thin memory and file stores. */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './cookies.ts';

export type SessionData = Record<string, unknown>;
export type Clock = () => number;

export interface SessionStore {
  get(id: string): Promise<SessionData | undefined>;
  set(id: string, data: SessionData, ttlMs: number): Promise<void>;
  destroy(id: string): Promise<void>;
  touch(id: string, ttlMs: number): Promise<void>;
  update(id: string, data: SessionData, ttlMs: number): Promise<boolean>;
}

export const ID = /^[A-Za-z0-9_-]{16,128}$/;
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
  /** Writes only over a live entry: a commit never brings back a logged-out session. */
  async update(id: string, data: SessionData, ttlMs: number): Promise<boolean> {
    checkId(id);
    checkTtl(ttlMs);
    const e = this.#entries.get(id);
    if (e === undefined || e.expires <= this.#now()) return false;
    this.#entries.set(id, { data: JSON.stringify(data), expires: this.#now() + ttlMs });
    return true;
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
  /** Writes only over a live entry (read then write: a thin crutch, not linearizable). */
  async update(id: string, data: SessionData, ttlMs: number): Promise<boolean> {
    checkId(id);
    checkTtl(ttlMs);
    const e = await this.#read(id);
    if (e === undefined || e.expires <= this.#now()) return false;
    await this.#write(id, { data: JSON.stringify(data), expires: this.#now() + ttlMs });
    return true;
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
