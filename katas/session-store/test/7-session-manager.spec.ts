import { expectRejectClass, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it, vi } from 'vitest';
import {
  MemoryStore,
  parseSetCookie,
  SessionError,
  SessionManager,
  type SessionManagerOptions,
  sign,
} from '../src/index.ts';
import {
  attributesOf,
  cookiePair,
  expectThrows,
  fakeClock,
  OLD_SECRET,
  SECRET,
} from './helpers.ts';

const MINUTE = 60_000;

function setup(options: Partial<SessionManagerOptions> = {}) {
  const clock = fakeClock();
  const store = new MemoryStore({ now: clock });
  const sessions = new SessionManager({
    store,
    secrets: [SECRET],
    idleTimeoutMs: 10 * MINUTE,
    absoluteTimeoutMs: 60 * MINUTE,
    now: clock,
    ...options,
  });
  return { clock, store, sessions };
}

/** A logged-in session and the Cookie header that brings it back. */
async function loggedIn(sessions: SessionManager) {
  const session = await sessions.load(undefined);
  session.data.user = 'alice';
  const cookie = cookiePair(await sessions.commit(session));
  return { session, cookie };
}

describe('7. Session lifecycle: load, commit, regenerate, destroy, rolling expiry', () => {
  describe('configuration', () => {
    it('refuses to start without a secret', () => {
      const store = new MemoryStore();
      expectThrows(
        () => new SessionManager({ store, secrets: [] }),
        SessionError,
        'ERR_SESSION_NO_SECRET',
        hint(7, 'the constructor checks secrets first'),
      );
    });

    it('refuses a secret shorter than 32 characters, old ones included', () => {
      const why = hint(7, 'every secret, old ones too, is at least 32 characters');
      const store = new MemoryStore();
      expectThrows(
        () => new SessionManager({ store, secrets: ['short'] }),
        SessionError,
        'ERR_SESSION_WEAK_SECRET',
        why,
      );
      expectThrows(
        () => new SessionManager({ store, secrets: [SECRET, 'x'.repeat(31)] }),
        SessionError,
        'ERR_SESSION_WEAK_SECRET',
        why,
      );
    });
  });

  describe('defaults', () => {
    it('accepts a secret of exactly 32 characters', async () => {
      const sessions = new SessionManager({ store: new MemoryStore(), secrets: ['x'.repeat(32)] });
      expect((await sessions.load(undefined)).isNew, hint(7, '32 characters is enough')).toBe(true);
    });

    it('uses an idle timeout of 30 minutes and an absolute timeout of 12 hours', async () => {
      const why = hint(7, 'defaults: idle 30 min, absolute 12 h');
      const clock = fakeClock();
      const sessions = new SessionManager({
        store: new MemoryStore({ now: clock }),
        secrets: [SECRET],
        now: clock,
      });
      const { session, cookie } = await loggedIn(sessions);
      const header = await sessions.commit(await sessions.load(cookie));
      expect(attributesOf(header), why).toContain('Max-Age=1800');
      for (let minutes = 29; minutes < 12 * 60; minutes += 29) {
        clock.advance(29 * MINUTE);
        const loaded = await sessions.load(cookie);
        expect(loaded.id, why).toBe(session.id);
        await sessions.commit(loaded);
      }
      clock.advance(29 * MINUTE);
      expect((await sessions.load(cookie)).id).not.toBe(session.id);
    });
  });

  describe('load', () => {
    it('starts a new, empty session when there is no Cookie header', async () => {
      const why = hint(7, 'no cookie: a new session with a fresh id and empty data');
      const { sessions } = setup();
      const session = await sessions.load(undefined);
      expect(session.isNew, why).toBe(true);
      expect(session.data, why).toEqual({});
    });

    it('gives new sessions ids of at least 128 bits, base64url', async () => {
      const why = hint(7, 'randomBytes(16 or more).toString("base64url")');
      const { sessions } = setup();
      const { id } = await sessions.load(undefined);
      expect(id, why).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(id, 'base64url').length, why).toBeGreaterThanOrEqual(16);
    });

    it('brings back a committed session from its cookie', async () => {
      const why = hint(7, 'parse the Cookie header, unsign the id, load it from the store');
      const { sessions } = setup();
      const { session, cookie } = await loggedIn(sessions);
      const again = await sessions.load(`theme=dark; ${cookie}`);
      expect(again.id, why).toBe(session.id);
      expect(again.isNew, why).toBe(false);
      expect(again.data, why).toEqual({ user: 'alice' });
    });

    it('records when the session was created', async () => {
      const { sessions, clock } = setup();
      const start = clock();
      const { cookie } = await loggedIn(sessions);
      clock.advance(MINUTE);
      expect(
        (await sessions.load(cookie)).createdAt,
        hint(7, 'keep createdAt in the stored session'),
      ).toBe(start);
    });

    it('uses the configured cookie name and ignores others', async () => {
      const why = hint(7, 'read only the configured cookie name');
      const { sessions } = setup({ cookieName: 'app_session' });
      const { session, cookie } = await loggedIn(sessions);
      expect(cookie.startsWith('app_session='), why).toBe(true);
      const value = cookie.slice('app_session='.length);
      expect((await sessions.load(`sid=${value}`)).id).not.toBe(session.id);
      expect((await sessions.load(`app_session=${value}`)).id, why).toBe(session.id);
    });

    it('starts a new session when the cookie is not signed', async () => {
      const why = hint(7, 'unsign fails: a new session');
      const { sessions } = setup();
      const { session } = await loggedIn(sessions);
      const fresh = await sessions.load(`sid=${session.id}`);
      expect(fresh.isNew, why).toBe(true);
      expect(fresh.id).not.toBe(session.id);
      expect(fresh.data, why).toEqual({});
    });

    it('starts a new session when the signature was tampered with', async () => {
      const { sessions } = setup();
      const { session, cookie } = await loggedIn(sessions);
      const tampered = `${cookie.slice(0, -2)}${cookie.endsWith('AA') ? 'BB' : 'AA'}`;
      const fresh = await sessions.load(tampered);
      expect(fresh.id).not.toBe(session.id);
      expect(fresh.data, hint(7, 'unsign fails: a new session')).toEqual({});
    });

    it('never adopts a correctly signed id the store does not know', async () => {
      const { sessions } = setup();
      const chosen = 'attackerChosenId0123456789abcdef';
      const fresh = await sessions.load(`sid=${sign(chosen, SECRET)}`);
      expect(fresh.isNew, hint(7, 'an unknown id gets a new session with a fresh id')).toBe(true);
      expect(fresh.id).not.toBe(chosen);
    });

    it('starts a new session for a signed empty id', async () => {
      const { sessions } = setup();
      const fresh = await sessions.load(`sid=${sign('', SECRET)}`);
      expect(fresh.isNew, hint(7, 'an empty id is not an id')).toBe(true);
      expect(fresh.id).not.toBe('');
    });

    it('starts a new session when the store holds something that is not a session', async () => {
      const { sessions, store, clock } = setup();
      const junk = [
        { data: {} },
        { createdAt: clock(), data: [1] },
        { createdAt: clock(), data: null },
        { createdAt: clock() },
      ];
      for (const [i, value] of junk.entries()) {
        await store.set(`junk${i}`, value, MINUTE);
        const session = await sessions.load(`sid=${sign(`junk${i}`, SECRET)}`);
        expect(session.isNew, hint(7, 'check the shape of what the store returns')).toBe(true);
        expect(session.id).not.toBe(`junk${i}`);
      }
    });

    it('enforces the absolute timeout itself, even when the store would keep the entry longer', async () => {
      const why = hint(7, 'check createdAt + absolute timeout on load, whatever the store does');
      const storeClock = fakeClock();
      const clock = fakeClock();
      const store = new MemoryStore({ now: storeClock });
      const sessions = new SessionManager({
        store,
        secrets: [SECRET],
        idleTimeoutMs: 10 * MINUTE,
        absoluteTimeoutMs: 60 * MINUTE,
        now: clock,
      });
      const { session, cookie } = await loggedIn(sessions);
      clock.advance(60 * MINUTE - 1);
      expect((await sessions.load(cookie)).id, why).toBe(session.id);
      clock.advance(1);
      expect((await sessions.load(cookie)).id).not.toBe(session.id);
      expect(await store.get(session.id), why).toBeUndefined();
    });

    it('survives a malformed Cookie header with a new session', async () => {
      const why = hint(7, 'a bad Cookie header is no cookie');
      const { sessions } = setup();
      const fresh = await sessions.load('sid; ;;=;sid=%E0%A4%A; sid=.');
      expect(fresh.isNew, why).toBe(true);
      expect(fresh.data, why).toEqual({});
    });
  });

  describe('commit', () => {
    it('sends no cookie and stores nothing for a new session nobody wrote to', async () => {
      const why = hint(7, 'commit an untouched new session as nothing');
      const { sessions, store } = setup();
      const session = await sessions.load(undefined);
      expect(await sessions.commit(session), why).toBeUndefined();
      expect(await store.get(session.id), why).toBeUndefined();
    });

    it('sends the signed id with secure defaults: Path=/, Secure, HttpOnly, SameSite=Lax', async () => {
      const why = hint(7, 'Set-Cookie with the signed id, Path=/, Secure, HttpOnly, SameSite=Lax');
      const { sessions } = setup();
      const session = await sessions.load(undefined);
      session.data.n = 1;
      const header = await sessions.commit(session);
      expect(cookiePair(header), why).toBe(`sid=${sign(session.id, SECRET)}`);
      expect(attributesOf(header), why).toEqual([
        'Max-Age=600',
        'Path=/',
        'Secure',
        'HttpOnly',
        'SameSite=Lax',
      ]);
    });

    it('applies cookie options given to the manager', async () => {
      const { sessions } = setup({
        cookie: { secure: false, sameSite: 'Strict', path: '/app', domain: 'example.com' },
      });
      const session = await sessions.load(undefined);
      session.data.n = 1;
      const parsed = parseSetCookie((await sessions.commit(session))!);
      expect(parsed, hint(7, "merge the manager's cookie options over the defaults")).toMatchObject(
        {
          secure: false,
          httpOnly: true,
          sameSite: 'Strict',
          path: '/app',
          domain: 'example.com',
        },
      );
    });

    it('saves changes made to the data', async () => {
      const { sessions } = setup();
      const { cookie } = await loggedIn(sessions);
      const session = await sessions.load(cookie);
      session.data.cart = ['apple'];
      await sessions.commit(session);
      expect(
        (await sessions.load(cookie)).data,
        hint(7, 'commit writes the data to the store'),
      ).toEqual({
        user: 'alice',
        cart: ['apple'],
      });
    });

    it('rolls the idle deadline forward on every commit, even without changes', async () => {
      const why = hint(7, 'every commit moves the idle deadline to now + idle timeout');
      const { sessions, clock } = setup();
      const { cookie } = await loggedIn(sessions);
      for (let i = 0; i < 5; i++) {
        clock.advance(9 * MINUTE);
        const session = await sessions.load(cookie);
        expect(session.data, why).toEqual({ user: 'alice' });
        expect(attributesOf(await sessions.commit(session)), why).toContain('Max-Age=600');
      }
    });

    it('touches rather than rewrites a session whose data did not change', async () => {
      const { sessions, store } = setup();
      const { cookie } = await loggedIn(sessions);
      const set = vi.spyOn(store, 'set');
      const touch = vi.spyOn(store, 'touch');
      const session = await sessions.load(cookie);
      await sessions.commit(session);
      expect(set).not.toHaveBeenCalled();
      expect(touch).toHaveBeenCalledWith(session.id, 10 * MINUTE);
    });

    it('forgets a session left idle past the idle timeout', async () => {
      const { sessions, clock } = setup();
      const { session, cookie } = await loggedIn(sessions);
      clock.advance(10 * MINUTE);
      const fresh = await sessions.load(cookie);
      expect(fresh.id).not.toBe(session.id);
      expect(fresh.data, hint(7, 'past the idle deadline the store forgets it')).toEqual({});
    });

    it('forgets a busy session at the absolute timeout', async () => {
      const { sessions, clock, store } = setup();
      const { session, cookie } = await loggedIn(sessions);
      for (let i = 0; i < 6; i++) {
        clock.advance(9 * MINUTE);
        await sessions.commit(await sessions.load(cookie));
      }
      clock.advance(6 * MINUTE);
      const fresh = await sessions.load(cookie);
      expect(fresh.id).not.toBe(session.id);
      expect(
        await store.get(session.id),
        hint(7, 'the absolute deadline wins over activity'),
      ).toBeUndefined();
    });

    it('never lets the cookie or the store outlive the absolute timeout', async () => {
      const why = hint(7, 'cap Max-Age and the store deadline at createdAt + absolute timeout');
      const { sessions, clock, store } = setup();
      const { session, cookie } = await loggedIn(sessions);
      for (let i = 0; i < 6; i++) {
        clock.advance(9 * MINUTE);
        await sessions.commit(await sessions.load(cookie));
      }
      clock.advance(MINUTE);
      const loaded = await sessions.load(cookie);
      loaded.data.n = 1;
      expect(attributesOf(await sessions.commit(loaded)), why).toContain('Max-Age=300');
      clock.advance(5 * MINUTE);
      expect(await store.get(session.id), why).toBeUndefined();
    });

    it('clears the cookie when committing a session that reached the absolute timeout in use', async () => {
      const why = hint(7, 'commit after the absolute deadline clears the cookie');
      const { sessions, clock, store } = setup();
      const { cookie } = await loggedIn(sessions);
      clock.advance(9 * MINUTE);
      const session = await sessions.load(cookie);
      clock.advance(51 * MINUTE);
      const header = await sessions.commit(session);
      expect(parseSetCookie(header!), why).toMatchObject({
        name: 'sid',
        value: '',
        maxAge: 0,
      });
      expect(await store.get(session.id), why).toBeUndefined();
    });
  });

  describe('regenerate', () => {
    it('moves the data to a new id and destroys the old one', async () => {
      const why = hint(7, 'regenerate: new id, same data, old id destroyed');
      const { sessions, store } = setup();
      const { cookie } = await loggedIn(sessions);
      const session = await sessions.load(cookie);
      const oldId = session.id;
      const renewed = await sessions.regenerate(session);
      expect(renewed.id).not.toBe(oldId);
      expect(renewed.isNew, why).toBe(true);
      expect(renewed.data, why).toEqual({ user: 'alice' });
      expect(await store.get(oldId), why).toBeUndefined();
      const header = await sessions.commit(renewed);
      expect(cookiePair(header), why).toBe(`sid=${sign(renewed.id, SECRET)}`);
      expect((await sessions.load(cookiePair(header))).data, why).toEqual({ user: 'alice' });
    });

    it('makes the old cookie worthless', async () => {
      const why = hint(7, 'after regenerate the old id is gone from the store');
      const { sessions } = setup();
      const { session, cookie } = await loggedIn(sessions);
      await sessions.commit(await sessions.regenerate(session));
      const replay = await sessions.load(cookie);
      expect(replay.data, why).toEqual({});
      expect(replay.isNew, why).toBe(true);
    });

    it('restarts the absolute timeout from the regeneration', async () => {
      const why = hint(7, 'regenerate resets createdAt');
      const { sessions, clock } = setup();
      const { session } = await loggedIn(sessions);
      clock.advance(50 * MINUTE);
      const renewed = await sessions.regenerate(session);
      expect(renewed.createdAt, why).toBe(clock());
      const cookie = cookiePair(await sessions.commit(renewed));
      clock.advance(9 * MINUTE);
      expect((await sessions.load(cookie)).data, why).toEqual({ user: 'alice' });
    });
  });

  describe('destroy', () => {
    it('removes the session from the store and clears the cookie on commit', async () => {
      const why = hint(7, 'destroy: delete from the store, clear the cookie (Max-Age=0)');
      const { sessions, store } = setup();
      const { cookie } = await loggedIn(sessions);
      const session = await sessions.load(cookie);
      await sessions.destroy(session);
      expect(session.data, why).toEqual({});
      expect(await store.get(session.id), why).toBeUndefined();
      const header = await sessions.commit(session);
      expect(parseSetCookie(header!, 0), why).toMatchObject({
        name: 'sid',
        value: '',
        maxAge: 0,
        expires: new Date(0),
        path: '/',
        httpOnly: true,
        secure: true,
      });
      expect((await sessions.load(cookie)).data, why).toEqual({});
    });
  });

  it('refuses a session object it did not hand out', async () => {
    const { sessions } = setup();
    const forged = { id: 'forged', data: { user: 'admin' }, isNew: false, createdAt: 0 };
    await expectRejectClass(
      sessions.commit(forged),
      TypeError,
      hint(7, 'keep the sessions you handed out (a WeakMap) and refuse others'),
    );
  });

  describe('secret rotation', () => {
    it('loads a cookie signed with an old secret and re-signs it with the first one', async () => {
      const why = hint(7, 'unsign with every secret, sign with the first');
      const clock = fakeClock();
      const store = new MemoryStore({ now: clock });
      const before = new SessionManager({ store, secrets: [OLD_SECRET], now: clock });
      const { session, cookie } = await loggedIn(before);
      const after = new SessionManager({ store, secrets: [SECRET, OLD_SECRET], now: clock });
      const loaded = await after.load(cookie);
      expect(loaded.id, why).toBe(session.id);
      expect(cookiePair(await after.commit(loaded)), why).toBe(`sid=${sign(session.id, SECRET)}`);
      const retired = new SessionManager({ store, secrets: [SECRET], now: clock });
      expect((await retired.load(cookie)).id).not.toBe(session.id);
    });
  });
});
