import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import FindMyWay from 'find-my-way';
import { describe, expect, it } from 'vitest';
import { type MatchResult, Router } from '../src/index.ts';

/** A result without `steps`: what two routers must agree on. */
function outcome(result: MatchResult<string>): Record<string, unknown> {
  const { steps: _steps, ...rest } = result;
  if ('params' in rest) return { ...rest, params: { ...rest.params } };
  return rest;
}

// ---- generators -------------------------------------------------------------------------

/** One segment of a pattern; `k` numbers its parameters so equal shapes get equal names. */
type SegmentKind = 'static' | 'param' | 'template' | 'wildcard';

const patternArb = (kinds: SegmentKind[], statics: string[]) =>
  fc
    .array(
      fc.record({
        kind: fc.constantFrom(...kinds.filter((k) => k !== 'wildcard')),
        text: fc.constantFrom(...statics),
        sep: fc.constantFrom('-', '.', '~'),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .chain((segments) =>
      fc.record({
        segments: fc.constant(segments),
        wildcard: kinds.includes('wildcard') ? fc.boolean() : fc.constant(false),
      }),
    )
    .map(({ segments, wildcard }) => {
      let k = 0;
      const parts = segments.map((s) => {
        if (s.kind === 'static') return s.text;
        if (s.kind === 'param') return `:p${k++}`;
        const text = `:p${k}${s.sep}:p${k + 1}`;
        k += 2;
        return text;
      });
      if (wildcard) parts.push(`*p${k}`);
      return `/${parts.join('/')}`;
    });

/** Values with any unicode, and the characters that break naive encoders. */
const valueArb = (minLength: number) =>
  fc.string({
    unit: fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
      fc.constantFrom('/', '%', '-', '.', '~', ' ', '?', '#', '+', '%2F', '..'),
    ),
    minLength,
    maxLength: 8,
  });

/** Every UTF-8 byte of a character as %XX: a legal spelling a client may use for any character. */
function encodeFully(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((b) => `%${b.toString(16).padStart(2, '0')}`)
    .join('');
}

describe('3. Parameters and decoding', () => {
  it('decodes any spelling of any value exactly once', () => {
    const router = new Router<string>().add('GET', '/x/:v', 'v');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(valueArb(1), fc.boolean()), { minLength: 1, maxLength: 4 }),
        (pieces) => {
          const value = pieces.map(([p]) => p).join('');
          const path = `/x/${pieces.map(([p, full]) => (full ? encodeFully(p) : encodeURIComponent(p))).join('')}`;
          const result = router.match('GET', path);
          expect(result.status).toBe(200);
          expect('params' in result && result.params['v']).toBe(value);
        },
      ),
      fcParams(200),
    );
  });
});

describe('2. Methods: 405 with Allow, HEAD and OPTIONS', () => {
  it('answers any other method with 405 and Allow = sorted methods, HEAD with GET, OPTIONS', () => {
    const methods = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT'];
    fc.assert(
      fc.property(fc.subarray(methods, { minLength: 1 }), (chosen) => {
        const router = new Router<string>().add(chosen, '/r/:id', 'r');
        const expected = new Set([...chosen, 'OPTIONS']);
        if (chosen.includes('GET')) expected.add('HEAD');
        const allow = [...expected].sort();
        expect(outcome(router.match('BREW', '/r/1'))).toEqual({ status: 405, allow });
        expect(outcome(router.match('OPTIONS', '/r/1'))).toEqual({ status: 204, allow });
      }),
      fcParams(50),
    );
  });
});

describe('8. Properties', () => {
  it('matches url(name, params) back to that route with those params', () => {
    const kinds: SegmentKind[] = ['static', 'param', 'template', 'wildcard'];
    fc.assert(
      fc.property(
        patternArb(kinds, ['s', 'users', 'café', 'a b']),
        fc.array(valueArb(1), { minLength: 12, maxLength: 12 }),
        valueArb(0),
        (pattern, values, last) => {
          const router = new Router<string>()
            .add('GET', pattern, 'target', { name: 'target' })
            .add('GET', '/s/other', 'noise');
          const names = [...pattern.matchAll(/[:*](p\d+)/g)].map((m) => m[1]!);
          const params = Object.fromEntries(
            names.map((n, i) => [n, pattern.includes(`*${n}`) ? last : values[i]!]),
          );
          const path = router.url('target', params);
          const result = router.match('GET', path);
          expect(result.status, `${pattern} ${path}`).toBe(200);
          if (result.status !== 200) return;
          expect(result.route.name).toBe('target');
          expect({ ...result.params }).toEqual(params);
        },
      ),
      fcParams(300),
    );
  });

  it('gives the same answers whatever order the routes were added in', () => {
    const kinds: SegmentKind[] = ['static', 'param', 'template', 'wildcard'];
    const route = fc.record({
      method: fc.constantFrom('GET', 'POST'),
      pattern: fc.oneof(patternArb(kinds, ['a', 'b', 'a-b']), fc.constantFrom('/', '/a/', '/a/b/')),
      digits: fc.boolean(),
    });
    const pathArb = fc
      .array(
        fc.constantFrom('a', 'b', 'a-b', 'x.y', '1', '1-2', 'a~b', '', 'a-b.c', 'x.y-z', 'A'),
        {
          minLength: 1,
          maxLength: 5,
        },
      )
      .map((s) => `/${s.join('/')}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(route, {
          minLength: 1,
          maxLength: 12,
          selector: (r) => `${r.method} ${r.pattern} ${r.digits}`,
        }),
        fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
        fc.constantFrom('strict', 'ignore', 'redirect') as fc.Arbitrary<
          'strict' | 'ignore' | 'redirect'
        >,
        fc.array(fc.tuple(fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'OPTIONS'), pathArb), {
          minLength: 1,
          maxLength: 10,
        }),
        (routes, keys, trailingSlash, requests) => {
          const shuffled = routes
            .map((r, i) => ({ r, key: keys[i]! }))
            .sort((x, y) => x.key - y.key)
            .map(({ r }) => r);
          const build = (list: typeof routes) => {
            const router = new Router<string>({ trailingSlash });
            for (const r of list) {
              const constraints: Record<string, RegExp> = r.digits ? { p0: /\d+/ } : {};
              if (r.digits && !r.pattern.includes(':p0')) continue;
              router.add(r.method, r.pattern, `${r.method} ${r.pattern} ${r.digits}`, {
                constraints,
              });
            }
            return router;
          };
          const one = build(routes);
          const two = build(shuffled);
          for (const [method, path] of requests) {
            expect(outcome(two.match(method, path)), `${method} ${path}`).toEqual(
              outcome(one.match(method, path)),
            );
          }
        },
      ),
      fcParams(300),
    );
  });

  it('agrees with find-my-way on static, ":param" and "*" routes', () => {
    const route = patternArb(['static', 'param', 'wildcard'], ['a', 'b', 'c']);
    const pathArb = fc
      .array(fc.constantFrom('a', 'b', 'c', 'd', 'ab'), { minLength: 1, maxLength: 5 })
      .map((s) => `/${s.join('/')}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(route, { minLength: 1, maxLength: 15 }),
        fc.array(pathArb, { minLength: 1, maxLength: 15 }),
        (patterns, paths) => {
          const ours = new Router<string>();
          const peer = FindMyWay();
          for (const pattern of patterns) {
            ours.add('GET', pattern, pattern);
            peer.on('GET', pattern.replace(/\*p\d+$/, '*'), () => {}, { pattern });
          }
          for (const path of paths) {
            const theirs = peer.find('GET', path);
            const mine = ours.match('GET', path);
            if (theirs === null) {
              expect(mine.status, path).toBe(404);
              continue;
            }
            const store = theirs.store as { pattern: string };
            const expected = Object.fromEntries(
              Object.entries(theirs.params).map(([k, v]) => [
                k === '*' ? (/\*(p\d+)$/.exec(store.pattern)?.[1] ?? k) : k,
                v,
              ]),
            );
            expect(outcome(mine), path).toMatchObject({
              status: 200,
              handler: store.pattern,
              params: expected,
            });
          }
        },
      ),
      fcParams(300),
    );
  });
});

describe('9. Security', () => {
  it('takes at most 3 steps per character plus a constant on adversarial paths', () => {
    const router = new Router<string>()
      .add('GET', '/:a-:b', 'ab')
      .add('GET', '/:a-:b-:c/x', 'abc')
      .add('GET', '/:a.:b-:c.:d/:e', 'abcde')
      .add('GET', '/:a-:b-/*rest', 'rest')
      .add('GET', '/x/:a/:b/y', 'xaby');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '-', '.', '/', '%41', 'x'), maxLength: 3000 }),
        (tail) => {
          const path = `/${tail}`;
          expect(router.match('GET', path).steps).toBeLessThanOrEqual(3 * path.length + 100);
        },
      ),
      fcParams(200),
    );
  });
});
