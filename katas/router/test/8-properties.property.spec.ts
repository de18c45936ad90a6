import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import FindMyWay from 'find-my-way';
import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
import { outcome, patternArb, type SegmentKind, valueArb } from './property-support.ts';

const ORDER = hint(
  8,
  'some sort of children falls back to insertion order: print the sorted children where the two answers differ',
);
const PEER = hint(
  8,
  'add the counterexample route table and path to a spec and step through both routers',
);

describe('8. Properties', () => {
  it('matches url(name, params) back to that route with those params', () => {
    const why = hint(
      8,
      'url must encode exactly what match decodes; replay the counterexample as a spec',
    );
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
          expect(result.route.name, why).toBe('target');
          expect({ ...result.params }, why).toEqual(params);
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
            expect(outcome(two.match(method, path)), `${method} ${path}; ${ORDER}`).toEqual(
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
              expect(mine.status, `${path}; ${PEER}`).toBe(404);
              continue;
            }
            const store = theirs.store as { pattern: string };
            const expected = Object.fromEntries(
              Object.entries(theirs.params).map(([k, v]) => [
                k === '*' ? (/\*(p\d+)$/.exec(store.pattern)?.[1] ?? k) : k,
                v,
              ]),
            );
            expect(outcome(mine), `${path}; ${PEER}`).toMatchObject({
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
