import crypto from 'node:crypto';
import { stat } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CookieError,
  FileStore,
  MemoryStore,
  parseCookie,
  SessionManager,
  StoreError,
  serializeSetCookie,
  sign,
  unsign,
} from '../src/index.ts';
import { cookiePair, expectRejects, expectThrows, fakeClock, SECRET, tempDirs } from './helpers.ts';

// node:crypto with spies that pass through by default, so a spec can see (and steer) which
// primitives the implementation really calls, however it imports them: the spies go on the
// module's object (`crypto.randomBytes(…)`), and syncBuiltinESMExports copies them onto the named
// exports (`import { randomBytes } from 'node:crypto'`). No vi.mock, so this file needs no module
// isolation of its own and shares its worker with the other spec files.
// (node:crypto's getRandomValues cannot be redefined; it calls globalThis.crypto's, which the
// specs below spy on.)
const SPIED = ['timingSafeEqual', 'randomBytes', 'randomFillSync', 'randomUUID'] as const;

const tempDir = tempDirs();

beforeEach(() => {
  for (const name of SPIED) vi.spyOn(crypto, name);
  syncBuiltinESMExports();
});

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

function manager(now = fakeClock()) {
  return new SessionManager({ store: new MemoryStore({ now }), secrets: [SECRET], now });
}

describe('9. Security', () => {
  describe('cookie attribute injection (cookie CVE-2024-47764)', () => {
    it.each([
      [
        'the name',
        () => serializeSetCookie('sid=x; Domain=evil.example; a', 'v'),
        'ERR_COOKIE_INVALID_NAME',
      ],
      [
        'the value',
        () => serializeSetCookie('sid', 'x; Domain=evil.example'),
        'ERR_COOKIE_INVALID_VALUE',
      ],
      [
        'the path',
        () => serializeSetCookie('sid', 'v', { path: '/; Domain=evil.example' }),
        'ERR_COOKIE_INVALID_PATH',
      ],
      [
        'the domain',
        () => serializeSetCookie('sid', 'v', { domain: 'a.example; Path=/admin' }),
        'ERR_COOKIE_INVALID_DOMAIN',
      ],
    ])('refuses a ";" smuggled into %s', (_, fn, code) => {
      expectThrows(
        fn,
        CookieError,
        code,
        hint(9, 'validate every piece of Set-Cookie: a ";" would start another attribute'),
      );
    });

    it('refuses CR LF in a path, which would start a new header', () => {
      expectThrows(
        () => serializeSetCookie('sid', 'v', { path: '/\r\nSet-Cookie: admin=1' }),
        CookieError,
        'ERR_COOKIE_INVALID_PATH',
        hint(9, 'CR and LF are CTLs: refuse them everywhere'),
      );
    });

    it('refuses characters above U+007E that a latin1 header writer truncates to ";" (U+013B)', () => {
      const why = hint(9, 'cookie strings are ASCII only: refuse anything above U+007E');
      expectThrows(
        () => serializeSetCookie('sid', 'v', { path: '/a\u013B Domain=evil' }),
        CookieError,
        'ERR_COOKIE_INVALID_PATH',
        why,
      );
      expectThrows(
        () => serializeSetCookie('sid\u013B', 'v'),
        CookieError,
        'ERR_COOKIE_INVALID_NAME',
        why,
      );
      expectThrows(
        () => serializeSetCookie('sid', 'v', { domain: 'a\u013B.example' }),
        CookieError,
        'ERR_COOKIE_INVALID_DOMAIN',
        why,
      );
    });
  });

  describe('__Host- spoofing with lookalike prefixes (CVE-2022-31629)', () => {
    it('does not decode cookie names, so %5F%5FHost- is not __Host-', () => {
      const why = hint(9, 'never decode names');
      const cookies = parseCookie('%5F%5FHost-sid=evil; ..Host-sid=evil2');
      expect(cookies.has('__Host-sid'), why).toBe(false);
      expect([...cookies.keys()], why).toEqual(['%5F%5FHost-sid', '..Host-sid']);
    });

    it('does not load a session from a lookalike of its __Host- cookie name', async () => {
      const clock = fakeClock();
      const sessions = new SessionManager({
        store: new MemoryStore({ now: clock }),
        secrets: [SECRET],
        cookieName: '__Host-sid',
        now: clock,
      });
      const session = await sessions.load(undefined);
      session.data.user = 'alice';
      const value = cookiePair(await sessions.commit(session)).slice('__Host-sid='.length);
      expect((await sessions.load(`%5F%5FHost-sid=${value}`)).id).not.toBe(session.id);
      expect((await sessions.load(`__host-sid=${value}`)).id).not.toBe(session.id);
      expect(
        (await sessions.load(`__Host-sid=${value}`)).id,
        hint(9, 'compare the cookie name exactly'),
      ).toBe(session.id);
    });

    it('refuses to configure a __Host- session cookie that browsers would drop', () => {
      expectThrows(
        () =>
          new SessionManager({
            store: new MemoryStore(),
            secrets: [SECRET],
            cookieName: '__Host-sid',
            cookie: { secure: false },
          }),
        CookieError,
        'ERR_COOKIE_PREFIX',
        hint(9, 'check the prefix rules when the manager is configured'),
      );
    });
  });

  describe('session fixation (passport CVE-2022-25896)', () => {
    it('a cookie planted before login is worthless after a login that regenerates', async () => {
      const why = hint(9, 'regenerate must destroy the old id');
      const sessions = manager();
      // The attacker gets a real, signed session of their own and plants its cookie in the victim's browser.
      const attacker = await sessions.load(undefined);
      attacker.data.visits = 1;
      const planted = cookiePair(await sessions.commit(attacker));
      // The victim logs in with the planted cookie; the login regenerates.
      const victim = await sessions.load(planted);
      expect(victim.id, why).toBe(attacker.id);
      victim.data.user = 'alice';
      const renewed = await sessions.regenerate(victim);
      const victimCookie = cookiePair(await sessions.commit(renewed));
      expect((await sessions.load(planted)).data.user, why).toBeUndefined();
      expect((await sessions.load(victimCookie)).data.user, why).toBe('alice');
    });

    it('never adopts an id the client chose, signed or not', async () => {
      const sessions = manager();
      const chosen = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      for (const header of [`sid=${chosen}`, `sid=${sign(chosen, SECRET)}`]) {
        const session = await sessions.load(header);
        session.data.user = 'alice';
        const cookie = cookiePair(await sessions.commit(session));
        expect(session.id).not.toBe(chosen);
        expect(cookie).not.toContain(chosen);
      }
    });
  });

  describe('signature comparison (timing attacks)', () => {
    it('compares signatures with crypto.timingSafeEqual, for wrong signatures too', () => {
      const why = hint(9, 'compare with crypto.timingSafeEqual, for every signature');
      const signed = sign('hello', SECRET);
      const compare = vi.mocked(crypto.timingSafeEqual);
      compare.mockClear();
      const wrongFirst = `hello.${signed.at(6) === 'A' ? 'B' : 'A'}${signed.slice(7)}`;
      expect(unsign(wrongFirst, [SECRET]), why).toBeUndefined();
      expect(compare, why).toHaveBeenCalled();
      compare.mockClear();
      expect(unsign(signed, [SECRET]), why).toBe('hello');
      expect(compare, why).toHaveBeenCalled();
    });

    it('lets the constant-time comparison alone decide (no second, short-circuiting check)', () => {
      const why = hint(9, "use timingSafeEqual's result and nothing else");
      const signed = sign('hello', SECRET);
      const compare = vi.mocked(crypto.timingSafeEqual);
      compare.mockImplementation(() => false);
      expect(unsign(signed, [SECRET]), why).toBeUndefined();
      compare.mockImplementation(() => true);
      expect(unsign(`hello.${'A'.repeat(43)}`, [SECRET]), why).toBe('hello');
    });
  });

  describe('session ids', () => {
    it('differ even when the clock is frozen (ids are not derived from time)', async () => {
      const clock = fakeClock();
      vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
      const sessions = manager(clock);
      const ids = new Set<string>();
      for (let i = 0; i < 200; i++) ids.add((await sessions.load(undefined)).id);
      expect(ids.size, hint(9, 'ids come from crypto randomness, never from the time')).toBe(200);
    });

    it('follow the crypto random source, and only it', async () => {
      const why = hint(9, 'take id bytes from node:crypto only');
      const fill = (buffer: Uint8Array) => buffer.fill(0xab);
      vi.mocked(crypto.randomBytes).mockImplementation(((n: number) =>
        Buffer.alloc(n, 0xab)) as never);
      vi.mocked(crypto.randomFillSync).mockImplementation(((b: Uint8Array) => fill(b)) as never);
      vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(((b: Uint8Array) =>
        fill(b)) as never);
      const clock = fakeClock();
      const sessions = manager(clock);
      const first = (await sessions.load(undefined)).id;
      clock.advance(12_345);
      vi.spyOn(Date, 'now').mockReturnValue(42);
      const second = (await sessions.load(undefined)).id;
      expect(second, why).toBe(first);
      const bytes = Buffer.from(first, 'base64url');
      expect(bytes.length, why).toBeGreaterThanOrEqual(16);
      expect(first, why).toBe(Buffer.alloc(bytes.length, 0xab).toString('base64url'));
    });

    it('never reach the console during load, commit, regenerate or destroy', async () => {
      const logged: unknown[] = [];
      for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
          logged.push(...args);
        });
      }
      const sessions = manager();
      const session = await sessions.load('sid=garbage.signature');
      session.data.user = 'alice';
      const cookie = cookiePair(await sessions.commit(session));
      const ids = [session.id];
      const again = await sessions.load(cookie);
      ids.push((await sessions.regenerate(again)).id);
      await sessions.commit(again);
      await sessions.destroy(again);
      await sessions.commit(again);
      const text = JSON.stringify(logged.map(String));
      for (const id of ids) expect(text).not.toContain(id);
    });
  });

  describe('the FileStore', () => {
    it.each(['../escape', 'a/b', '..', '', '.hidden', 'a\u0000b', 'x'.repeat(300)])(
      'refuses the id %j before it becomes a path (path traversal)',
      async (id) => {
        const why = hint(9, 'check the id is base64url before joining it to a path');
        const store = new FileStore({ dir: await tempDir() });
        await expectRejects(store.get(id), StoreError, 'ERR_STORE_INVALID_ID', why);
        await expectRejects(store.set(id, {}, 1000), StoreError, 'ERR_STORE_INVALID_ID', why);
        await expectRejects(store.touch(id, 1000), StoreError, 'ERR_STORE_INVALID_ID', why);
        await expectRejects(store.destroy(id), StoreError, 'ERR_STORE_INVALID_ID', why);
      },
    );

    it('writes session files readable by their owner only (mode 0600)', async () => {
      const dir = await tempDir();
      await new FileStore({ dir }).set('abc', { secret: 1 }, 60_000);
      expect(
        (await stat(join(dir, 'abc.json'))).mode & 0o077,
        hint(9, 'write with mode 0o600'),
      ).toBe(0);
    });
  });
});
