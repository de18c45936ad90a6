import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type AddOptions, Router, RouterError } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

const DIGITS = /\d+/;

type Route = [pattern: string, handler: string, options: AddOptions];

describe('5. Constraints and conflicts', () => {
  it('matches a parameter only when its RegExp constraint matches', () => {
    const why = hint(5, 'test the decoded value against the constraint before taking the branch');
    const router = new Router<string>().add('GET', '/users/:id', 'show', {
      constraints: { id: DIGITS },
    });
    expect(paramsOf(router.match('GET', '/users/42')), why).toEqual({ id: '42' });
    expect(router.match('GET', '/users/bob').status, why).toBe(404);
  });

  it('requires the RegExp to match the whole value, not a part of it', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show', {
      constraints: { id: DIGITS },
    });
    for (const path of ['/users/4a', '/users/a4', '/users/4%0A']) {
      expect(router.match('GET', path).status, path).toBe(404);
    }
  });

  it('anchors an alternation as a whole ("a|b" does not accept "ax")', () => {
    const why = hint(5, 'wrap the source in (?:…) before anchoring, or "a|b" becomes "^a|b$"');
    const router = new Router<string>().add('GET', '/t/:v', 'v', { constraints: { v: /a|b/ } });
    expect(found(router.match('GET', '/t/b')).handler, why).toBe('v');
    expect(router.match('GET', '/t/ax').status, why).toBe(404);
    expect(router.match('GET', '/t/xb').status, why).toBe(404);
  });

  it('keeps the flags of the RegExp (i)', () => {
    const router = new Router<string>().add('GET', '/c/:hex', 'c', {
      constraints: { hex: /[a-f]+/i },
    });
    expect(
      paramsOf(router.match('GET', '/c/BEEF')),
      hint(5, 'copy re.flags into the compiled RegExp'),
    ).toEqual({ hex: 'BEEF' });
  });

  it('answers the same every time for a RegExp with the g or y flag (no lastIndex carried over)', () => {
    const why = hint(
      5,
      'drop g and y when you compile: they carry lastIndex from one test to the next',
    );
    const router = new Router<string>()
      .add('GET', '/g/:id', 'g', { constraints: { id: /\d+/g } })
      .add('GET', '/y/:id', 'y', { constraints: { id: /\d+/y } });
    for (let i = 0; i < 4; i++) {
      expect(router.match('GET', '/g/12').status, why).toBe(200);
      expect(router.match('GET', '/y/12').status, why).toBe(200);
    }
  });

  it('accepts a predicate function as a constraint', () => {
    const why = hint(5, 'a constraint is a RegExp or a (value) => boolean');
    const even = (v: string) => Number(v) % 2 === 0;
    const router = new Router<string>().add('GET', '/n/:n', 'even', { constraints: { n: even } });
    expect(router.match('GET', '/n/4').status, why).toBe(200);
    expect(router.match('GET', '/n/3').status, why).toBe(404);
  });

  it('hands the constraint the decoded value', () => {
    const why = hint(5, 'decode first, then call the constraint');
    const seen: string[] = [];
    const router = new Router<string>().add('GET', '/tag/:t', 't', {
      constraints: {
        t: (v) => {
          seen.push(v);
          return v === 'a b';
        },
      },
    });
    expect(router.match('GET', '/tag/a%20b').status, why).toBe(200);
    expect(seen, why).toEqual(['a b']);
  });

  it('tries the constrained route before the unconstrained one, in either order', () => {
    const why = hint(5, 'a constrained parameter sorts before a plain one at the same node');
    const routes: Array<[string, string, RegExp | undefined]> = [
      ['/u/:id', 'byId', DIGITS],
      ['/u/:slug', 'bySlug', undefined],
    ];
    for (const list of [routes, [...routes].reverse()]) {
      const router = new Router<string>();
      for (const [p, h, c] of list) {
        router.add('GET', p, h, c ? { constraints: { id: c } } : {});
      }
      expect(paramsOf(router.match('GET', '/u/42')), why).toEqual({ id: '42' });
      expect(paramsOf(router.match('GET', '/u/bob')), why).toEqual({ slug: 'bob' });
    }
  });

  it('backtracks to a wildcard when a constraint fails', () => {
    const router = new Router<string>()
      .add('GET', '/p/:id/view', 'view', { constraints: { id: DIGITS } })
      .add('GET', '/p/*rest', 'rest');
    expect(
      paramsOf(router.match('GET', '/p/x/view')),
      hint(5, 'a failed constraint is a failed branch: go on to the next child'),
    ).toEqual({ rest: 'x/view' });
  });

  it('constrains each parameter of a segment on its own', () => {
    const why = hint(5, 'check each value of a multi-parameter segment against its own constraint');
    const router = new Router<string>().add('GET', '/f/:from-:to', 'f', {
      constraints: { from: /[A-Z]{3}/, to: /[A-Z]{3}/ },
    });
    expect(paramsOf(router.match('GET', '/f/LHR-JFK')), why).toEqual({
      from: 'LHR',
      to: 'JFK',
    });
    expect(router.match('GET', '/f/LHR-JF').status, why).toBe(404);
    expect(router.match('GET', '/f/lhr-JFK').status, why).toBe(404);
  });

  it('constrains a wildcard with its whole decoded remainder, tried before a plain one', () => {
    const why = hint(
      5,
      "a wildcard's constraint sees the whole decoded remainder; constrained wildcards first",
    );
    const png: Route = ['/img/*file', 'img', { constraints: { file: /.+\.png/ } }];
    const any: Route = ['/img/*other', 'other', {}];
    for (const [a, b] of [
      [png, any],
      [any, png],
    ] as const) {
      const router = new Router<string>().add('GET', ...a).add('GET', ...b);
      expect(paramsOf(router.match('GET', '/img/a/b%20c.png')), why).toEqual({
        file: 'a/b c.png',
      });
      expect(paramsOf(router.match('GET', '/img/a/b.gif')), why).toEqual({
        other: 'a/b.gif',
      });
    }
  });

  it('keeps wildcards with different constraints apart, and orders them by a fixed rule', () => {
    const why = hint(
      5,
      "a constraint is part of a node's identity: different constraints, different nodes, sorted by a fixed rule",
    );
    const gif: Route = ['/img/*file', 'gif', { constraints: { file: /.+\.gif/ } }];
    const png: Route = ['/img/*file', 'png', { constraints: { file: /.+\.png/ } }];
    for (const [a, b] of [
      [gif, png],
      [png, gif],
    ] as const) {
      const router = new Router<string>().add('GET', ...a).add('GET', ...b);
      expect(found(router.match('GET', '/img/x.gif')).handler, why).toBe('gif');
      expect(found(router.match('GET', '/img/x.png')).handler, why).toBe('png');
    }
  });

  it('goes on to the next wildcard when the first has no route for the method', () => {
    const router = new Router<string>()
      .add('POST', '/up/*file', 'upload', { constraints: { file: /.+\.png/ } })
      .add('GET', '/up/*any', 'read');
    expect(
      paramsOf(router.match('GET', '/up/a.png')),
      hint(5, 'a wildcard leaf without this method is a failed branch, not the end of the search'),
    ).toEqual({ any: 'a.png' });
  });

  it('tells constraint functions apart by identity: the same one twice conflicts', () => {
    const why = hint(5, 'two functions are the same constraint only when they are the same object');
    const even = (v: string) => Number(v) % 2 === 0;
    const odd = (v: string) => Number(v) % 2 === 1;
    const router = new Router<string>()
      .add('GET', '/n/:n', 'even', { constraints: { n: even } })
      .add('GET', '/n/:n', 'odd', { constraints: { n: odd } });
    expect(found(router.match('GET', '/n/3')).handler, why).toBe('odd');
    expect(found(router.match('GET', '/n/4')).handler, why).toBe('even');
    expectCode(
      () => router.add('GET', '/n/:n', 'again', { constraints: { n: even } }),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      why,
    );
  });

  it('rejects a constraint on a parameter the pattern does not have', () => {
    expectCode(
      () => new Router<string>().add('GET', '/u/:id', 'x', { constraints: { uid: DIGITS } }),
      RouterError,
      'ERR_ROUTER_INVALID_PATTERN',
      hint(
        5,
        "check every constraint name against the pattern's parameters: ERR_ROUTER_INVALID_PATTERN",
      ),
    );
  });

  it('rejects the same method and pattern twice (ERR_ROUTER_CONFLICT)', () => {
    const why = hint(5, 'a leaf that already has this method is ERR_ROUTER_CONFLICT');
    const router = new Router<string>().add('GET', '/a/:x', 'first');
    expectCode(() => router.add('GET', '/a/:x', 'second'), RouterError, 'ERR_ROUTER_CONFLICT', why);
    expect(found(router.match('GET', '/a/1')).handler, why).toBe('first');
  });

  it('rejects a route whose only difference is the parameter names: it could never match', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'id');
    expectCode(
      () => router.add('GET', '/users/:name', 'name'),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      hint(5, 'key nodes by shape with names removed, so "/:id" and "/:name" reach the same leaf'),
    );
    expect(() => router.add('GET', '/users/*rest', 'rest')).not.toThrow();
  });

  it('rejects two wildcards of the same shape for one method', () => {
    const router = new Router<string>().add('GET', '/f/*a', 'a');
    expectCode(
      () => router.add('GET', '/f/*b', 'b'),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      hint(5, 'two wildcards of one shape meet on one leaf: ERR_ROUTER_CONFLICT'),
    );
  });

  it('rejects one method listed twice in one add', () => {
    expectCode(
      () => new Router<string>().add(['GET', 'GET'], '/a', 'a'),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      hint(5, 'check the method list for duplicates before adding'),
    );
  });

  it('rejects the same pattern with an equal constraint, accepts it with a different one', () => {
    const why = hint(5, 'compare RegExp constraints by source and flags: equal ones conflict');
    const router = new Router<string>().add('GET', '/u/:id', 'digits', {
      constraints: { id: /\d+/ },
    });
    expectCode(
      () => router.add('GET', '/u/:id', 'again', { constraints: { id: /\d+/ } }),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      why,
    );
    router.add('GET', '/u/:id', 'hex', { constraints: { id: /[a-f]+/ } });
    expect(found(router.match('GET', '/u/beef')).handler, why).toBe('hex');
    expect(found(router.match('GET', '/u/12')).handler, why).toBe('digits');
  });

  it('accepts the same pattern for different methods', () => {
    const router = new Router<string>().add('GET', '/a', 'get');
    expect(() => router.add('POST', '/a', 'post')).not.toThrow();
  });

  it('rejects a route name used twice', () => {
    const why = hint(5, 'keep names in a Map; a second route with a name is ERR_ROUTER_CONFLICT');
    const router = new Router<string>().add('GET', '/a', 'a', { name: 'home' });
    expectCode(
      () => router.add('GET', '/b', 'b', { name: 'home' }),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      why,
    );
    expect(router.match('GET', '/b').status, why).toBe(404);
  });

  it('adds nothing when an add fails: [GET, POST] with GET taken leaves POST unrouted', () => {
    const why = hint(5, 'check every method and the name before changing the tree: all or nothing');
    const router = new Router<string>().add('GET', '/a', 'get');
    expectCode(
      () => router.add(['POST', 'GET'], '/a', 'both'),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      why,
    );
    expect(router.match('POST', '/a'), why).toMatchObject({ status: 405 });
  });
});
