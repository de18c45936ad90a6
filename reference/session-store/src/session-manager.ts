import { randomBytes } from 'node:crypto';
import { parseCookie } from './cookie-header.ts';
import { SessionError } from './errors.ts';
import { type CookieAttributes, serializeSetCookie } from './set-cookie.ts';
import { sign, unsign } from './sign.ts';
import { type Clock, isValidId, type SessionData, type SessionStore } from './store.ts';

/** What the application sees of a session. */
export interface Session {
  /** The server-side id. Never log it: it is as good as the user's password while it lives. */
  readonly id: string;
  data: SessionData;
  /** True until the session has been loaded from the store (a fresh visitor, or a replaced id). */
  readonly isNew: boolean;
  /** When this id was issued (ms); the absolute timeout counts from here. */
  readonly createdAt: number;
}

export interface SessionManagerOptions {
  store: SessionStore;
  /** The first secret signs; all of them verify (rotation). Each at least 32 characters. */
  secrets: string[];
  cookieName?: string;
  /** A session not used for this long is gone (default 30 minutes). */
  idleTimeoutMs?: number;
  /** A session older than this is gone however busy it is (default 12 hours). */
  absoluteTimeoutMs?: number;
  now?: Clock;
  cookie?: Pick<CookieAttributes, 'domain' | 'path' | 'secure' | 'httpOnly' | 'sameSite'>;
}

/** What the store holds for one id. */
interface Envelope {
  createdAt: number;
  data: SessionData;
}

/** The manager's private view of a session it handed out. */
class ManagedSession implements Session {
  id: string;
  data: SessionData;
  isNew: boolean;
  createdAt: number;
  /** The data as last read or written, to tell a change (set) from a visit (touch). */
  saved: string | undefined;
  destroyed = false;

  constructor(id: string, envelope: Envelope, isNew: boolean) {
    this.id = id;
    this.data = envelope.data;
    this.isNew = isNew;
    this.createdAt = envelope.createdAt;
    this.saved = isNew ? undefined : JSON.stringify(envelope.data);
  }
}

const MIN_SECRET_LENGTH = 32;

/**
 * Loads and commits sessions around one request. The cookie carries only a signed, random id;
 * the data stays on the server, where the server can change it, expire it and destroy it.
 */
export class SessionManager {
  readonly #store: SessionStore;
  readonly #secrets: string[];
  readonly #name: string;
  readonly #idle: number;
  readonly #absolute: number;
  readonly #now: Clock;
  readonly #cookie: CookieAttributes;

  constructor(options: SessionManagerOptions) {
    if (options.secrets.length === 0) {
      throw new SessionError('ERR_SESSION_NO_SECRET', 'at least one secret is required');
    }
    if (options.secrets.some((s) => s.length < MIN_SECRET_LENGTH)) {
      throw new SessionError('ERR_SESSION_WEAK_SECRET', 'secrets need at least 32 characters');
    }
    this.#store = options.store;
    this.#secrets = [...options.secrets];
    this.#name = options.cookieName ?? 'sid';
    this.#idle = options.idleTimeoutMs ?? 30 * 60_000;
    this.#absolute = options.absoluteTimeoutMs ?? 12 * 3_600_000;
    this.#now = options.now ?? Date.now;
    // Secure defaults; the caller may loosen them explicitly (Secure=false for http://localhost).
    this.#cookie = { path: '/', secure: true, httpOnly: true, sameSite: 'Lax', ...options.cookie };
    // Fail now, not on the first request, if the name or attributes cannot be serialized.
    serializeSetCookie(this.#name, '', this.#cookie);
  }

  /**
   * The session the Cookie header points at, or a new empty one. The client's id is only used
   * when its signature verifies AND the store knows it AND it is within the absolute timeout: a
   * client-chosen id is never adopted (session fixation).
   */
  async load(cookieHeader: string | undefined): Promise<Session> {
    const raw = cookieHeader === undefined ? undefined : parseCookie(cookieHeader).get(this.#name);
    const id = raw === undefined ? undefined : unsign(raw, this.#secrets);
    // A valid signature on a value that is no id (signed by us for something else, or by an old
    // version): not a session, and not an error either — the store would refuse it.
    if (id !== undefined && isValidId(id)) {
      const envelope = toEnvelope(await this.#store.get(id));
      if (envelope !== undefined) {
        if (this.#now() < envelope.createdAt + this.#absolute) {
          return new ManagedSession(id, envelope, false);
        }
        await this.#store.destroy(id);
      }
    }
    return this.#fresh({});
  }

  /**
   * Saves the session and returns the Set-Cookie value to send, or undefined when there is
   * nothing to send (a new session nobody wrote to: no cookie, no store entry, no tracking).
   * Rolling expiry: every commit moves the idle deadline and re-issues the cookie.
   */
  async commit(session: Session): Promise<string | undefined> {
    const s = managed(session);
    if (s.destroyed) return this.#clearing();
    const left = s.createdAt + this.#absolute - this.#now();
    if (left <= 0) {
      await this.#store.destroy(s.id);
      return this.#clearing();
    }
    const json = JSON.stringify(s.data);
    if (s.isNew && json === '{}') return undefined;
    const ttl = Math.min(this.#idle, left);
    const envelope = { createdAt: s.createdAt, data: s.data };
    if (s.isNew) {
      await this.#store.set(s.id, envelope, ttl);
    } else if (json === s.saved) {
      // touch never brings back a dead entry.
      await this.#store.touch(s.id, ttl);
    } else if (!(await this.#store.update(s.id, envelope, ttl))) {
      // Destroyed (a logout in another request) or expired since this request loaded it: write
      // nothing back, and tell the browser to drop the cookie.
      s.destroyed = true;
      return this.#clearing();
    }
    s.saved = json;
    return serializeSetCookie(this.#name, sign(s.id, this.#secrets[0]!), {
      ...this.#cookie,
      maxAge: Math.floor(ttl / 1000),
    });
  }

  /**
   * Moves the data to a new id and destroys the old one. Call it whenever privilege changes
   * (login, logout, sudo): an id anyone saw before the change is then worth nothing.
   */
  async regenerate(session: Session): Promise<Session> {
    const s = managed(session);
    const old = s.id;
    s.id = newId();
    s.createdAt = this.#now();
    s.isNew = true;
    s.saved = undefined;
    await this.#store.destroy(old);
    return s;
  }

  /** Forgets the session on the server; the next commit tells the browser to drop the cookie. */
  async destroy(session: Session): Promise<void> {
    const s = managed(session);
    s.destroyed = true;
    s.data = {};
    await this.#store.destroy(s.id);
  }

  #fresh(data: SessionData): ManagedSession {
    return new ManagedSession(newId(), { createdAt: this.#now(), data }, true);
  }

  #clearing(): string {
    return serializeSetCookie(this.#name, '', {
      ...this.#cookie,
      expires: new Date(0),
      maxAge: 0,
    });
  }
}

/**
 * 32 bytes (256 bits) from the operating system's CSPRNG, base64url: unguessable, and nothing
 * of it comes from time, a counter or Math.random.
 */
function newId(): string {
  return randomBytes(32).toString('base64url');
}

function managed(session: Session): ManagedSession {
  if (!(session instanceof ManagedSession)) throw new TypeError('not a session from this manager');
  return session;
}

function toEnvelope(value: SessionData | undefined): Envelope | undefined {
  if (value === undefined || typeof value.createdAt !== 'number') return undefined;
  const data = value.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return { createdAt: value.createdAt, data: data as SessionData };
}
