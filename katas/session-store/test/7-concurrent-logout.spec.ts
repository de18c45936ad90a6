/**
 * Round two of stage 7: a logout holds against a request that loaded the session before it and
 * commits after it; a validly signed value that is no id is "no session", not an error.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { FileStore, MemoryStore, SessionManager, type SessionStore, sign } from '../src/index.ts';
import { cookiePair, fakeClock, SECRET, tempDirs } from './helpers.ts';

const tempDir = tempDirs();
const MINUTE = 60_000;

const stores: Array<[string, () => Promise<SessionStore>]> = [
  ['MemoryStore', async () => new MemoryStore()],
  ['FileStore', async () => new FileStore({ dir: await tempDir() })],
];

function manager(store: SessionStore): SessionManager {
  return new SessionManager({ store, secrets: [SECRET], idleTimeoutMs: 10 * MINUTE });
}

/** A logged-in session's Cookie header. */
async function logIn(sessions: SessionManager): Promise<string> {
  const session = await sessions.load(undefined);
  session.data.user = 'alice';
  return cookiePair(await sessions.commit(session));
}

const HOLDS = hint(
  7,
  'a loaded session is written back with update, which never revives a destroyed id',
);

describe('7. Session lifecycle: load, commit, regenerate, destroy, rolling expiry', () => {
  describe.each(stores)('a logout in a concurrent request, with %s', (_name, makeStore) => {
    it('is not undone by a request that loaded the session before and changes it after', async () => {
      const sessions = manager(await makeStore());
      const cookie = await logIn(sessions);
      const slow = await sessions.load(cookie); // e.g. a long upload, started before the logout
      const logout = await sessions.load(cookie);
      await sessions.destroy(logout);
      await sessions.commit(logout);
      slow.data.cart = ['apple'];
      const setCookie = await sessions.commit(slow);
      const after = await sessions.load(cookie);
      expect(after.isNew, HOLDS).toBe(true);
      expect(after.data).toEqual({});
      expect(
        setCookie,
        hint(7, 'tell the browser to drop the cookie of a session that is gone'),
      ).toMatch(/Max-Age=0/);
    });

    it('is not undone by a request that only read the session (touch)', async () => {
      const sessions = manager(await makeStore());
      const cookie = await logIn(sessions);
      const reader = await sessions.load(cookie);
      const logout = await sessions.load(cookie);
      await sessions.destroy(logout);
      await sessions.commit(reader);
      expect((await sessions.load(cookie)).isNew, HOLDS).toBe(true);
    });

    it('is not undone when the commit and the logout run at the same time', async () => {
      const sessions = manager(await makeStore());
      const cookie = await logIn(sessions);
      const slow = await sessions.load(cookie);
      const logout = await sessions.load(cookie);
      slow.data.cart = ['apple'];
      // The commit starts first; the destroy lands while it is between its check and its write.
      await Promise.all([sessions.commit(slow), sessions.destroy(logout)]);
      expect((await sessions.load(cookie)).isNew, HOLDS).toBe(true);
    });

    it('still saves a change to a live session, and its cookie still works', async () => {
      const sessions = manager(await makeStore());
      const cookie = await logIn(sessions);
      const session = await sessions.load(cookie);
      session.data.cart = ['apple'];
      expect(await sessions.commit(session)).not.toMatch(/Max-Age=0/);
      expect((await sessions.load(cookie)).data).toEqual({ user: 'alice', cart: ['apple'] });
    });
  });

  describe('a validly signed value that is no session id', () => {
    it.each([
      ['with characters outside base64url', 'not.an+id/at~all'],
      ['of 300 characters', 'a'.repeat(300)],
      ['with a traversal', '../../etc/passwd'],
    ])(
      'loads a new empty session for a signed value %s, without throwing',
      async (_what, value) => {
        const store = new MemoryStore();
        const sessions = new SessionManager({ store, secrets: [SECRET], now: fakeClock() });
        const session = await sessions.load(`sid=${sign(value, SECRET)}`);
        expect(
          session.isNew,
          hint(7, 'unsign proves who signed, not that the value is an id: check its shape'),
        ).toBe(true);
        expect(session.id).not.toBe(value);
        expect(session.data).toEqual({});
      },
    );
  });
});
