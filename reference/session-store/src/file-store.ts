import { randomBytes } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { KeyedLock } from './keyed-lock.ts';
import { type Clock, checkId, checkTtl, type SessionData, type SessionStore } from './store.ts';

/**
 * The part of `node:fs/promises` a FileStore uses. Injectable so a test can interleave the calls
 * of concurrent writers (fast-check's scheduler) or make one of them fail like a crash would.
 */
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

/** What one session file holds. */
interface SessionFile {
  expiresAt: number;
  data: SessionData;
}

let sequence = 0;

/**
 * One JSON file per session, `<dir>/<id>.json`, mode 0600 in a 0700 directory.
 *
 * Atomic writes: the content goes to a temporary file with a name no other writer can pick
 * (pid, a counter, random bytes), then rename(2) moves it over the session file. rename is
 * atomic on POSIX file systems: a reader sees the old file or the new one, never half of one,
 * and a crash leaves the old file intact. Two concurrent writers of one id each rename their own
 * complete file; the last rename wins and nothing is torn.
 *
 * Because everything lives on disk, a new FileStore over the same directory (a restart, or
 * another process) sees every committed session.
 *
 * Writes to one id go one at a time (`KeyedLock`): touch and update read, check, then rename,
 * and a destroy in between would otherwise be undone — a logout that does not hold.
 */
export class FileStore implements SessionStore {
  readonly #dir: string;
  readonly #now: Clock;
  readonly #fs: FileSystem;
  #ready: Promise<unknown> | undefined;
  readonly #lock = new KeyedLock();

  constructor(options: FileStoreOptions) {
    this.#dir = options.dir;
    this.#now = options.now ?? Date.now;
    this.#fs = options.fs ?? fsPromises;
  }

  async get(id: string): Promise<SessionData | undefined> {
    checkId(id);
    const record = await this.#read(this.#file(id));
    // An expired file is left for sweep(): deleting it here could race a fresh write.
    return record !== undefined && this.#now() < record.expiresAt ? record.data : undefined;
  }

  async set(id: string, data: SessionData, ttlMs: number): Promise<void> {
    checkId(id);
    checkTtl(ttlMs);
    await this.#lock.run(id, () => this.#write(id, { expiresAt: this.#now() + ttlMs, data }));
  }

  async destroy(id: string): Promise<void> {
    checkId(id);
    await this.#lock.run(id, () => ignoreMissing(this.#fs.unlink(this.#file(id))));
  }

  /** Rewrites a live session with a later deadline; a missing or expired one stays gone. */
  async touch(id: string, ttlMs: number): Promise<void> {
    checkId(id);
    checkTtl(ttlMs);
    await this.#lock.run(id, async () => {
      const record = await this.#read(this.#file(id));
      if (!this.#live(record)) return;
      await this.#write(id, { expiresAt: this.#now() + ttlMs, data: record.data });
    });
  }

  async update(id: string, data: SessionData, ttlMs: number): Promise<boolean> {
    checkId(id);
    checkTtl(ttlMs);
    return this.#lock.run(id, async () => {
      if (!this.#live(await this.#read(this.#file(id)))) return false;
      await this.#write(id, { expiresAt: this.#now() + ttlMs, data });
      return true;
    });
  }

  /**
   * Deletes expired (and unreadable) session files; returns how many.
   *
   * A plain read-then-unlink would delete a session written between the two calls. Instead the
   * file is first renamed aside (atomic: we now own exactly the bytes we will judge), read again,
   * and put back with link(2) if it turned out to be fresh. link fails when a newer file already
   * took the name, and then the newer one rightly wins.
   */
  async sweep(): Promise<number> {
    let names: string[];
    try {
      names = await this.#fs.readdir(this.#dir);
    } catch (error) {
      if (code(error) === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      if (name.startsWith('.') || !name.endsWith('.json')) continue;
      const id = name.slice(0, -'.json'.length);
      if (await this.#lock.run(id, () => this.#sweepOne(id))) removed++;
    }
    return removed;
  }

  /** True when the file of `id` was expired (or unreadable) and is now gone. */
  async #sweepOne(id: string): Promise<boolean> {
    const file = this.#file(id);
    if (this.#live(await this.#read(file))) return false;
    const aside = this.#temp(id, 'swept');
    if (!(await ignoreMissing(this.#fs.rename(file, aside)))) return false;
    const fresh = this.#live(await this.#read(aside));
    // If the put-back fails, the aside copy stays: better a stray file than a lost session.
    if (fresh) await ignoreExisting(this.#fs.link(aside, file));
    await this.#fs.unlink(aside);
    return !fresh;
  }

  #live(record: SessionFile | undefined): record is SessionFile {
    return record !== undefined && this.#now() < record.expiresAt;
  }

  #file(id: string): string {
    return join(this.#dir, `${id}.json`);
  }

  /** A name only this call can produce; the leading "." keeps it out of sweep's way. */
  #temp(id: string, kind: string): string {
    sequence++;
    return join(
      this.#dir,
      `.${id}.${process.pid}.${sequence}.${randomBytes(4).toString('hex')}.${kind}`,
    );
  }

  async #write(id: string, record: SessionFile): Promise<void> {
    this.#ready ??= this.#fs.mkdir(this.#dir, { recursive: true, mode: 0o700 });
    await this.#ready;
    const temp = this.#temp(id, 'tmp');
    // "wx": fail rather than share a temp file with anyone; 0600: sessions are secrets.
    await this.#fs.writeFile(temp, JSON.stringify(record), { mode: 0o600, flag: 'wx' });
    try {
      await this.#fs.rename(temp, this.#file(id));
    } catch (error) {
      await ignoreMissing(this.#fs.unlink(temp));
      throw error;
    }
  }

  /** The parsed file, or undefined when it is missing or not a session record. */
  async #read(file: string): Promise<SessionFile | undefined> {
    let text: string;
    try {
      text = await this.#fs.readFile(file, 'utf8');
    } catch (error) {
      if (code(error) === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const record = JSON.parse(text) as Partial<SessionFile> | null;
      if (typeof record?.expiresAt === 'number' && isObject(record.data)) {
        return { expiresAt: record.expiresAt, data: record.data };
      }
    } catch {
      // A corrupt file is treated as no session at all.
    }
    return undefined;
  }
}

function isObject(value: unknown): value is SessionData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function code(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** Resolves true when the operation happened, false when the file was already gone. */
async function ignoreMissing(operation: Promise<unknown>): Promise<boolean> {
  try {
    await operation;
    return true;
  } catch (error) {
    if (code(error) === 'ENOENT') return false;
    throw error;
  }
}

async function ignoreExisting(operation: Promise<unknown>): Promise<void> {
  try {
    await operation;
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error;
  }
}
