import * as fsp from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codePointString } from '@hbu/kata-kit/arbitraries';
import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import { parse as cookieParse } from 'cookie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CookieAttributes,
  FileStore,
  type FileSystem,
  MemoryStore,
  parseCookie,
  parseSetCookie,
  SessionManager,
  serializeSetCookie,
  sign,
  unsign,
} from '../src/index.ts';
import { cookiePair, fakeClock, SECRET } from './helpers.ts';

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const OCTETS = Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i))
  .filter((c) => !'",;\\'.includes(c))
  .join('');

/** cookie-name = token, without the __Secure-/__Host- prefixes (they need attributes). */
const cookieName = fc
  .string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength: 12 })
  .filter((n) => !/^__(secure|host)-/i.test(n));
/** cookie-value = *cookie-octet / DQUOTE *cookie-octet DQUOTE, here without "%". */
const cookieValue = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...OCTETS.replace('%', '')), maxLength: 20 }),
    fc.boolean(),
  )
  .map(([v, quoted]) => (quoted ? `"${v}"` : v));
const secret = fc.string({ minLength: 1, maxLength: 40 });

describe('8. Properties', () => {
  describe('signing', () => {
    it('unsign(sign(v, s), [s]) returns v for any value and secret', () => {
      fc.assert(
        fc.property(codePointString({ maxLength: 60, surrogates: true }), secret, (value, s) => {
          expect(
            unsign(sign(value, s), [s]),
            hint(8, 'sign and unsign must agree for any value, "." and non-ASCII included'),
          ).toBe(value);
        }),
        fcParams(200),
      );
    });

    it('verifies with the whole rotation list whichever secret signed, and not with others', () => {
      const why = hint(8, 'try every secret of the list, and only those');
      fc.assert(
        fc.property(
          fc.string(),
          fc.uniqueArray(secret, { minLength: 2, maxLength: 4 }),
          fc.nat(),
          (value, secrets, pick) => {
            const [outsider, ...list] = secrets;
            expect(unsign(sign(value, list[pick % list.length]!), list), why).toBe(value);
            expect(unsign(sign(value, outsider!), list), why).toBeUndefined();
          },
        ),
        fcParams(100),
      );
    });

    it('rejects a signed value with any single bit flipped', () => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 30 }),
          secret,
          fc.nat(),
          fc.integer({ min: 0, max: 15 }),
          (value, s, at, bit) => {
            const signed = sign(value, s);
            const i = at % signed.length;
            const flipped = String.fromCharCode(signed.charCodeAt(i) ^ (1 << bit));
            expect(
              unsign(signed.slice(0, i) + flipped + signed.slice(i + 1), [s]),
              hint(8, 'compare the whole signature in constant time'),
            ).toBeUndefined();
          },
        ),
        fcParams(300),
      );
    });

    it('rejects a signed value with any single character replaced', () => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 30 }),
          secret,
          fc.nat(),
          fc.string({ minLength: 1, maxLength: 1 }),
          (value, s, at, char) => {
            const signed = sign(value, s);
            const i = at % signed.length;
            fc.pre(signed[i] !== char);
            expect(
              unsign(signed.slice(0, i) + char + signed.slice(i + 1), [s]),
              hint(8, 'any change to value or signature must fail'),
            ).toBeUndefined();
          },
        ),
        fcParams(300),
      );
    });
  });

  describe('cookies', () => {
    it('parseCookie returns the pair a serializeSetCookie wrote, for valid names and values', () => {
      fc.assert(
        fc.property(cookieName, cookieValue, (name, value) => {
          const header = cookiePair(serializeSetCookie(name, value));
          expect(
            [...parseCookie(`other=1; ${header}`)],
            hint(8, 'parseCookie and serializeSetCookie must agree on name and value'),
          ).toEqual([
            ['other', '1'],
            [name, value],
          ]);
        }),
        fcParams(200),
      );
    });

    it('parseCookie decodes any text encoded with encodeURIComponent', () => {
      fc.assert(
        fc.property(cookieName, fc.string({ unit: 'grapheme', maxLength: 20 }), (name, text) => {
          expect(
            parseCookie(`${name}=${encodeURIComponent(text)}`).get(name),
            hint(8, 'decodeURIComponent the value'),
          ).toBe(text);
        }),
        fcParams(200),
      );
    });

    it('parseCookie agrees with the cookie package on any header (differential)', () => {
      const unit = fc.constantFrom(
        'a',
        'b',
        'Z',
        '1',
        '=',
        ';',
        ' ',
        '\t',
        '%',
        '4',
        '"',
        'é',
        '_',
        'E',
      );
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 40 }), (header) => {
          const theirs = { ...cookieParse(header) };
          delete theirs[''];
          expect(
            Object.fromEntries(parseCookie(header)),
            hint(8, 'print both sides for the counterexample header'),
          ).toEqual(theirs);
        }),
        fcParams(500),
      );
    });

    it('parseSetCookie reads back every attribute serializeSetCookie wrote', () => {
      const why = hint(8, 'parseSetCookie and serializeSetCookie must agree on every attribute');
      const attributes = fc.record(
        {
          expires: fc.integer({ min: 0, max: 4_102_444_800 }).map((s) => new Date(s * 1000)),
          maxAge: fc.integer({ min: -1_000_000, max: 1_000_000 }),
          domain: fc.domain(),
          path: fc
            .string({
              unit: fc.constantFrom('a', 'B', '/', ' ', '=', '.', '%', '~'),
              maxLength: 12,
            })
            .map((p) => `/${p.trim()}`),
          secure: fc.boolean(),
          httpOnly: fc.boolean(),
          sameSite: fc.constantFrom('Strict' as const, 'Lax' as const, 'None' as const),
          partitioned: fc.boolean(),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(cookieName, cookieValue, attributes, (name, value, attrs: CookieAttributes) => {
          const needsSecure = attrs.sameSite === 'None' || attrs.partitioned === true;
          const a = needsSecure ? { ...attrs, secure: true } : attrs;
          const parsed = parseSetCookie(serializeSetCookie(name, value, a), 1000);
          expect(parsed, why).toMatchObject({
            name,
            value,
            secure: a.secure === true,
            httpOnly: a.httpOnly === true,
            partitioned: a.partitioned === true,
          });
          expect(parsed?.maxAge, why).toBe(a.maxAge);
          expect(parsed?.expires, why).toEqual(a.expires);
          expect(parsed?.domain, why).toBe(a.domain?.toLowerCase());
          expect(parsed?.path, why).toBe(a.path);
          expect(parsed?.sameSite, why).toBe(a.sameSite);
        }),
        fcParams(200),
      );
    });
  });

  describe('expiry with a fake clock', () => {
    it('a store entry is readable before its deadline and never at or after it', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 1e6 }),
          fc.integer({ min: 0, max: 2e6 }),
          async (ttl, wait) => {
            const clock = fakeClock();
            const store = new MemoryStore({ now: clock });
            await store.set('id', { v: 1 }, ttl);
            clock.advance(wait);
            expect(
              (await store.get('id')) !== undefined,
              hint(8, 'expired means now >= deadline'),
            ).toBe(wait < ttl);
          },
        ),
        fcParams(200),
      );
    });

    it('a session lives while visits come within the idle timeout, never past the absolute one', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1_000, max: 100_000 }),
          fc.integer({ min: 1_000, max: 300_000 }),
          fc.array(fc.integer({ min: 0, max: 120_000 }), { minLength: 1, maxLength: 15 }),
          async (idle, absolute, gaps) => {
            const clock = fakeClock();
            const sessions = new SessionManager({
              store: new MemoryStore({ now: clock }),
              secrets: [SECRET],
              idleTimeoutMs: idle,
              absoluteTimeoutMs: absolute,
              now: clock,
            });
            const first = await sessions.load(undefined);
            first.data.user = 'alice';
            const cookie = cookiePair(await sessions.commit(first));
            const created = clock();
            let alive = true;
            for (const gap of gaps) {
              clock.advance(gap);
              alive = alive && gap < idle && clock() - created < absolute;
              const session = await sessions.load(cookie);
              expect(
                session.data.user === 'alice',
                hint(8, 'idle deadline rolls on every visit; the absolute one never moves'),
              ).toBe(alive);
              if (!alive) break;
              await sessions.commit(session);
            }
          },
        ),
        fcParams(100),
      );
    });
  });

  describe('FileStore under concurrency', () => {
    type Op =
      | { kind: 'set'; id: string; v: string }
      | { kind: 'get'; id: string }
      | { kind: 'destroy'; id: string };
    const IDS = ['a', 'b'];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        id: fc.constantFrom(...IDS),
        v: fc.constant(''),
      }),
      fc.record({ kind: fc.constant('get' as const), id: fc.constantFrom(...IDS) }),
      fc.record({ kind: fc.constant('destroy' as const), id: fc.constantFrom(...IDS) }),
    );
    const clients = fc
      .array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 })
      .map((list) =>
        list.map((ops, c) =>
          ops.map((o, i): Op => (o.kind === 'set' ? { ...o, v: `${c}-${i}` } : o)),
        ),
      );

    /** node:fs/promises whose every call starts and finishes when the scheduler says so. */
    function scheduledFs(s: fc.Scheduler): FileSystem {
      const real = fsp as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const fs: Record<string, unknown> = {};
      for (const name of [
        'readFile',
        'writeFile',
        'rename',
        'link',
        'unlink',
        'readdir',
        'mkdir',
      ]) {
        fs[name] = async (...args: unknown[]) => {
          await s.schedule(Promise.resolve(), `${name} start`);
          // Settle first: a rejection waiting for its turn must not count as unhandled.
          const settled = real[name]!(...args).then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          const result = await s.schedule(settled, `${name} end`);
          if (!result.ok) throw result.error;
          return result.value;
        };
      }
      return fs as unknown as FileSystem;
    }

    it('interleaved set, get and destroy from two stores lose no committed write (fc.scheduler)', async () => {
      const why = hint(8, 'write to a unique temporary file and rename it over the session file');
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), clients, async (s, plan) => {
          const dir = await mkdtemp(join(tmpdir(), 'hbu-session-prop-'));
          try {
            const seed = new FileStore({ dir });
            for (const id of IDS) await seed.set(id, { v: 'init' }, 3_600_000);
            const stores = [
              new FileStore({ dir, fs: scheduledFs(s) }),
              new FileStore({ dir, fs: scheduledFs(s) }),
            ];
            const reads: Array<{ id: string; got: unknown }> = [];
            const runs = plan.map(async (ops, c) => {
              const store = stores[c % 2]!;
              for (const o of ops) {
                if (o.kind === 'set') await store.set(o.id, { v: o.v }, 3_600_000);
                else if (o.kind === 'destroy') await store.destroy(o.id);
                else reads.push({ id: o.id, got: await store.get(o.id) });
              }
            });
            await s.waitFor(Promise.all(runs));
            const all = plan.flat();
            for (const { id, got } of reads) {
              const possible = [
                'init',
                ...all.flatMap((o) => (o.kind === 'set' && o.id === id ? [o.v] : [])),
              ];
              if (got !== undefined) expect(possible, why).toContain((got as { v: string }).v);
            }
            for (const id of IDS) {
              // Linearizability: the final state is the effect of the last write of some client.
              const lasts = plan
                .map((ops) => ops.filter((o) => o.id === id && o.kind !== 'get').at(-1))
                .filter((o) => o !== undefined);
              const candidates =
                lasts.length === 0
                  ? ['init']
                  : lasts.map((o) => (o.kind === 'set' ? o.v : undefined));
              const final = (await seed.get(id)) as { v: string } | undefined;
              expect(candidates, why).toContain(final?.v);
            }
            expect(
              (await fsp.readdir(dir)).filter((f) => f.startsWith('.')),
              why,
            ).toEqual([]);
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        }),
        fcParams(40),
      );
    });
  });
});
