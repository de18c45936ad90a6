import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

/** Adds the same routes in both orders: precedence must not depend on which came first. */
function bothOrders(routes: Array<[string, string]>): Router<string>[] {
  const build = (list: Array<[string, string]>) => {
    const router = new Router<string>();
    for (const [pattern, handler] of list) router.add('GET', pattern, handler);
    return router;
  };
  return [build(routes), build([...routes].reverse())];
}

describe('4. Wildcards and precedence with backtracking', () => {
  it('captures the remainder of the path, slashes included, with "*rest"', () => {
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(
      paramsOf(router.match('GET', '/files/a/b/c.txt')),
      hint(4, 'a "*rest" wildcard takes everything after its slash, joined back with "/"'),
    ).toEqual({
      path: 'a/b/c.txt',
    });
  });

  it('lets a wildcard match an empty remainder after its slash, but not a missing slash', () => {
    const why = hint(4, '"/files/*rest" matches "/files/" (rest is "") but not "/files"');
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(paramsOf(router.match('GET', '/files/')), why).toEqual({ path: '' });
    expect(router.match('GET', '/files').status, why).toBe(404);
  });

  it('decodes the remainder exactly once', () => {
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(
      paramsOf(router.match('GET', '/files/a%20b/%2541')),
      hint(4, 'decode the remainder once, after taking it'),
    ).toEqual({
      path: 'a b/%41',
    });
  });

  it('keeps empty segments inside the remainder', () => {
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(
      paramsOf(router.match('GET', '/files/a//b/')),
      hint(4, 'take the remainder as written: "a//b" stays "a//b"'),
    ).toEqual({ path: 'a//b/' });
  });

  it('prefers a static segment to a parameter, in either order of registration', () => {
    const why = hint(
      4,
      'search static children first, then parameters, then wildcards, whatever the order of add',
    );
    for (const router of bothOrders([
      ['/users/:id', 'show'],
      ['/users/me', 'me'],
    ])) {
      expect(found(router.match('GET', '/users/me')).handler, why).toBe('me');
      expect(found(router.match('GET', '/users/you')).handler, why).toBe('show');
    }
  });

  it('prefers a parameter to a wildcard, in either order of registration', () => {
    const why = hint(4, 'parameters before wildcards at each node');
    for (const router of bothOrders([
      ['/files/*path', 'tree'],
      ['/files/:name', 'one'],
    ])) {
      expect(found(router.match('GET', '/files/x')).handler, why).toBe('one');
      expect(found(router.match('GET', '/files/x/y')).handler, why).toBe('tree');
    }
  });

  it('decides precedence segment by segment, from the left, not by counting static segments', () => {
    for (const router of bothOrders([
      ['/:a/b/c', 'late'],
      ['/x/:b/:c', 'early'],
    ])) {
      expect(
        found(router.match('GET', '/x/b/c')).handler,
        hint(
          4,
          'precedence is depth-first, one segment at a time from the left: the first segment decides',
        ),
      ).toBe('early');
    }
  });

  it('backtracks from a static branch that fails further down to a parameter', () => {
    const why = hint(4, 'if a static child finds no route below, try the parameter children next');
    for (const router of bothOrders([
      ['/a/b/c', 'static'],
      ['/a/:x/d', 'param'],
    ])) {
      const result = found(router.match('GET', '/a/b/d'));
      expect(result.handler, why).toBe('param');
      expect({ ...result.params }, why).toEqual({ x: 'b' });
      expect(router.match('GET', '/a/b/e').status, why).toBe(404);
    }
  });

  it('backtracks two levels deep', () => {
    for (const router of bothOrders([
      ['/a/b/c/d', 'static'],
      ['/a/:x/c/e', 'param'],
    ])) {
      expect(
        paramsOf(router.match('GET', '/a/b/c/e')),
        hint(
          4,
          'backtracking is recursive: every level tries its next child when a deeper one fails',
        ),
      ).toEqual({ x: 'b' });
    }
  });

  it('backtracks from a parameter branch to a wildcard', () => {
    const why = hint(4, 'when every parameter child fails, the wildcard still gets its turn');
    for (const router of bothOrders([
      ['/a/:x/c', 'param'],
      ['/a/*rest', 'wild'],
    ])) {
      const result = found(router.match('GET', '/a/b/d'));
      expect(result.handler, why).toBe('wild');
      expect({ ...result.params }, why).toEqual({ rest: 'b/d' });
    }
  });

  it('forgets the values captured on a branch it backtracked out of', () => {
    const why = hint(
      4,
      'remember values.length before a child and truncate back to it when the child fails',
    );
    for (const router of bothOrders([
      ['/:lang/docs/:page', 'doc'],
      ['/:lang/*rest', 'any'],
    ])) {
      const result = found(router.match('GET', '/en/docs/intro/more'));
      expect(result.handler, why).toBe('any');
      expect({ ...result.params }, why).toEqual({ lang: 'en', rest: 'docs/intro/more' });
    }
  });

  it('prefers a segment with literal text to a bare parameter ("/:name.json" over "/:id")', () => {
    const why = hint(4, 'sort parameter children: more literal text first, a bare ":id" last');
    for (const router of bothOrders([
      ['/data/:id', 'id'],
      ['/data/:name.json', 'json'],
    ])) {
      expect(paramsOf(router.match('GET', '/data/report.json')), why).toEqual({
        name: 'report',
      });
      expect(paramsOf(router.match('GET', '/data/report')), why).toEqual({ id: 'report' });
      expect(paramsOf(router.match('GET', '/data/a.jsonl')), why).toEqual({ id: 'a.jsonl' });
    }
  });

  it('orders two segments of equal specificity by their text, names removed (":-:" before ":.:")', () => {
    const why = hint(
      4,
      'sort by a rule over the pattern text with names removed, never by insertion order',
    );
    for (const router of bothOrders([
      ['/t/:x.:y', 'dot'],
      ['/t/:a-:b', 'dash'],
    ])) {
      expect(paramsOf(router.match('GET', '/t/x-y.z')), why).toEqual({ a: 'x', b: 'y.z' });
      expect(paramsOf(router.match('GET', '/t/x.y-z')), why).toEqual({ a: 'x.y', b: 'z' });
    }
  });

  it('falls back from a segment with literal text to a bare parameter when its subtree fails', () => {
    for (const router of bothOrders([
      ['/:name.json/meta', 'meta'],
      ['/:id/raw', 'raw'],
    ])) {
      expect(
        paramsOf(router.match('GET', '/x.json/raw')),
        hint(4, 'a literal-text parameter child that fails below gives way to the bare parameter'),
      ).toEqual({ id: 'x.json' });
    }
  });

  it('lets a root wildcard catch what nothing else matches, and nothing more', () => {
    const why = hint(
      4,
      '"/*all" is the last resort at the root: tried after every static and parameter branch',
    );
    for (const router of bothOrders([
      ['/*all', 'fallback'],
      ['/api/:v/users', 'users'],
      ['/', 'home'],
    ])) {
      expect(found(router.match('GET', '/')).handler, why).toBe('home');
      expect(found(router.match('GET', '/api/1/users')).handler, why).toBe('users');
      expect(paramsOf(router.match('GET', '/api/1/posts')), why).toEqual({
        all: 'api/1/posts',
      });
    }
  });

  it('prefers a static route below a wildcard prefix', () => {
    const why = hint(
      4,
      'a wildcard is tried only after the static and parameter children of its node',
    );
    for (const router of bothOrders([
      ['/static/*path', 'files'],
      ['/static/special', 'special'],
    ])) {
      expect(found(router.match('GET', '/static/special')).handler, why).toBe('special');
      expect(found(router.match('GET', '/static/special/x')).handler, why).toBe('files');
    }
  });

  it('rejects a wildcard that is not the whole last segment, or has no name', () => {
    const router = new Router<string>();
    for (const pattern of ['/a/*rest/b', '/a*', '/*', '/a/*rest/', '/a/x*y', '/*1']) {
      expectCode(
        () => router.add('GET', pattern, 'x'),
        RouterError,
        'ERR_ROUTER_INVALID_PATTERN',
        pattern,
      );
    }
  });
});
