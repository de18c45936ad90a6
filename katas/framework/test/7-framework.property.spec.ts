import { codeOf, hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp, FrameworkError } from '../src/index.ts';
import { createTodoApi } from '../src/todos.ts';
import { links, useApp } from './helpers.ts';

const start = useApp();
const noSurrogates = (s: string): boolean => !/[\ud800-\udfff]/.test(s);
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter(noSurrogates);

describe('7. Properties', () => {
  it('reads back every query pair WHATWG URLSearchParams encodes, in order', async () => {
    const running = await start(createApp().get('/q', (req, res) => res.json(req.query.pairs())));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { maxLength: 6 }), async (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const res = await running.get(`/q?${query}`);
        expect(res.json, hint(2, `query ${query}: parseQuery must invert form encoding`)).toEqual(
          pairs,
        );
      }),
      fcParams(60),
    );
  });

  it('reads any request field under any casing of its name', async () => {
    const running = await start(
      createApp().get('/h', (req, res) => {
        const name = req.query.get('name') ?? '';
        res.json([req.header(name.toLowerCase()) ?? null, req.header(name.toUpperCase()) ?? null]);
      }),
    );
    const tokenChar = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'.split(''),
    );
    const name = fc
      .string({ unit: tokenChar, minLength: 1, maxLength: 12 })
      .map((s) => `X-${s}`)
      .filter((s) => !/^x-(forwarded|real)/i.test(s) && !s.endsWith('-'));
    const value = fc
      .string({ unit: fc.constantFrom(...'ab c;=,/%é'.split('')), minLength: 1, maxLength: 16 })
      .map((s) => s.trim())
      .filter((s) => s !== '');
    await fc.assert(
      fc.asyncProperty(name, value, async (n, v) => {
        const res = await running.call(`/h?name=${encodeURIComponent(n)}`, { headers: [[n, v]] });
        expect(res.json, hint(2, `field ${n}: case-insensitive`)).toEqual([v, v]);
      }),
      fcParams(60),
    );
  });

  it('echoes any JSON body unchanged through req.json() and res.json()', async () => {
    const running = await start(
      createApp().post('/echo', async (req, res) => res.json(await req.json())),
    );
    const json = fc
      .jsonValue({ maxDepth: 3 })
      .filter((v) => !/"(__proto__|constructor)":/.test(JSON.stringify(v)));
    await fc.assert(
      fc.asyncProperty(json, async (value) => {
        const body = JSON.stringify(value);
        const res = await running.send('POST', '/echo', body);
        expect(res.status, hint(2, 'a JSON body is read')).toBe(200);
        expect(res.json, hint(3, 'JSON in, the same JSON out')).toEqual(JSON.parse(body));
      }),
      fcParams(60),
    );
  });

  it('accepts a field value exactly when it has no control but HTAB and nothing above U+00FF', async () => {
    const unit = fc.oneof(
      fc.constantFrom(
        'a',
        ' ',
        '\t',
        'é',
        'ÿ',
        '~',
        '\r',
        '\n',
        '\0',
        '\x7f',
        '\x01',
        'Ā',
        'č',
        '€',
        '😀',
      ),
      fc.string({ maxLength: 1 }),
    );
    const value = fc.string({ unit, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 20 }), async (values) => {
        const app = createApp().get('/v', (_req, res) => {
          const out = values.map((v) => {
            const code = codeOf(() => res.setHeader('X-V', v), FrameworkError);
            return code === 'accepted' ? res.getHeader('x-v') === v : code;
          });
          res.json(out);
        });
        const res = await (await start(app)).get('/v');
        const expected = values.map((v) =>
          /[\0-\x08\x0a-\x1f\x7f]/.test(v) || [...v].some((c) => (c.codePointAt(0) ?? 0) > 0xff)
            ? 'ERR_FRAMEWORK_HEADER_VALUE'
            : true,
        );
        expect(
          res.json,
          hint(6, 'refuse CR, LF, NUL, other controls and > U+00FF; keep the rest'),
        ).toEqual(expected);
      }),
      fcParams(40),
    );
  });

  it('never redirects a browser off the site or the allow-list (WHATWG URL as the browser)', async () => {
    const piece = fc.constantFrom(
      '/',
      '/',
      '\\',
      ':',
      'evil.example',
      'http',
      's',
      '\t',
      '\n',
      ' ',
      '@',
      '.',
      'a',
      '?',
      '#',
      '%2F',
      '%5C',
      'https://allowed.example',
      '//',
      'javascript',
      '\0',
      'é',
    );
    const target = fc.array(piece, { minLength: 1, maxLength: 7 }).map((p) => p.join(''));
    const SITE = 'https://site.example';
    const ALLOWED = 'https://allowed.example';
    let current = '/';
    const app = createApp({ redirectOrigins: [ALLOWED] }).get('/r', (_req, res) => {
      const code = codeOf(() => res.redirect(current), FrameworkError);
      if (code !== 'accepted') res.json({ refused: code });
    });
    const running = await start(app);
    await fc.assert(
      fc.asyncProperty(fc.array(target, { minLength: 1, maxLength: 20 }), async (targets) => {
        for (const t of targets) {
          current = t;
          const res = await running.get('/r');
          if (res.status === 200) {
            expect(res.json, hint(6, 'a refusal is ERR_FRAMEWORK_OPEN_REDIRECT')).toEqual({
              refused: 'ERR_FRAMEWORK_OPEN_REDIRECT',
            });
            continue;
          }
          const location = res.headers.location ?? '';
          const landed = new URL(location, `${SITE}/base/page`).origin;
          expect(
            [SITE, ALLOWED],
            hint(6, `redirect(${JSON.stringify(t)}) → ${location} leaves the site`),
          ).toContain(landed);
        }
      }),
      fcParams(25),
    );
  });

  it('visits every matching to-do exactly once by following rel="next", and rel="prev" goes back', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { maxLength: 14 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(undefined, 'true', 'false'),
        async (dones, limit, done) => {
          const running = await start(createTodoApi());
          for (const [i, d] of dones.entries()) {
            await running.send('POST', '/todos', { title: `t${i + 1}`, done: d });
          }
          const expected = dones
            .map((d, i) => ({ id: String(i + 1), d }))
            .filter(({ d }) => done === undefined || String(d) === done)
            .map(({ id }) => id);
          let target: string | undefined =
            `/todos?${done === undefined ? '' : `done=${done}&`}limit=${limit}`;
          const seen: string[] = [];
          const pages: string[] = [];
          for (let guard = 0; target !== undefined && guard < 20; guard++) {
            const res = await running.get(target);
            expect(res.status, hint(5, `GET ${target}`)).toBe(200);
            pages.push(target);
            const page = (res.json as Array<{ id: string }>).map((t) => t.id);
            if (expected.length > 0) {
              expect(
                page.length,
                hint(5, `${target}: a linked page is never empty`),
              ).toBeGreaterThan(0);
            }
            seen.push(...page);
            const l = links(res.headers.link);
            if (l.prev !== undefined && pages.length > 1) {
              const back = await running.get(l.prev);
              const before = await running.get(pages[pages.length - 2] ?? '');
              expect(back.json, hint(5, 'rel="prev" is the page before')).toEqual(before.json);
            }
            target = l.next;
          }
          expect(seen, hint(5, 'every matching to-do once, in creation order')).toEqual(expected);
        },
      ),
      fcParams(25),
    );
  }, 60_000);
});
