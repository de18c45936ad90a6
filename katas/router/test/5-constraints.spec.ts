import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type AddOptions, Router, RouterError } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  5,
  'a constraint is part of the node; same method and same shape is a conflict',
);

const DIGITS = /\d+/;

type Route = [pattern: string, handler: string, options: AddOptions];

describe('5. Constraints and conflicts', () => {
  it('matches a parameter only when its RegExp constraint matches', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show', {
      constraints: { id: DIGITS },
    });
    expect(paramsOf(router.match('GET', '/users/42')), STAGE_HINT).toEqual({ id: '42' });
    expect(router.match('GET', '/users/bob').status, STAGE_HINT).toBe(404);
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
    const router = new Router<string>().add('GET', '/t/:v', 'v', { constraints: { v: /a|b/ } });
    expect(found(router.match('GET', '/t/b')).handler, STAGE_HINT).toBe('v');
    expect(router.match('GET', '/t/ax').status, STAGE_HINT).toBe(404);
    expect(router.match('GET', '/t/xb').status, STAGE_HINT).toBe(404);
  });

  it('keeps the flags of the RegExp (i)', () => {
    const router = new Router<string>().add('GET', '/c/:hex', 'c', {
      constraints: { hex: /[a-f]+/i },
    });
    expect(paramsOf(router.match('GET', '/c/BEEF')), STAGE_HINT).toEqual({ hex: 'BEEF' });
  });

  it('answers the same every time for a RegExp with the g or y flag (no lastIndex carried over)', () => {
    const router = new Router<string>()
      .add('GET', '/g/:id', 'g', { constraints: { id: /\d+/g } })
      .add('GET', '/y/:id', 'y', { constraints: { id: /\d+/y } });
    for (let i = 0; i < 4; i++) {
      expect(router.match('GET', '/g/12').status, STAGE_HINT).toBe(200);
      expect(router.match('GET', '/y/12').status, STAGE_HINT).toBe(200);
    }
  });

  it('accepts a predicate function as a constraint', () => {
    const even = (v: string) => Number(v) % 2 === 0;
    const router = new Router<string>().add('GET', '/n/:n', 'even', { constraints: { n: even } });
    expect(router.match('GET', '/n/4').status, STAGE_HINT).toBe(200);
    expect(router.match('GET', '/n/3').status, STAGE_HINT).toBe(404);
  });

  it('hands the constraint the decoded value', () => {
    const seen: string[] = [];
    const router = new Router<string>().add('GET', '/tag/:t', 't', {
      constraints: {
        t: (v) => {
          seen.push(v);
          return v === 'a b';
        },
      },
    });
    expect(router.match('GET', '/tag/a%20b').status, STAGE_HINT).toBe(200);
    expect(seen, STAGE_HINT).toEqual(['a b']);
  });

  it('tries the constrained route before the unconstrained one, in either order', () => {
    const routes: Array<[string, string, RegExp | undefined]> = [
      ['/u/:id', 'byId', DIGITS],
      ['/u/:slug', 'bySlug', undefined],
    ];
    for (const list of [routes, [...routes].reverse()]) {
      const router = new Router<string>();
      for (const [p, h, c] of list) {
        router.add('GET', p, h, c ? { constraints: { id: c } } : {});
      }
      expect(paramsOf(router.match('GET', '/u/42')), STAGE_HINT).toEqual({ id: '42' });
      expect(paramsOf(router.match('GET', '/u/bob')), STAGE_HINT).toEqual({ slug: 'bob' });
    }
  });

  it('backtracks to a wildcard when a constraint fails', () => {
    const router = new Router<string>()
      .add('GET', '/p/:id/view', 'view', { constraints: { id: DIGITS } })
      .add('GET', '/p/*rest', 'rest');
    expect(paramsOf(router.match('GET', '/p/x/view')), STAGE_HINT).toEqual({ rest: 'x/view' });
  });

  it('constrains each parameter of a segment on its own', () => {
    const router = new Router<string>().add('GET', '/f/:from-:to', 'f', {
      constraints: { from: /[A-Z]{3}/, to: /[A-Z]{3}/ },
    });
    expect(paramsOf(router.match('GET', '/f/LHR-JFK')), STAGE_HINT).toEqual({
      from: 'LHR',
      to: 'JFK',
    });
    expect(router.match('GET', '/f/LHR-JF').status, STAGE_HINT).toBe(404);
    expect(router.match('GET', '/f/lhr-JFK').status, STAGE_HINT).toBe(404);
  });

  it('constrains a wildcard with its whole decoded remainder, tried before a plain one', () => {
    const png: Route = ['/img/*file', 'img', { constraints: { file: /.+\.png/ } }];
    const any: Route = ['/img/*other', 'other', {}];
    for (const [a, b] of [
      [png, any],
      [any, png],
    ] as const) {
      const router = new Router<string>().add('GET', ...a).add('GET', ...b);
      expect(paramsOf(router.match('GET', '/img/a/b%20c.png')), STAGE_HINT).toEqual({
        file: 'a/b c.png',
      });
      expect(paramsOf(router.match('GET', '/img/a/b.gif')), STAGE_HINT).toEqual({
        other: 'a/b.gif',
      });
    }
  });

  it('keeps wildcards with different constraints apart, and orders them by a fixed rule', () => {
    const gif: Route = ['/img/*file', 'gif', { constraints: { file: /.+\.gif/ } }];
    const png: Route = ['/img/*file', 'png', { constraints: { file: /.+\.png/ } }];
    for (const [a, b] of [
      [gif, png],
      [png, gif],
    ] as const) {
      const router = new Router<string>().add('GET', ...a).add('GET', ...b);
      expect(found(router.match('GET', '/img/x.gif')).handler, STAGE_HINT).toBe('gif');
      expect(found(router.match('GET', '/img/x.png')).handler, STAGE_HINT).toBe('png');
    }
  });

  it('goes on to the next wildcard when the first has no route for the method', () => {
    const router = new Router<string>()
      .add('POST', '/up/*file', 'upload', { constraints: { file: /.+\.png/ } })
      .add('GET', '/up/*any', 'read');
    expect(paramsOf(router.match('GET', '/up/a.png')), STAGE_HINT).toEqual({ any: 'a.png' });
  });

  it('tells constraint functions apart by identity: the same one twice conflicts', () => {
    const even = (v: string) => Number(v) % 2 === 0;
    const odd = (v: string) => Number(v) % 2 === 1;
    const router = new Router<string>()
      .add('GET', '/n/:n', 'even', { constraints: { n: even } })
      .add('GET', '/n/:n', 'odd', { constraints: { n: odd } });
    expect(found(router.match('GET', '/n/3')).handler, STAGE_HINT).toBe('odd');
    expect(found(router.match('GET', '/n/4')).handler, STAGE_HINT).toBe('even');
    expectCode(
      () => router.add('GET', '/n/:n', 'again', { constraints: { n: even } }),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      STAGE_HINT,
    );
  });

  it('rejects a constraint on a parameter the pattern does not have', () => {
    expectCode(
      () => new Router<string>().add('GET', '/u/:id', 'x', { constraints: { uid: DIGITS } }),
      RouterError,
      'ERR_ROUTER_INVALID_PATTERN',
      STAGE_HINT,
    );
  });

  it('rejects the same method and pattern twice (ERR_ROUTER_CONFLICT)', () => {
    const router = new Router<string>().add('GET', '/a/:x', 'first');
    expectCode(
      () => router.add('GET', '/a/:x', 'second'),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      STAGE_HINT,
    );
    expect(found(router.match('GET', '/a/1')).handler, STAGE_HINT).toBe('first');
  });

  it('rejects a route whose only difference is the parameter names: it could never match', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'id');
    expectCode(
      () => router.add('GET', '/users/:name', 'name'),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      STAGE_HINT,
    );
    expect(() => router.add('GET', '/users/*rest', 'rest')).not.toThrow();
  });

  it('rejects two wildcards of the same shape for one method', () => {
    const router = new Router<string>().add('GET', '/f/*a', 'a');
    expectCode(
      () => router.add('GET', '/f/*b', 'b'),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      STAGE_HINT,
    );
  });

  it('rejects one method listed twice in one add', () => {
    expectCode(
      () => new Router<string>().add(['GET', 'GET'], '/a', 'a'),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      STAGE_HINT,
    );
  });

  it('rejects the same pattern with an equal constraint, accepts it with a different one', () => {
    const router = new Router<string>().add('GET', '/u/:id', 'digits', {
      constraints: { id: /\d+/ },
    });
    expectCode(
      () => router.add('GET', '/u/:id', 'again', { constraints: { id: /\d+/ } }),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      STAGE_HINT,
    );
    router.add('GET', '/u/:id', 'hex', { constraints: { id: /[a-f]+/ } });
    expect(found(router.match('GET', '/u/beef')).handler, STAGE_HINT).toBe('hex');
    expect(found(router.match('GET', '/u/12')).handler, STAGE_HINT).toBe('digits');
  });

  it('accepts the same pattern for different methods', () => {
    const router = new Router<string>().add('GET', '/a', 'get');
    expect(() => router.add('POST', '/a', 'post')).not.toThrow();
  });

  it('rejects a route name used twice', () => {
    const router = new Router<string>().add('GET', '/a', 'a', { name: 'home' });
    expectCode(
      () => router.add('GET', '/b', 'b', { name: 'home' }),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      STAGE_HINT,
    );
    expect(router.match('GET', '/b').status, STAGE_HINT).toBe(404);
  });

  it('adds nothing when an add fails: [GET, POST] with GET taken leaves POST unrouted', () => {
    const router = new Router<string>().add('GET', '/a', 'get');
    expectCode(
      () => router.add(['POST', 'GET'], '/a', 'both'),
      RouterError,
      'ERR_ROUTER_CONFLICT',
      STAGE_HINT,
    );
    expect(router.match('POST', '/a'), STAGE_HINT).toMatchObject({ status: 405 });
  });
});
