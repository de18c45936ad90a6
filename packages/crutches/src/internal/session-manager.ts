/** session-store crutch, part 3: a thin session manager over the cookie functions and a store. */
import { randomBytes } from 'node:crypto';
import {
  type CookieAttributes,
  parseCookie,
  SessionError,
  serializeSetCookie,
  sign,
  unsign,
} from './cookies.ts';
import { type Clock, ID, type SessionData, type SessionStore } from './session-stores.ts';

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
