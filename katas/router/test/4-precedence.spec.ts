import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  4,
  'static children, then parameters, then wildcards, depth first, backtracking on a dead end',
);

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
    expect(paramsOf(router.match('GET', '/files/a/b/c.txt')), STAGE_HINT).toEqual({
      path: 'a/b/c.txt',
    });
  });

  it('lets a wildcard match an empty remainder after its slash, but not a missing slash', () => {
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(paramsOf(router.match('GET', '/files/')), STAGE_HINT).toEqual({ path: '' });
    expect(router.match('GET', '/files').status, STAGE_HINT).toBe(404);
  });

  it('decodes the remainder exactly once', () => {
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(paramsOf(router.match('GET', '/files/a%20b/%2541')), STAGE_HINT).toEqual({
      path: 'a b/%41',
    });
  });

  it('keeps empty segments inside the remainder', () => {
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(paramsOf(router.match('GET', '/files/a//b/')), STAGE_HINT).toEqual({ path: 'a//b/' });
  });

  it('prefers a static segment to a parameter, in either order of registration', () => {
    for (const router of bothOrders([
      ['/users/:id', 'show'],
      ['/users/me', 'me'],
    ])) {
      expect(found(router.match('GET', '/users/me')).handler, STAGE_HINT).toBe('me');
      expect(found(router.match('GET', '/users/you')).handler, STAGE_HINT).toBe('show');
    }
  });

  it('prefers a parameter to a wildcard, in either order of registration', () => {
    for (const router of bothOrders([
      ['/files/*path', 'tree'],
      ['/files/:name', 'one'],
    ])) {
      expect(found(router.match('GET', '/files/x')).handler, STAGE_HINT).toBe('one');
      expect(found(router.match('GET', '/files/x/y')).handler, STAGE_HINT).toBe('tree');
    }
  });

  it('decides precedence segment by segment, from the left, not by counting static segments', () => {
    for (const router of bothOrders([
      ['/:a/b/c', 'late'],
      ['/x/:b/:c', 'early'],
    ])) {
      expect(found(router.match('GET', '/x/b/c')).handler, STAGE_HINT).toBe('early');
    }
  });

  it('backtracks from a static branch that fails further down to a parameter', () => {
    for (const router of bothOrders([
      ['/a/b/c', 'static'],
      ['/a/:x/d', 'param'],
    ])) {
      const result = found(router.match('GET', '/a/b/d'));
      expect(result.handler, STAGE_HINT).toBe('param');
      expect({ ...result.params }, STAGE_HINT).toEqual({ x: 'b' });
      expect(router.match('GET', '/a/b/e').status, STAGE_HINT).toBe(404);
    }
  });

  it('backtracks two levels deep', () => {
    for (const router of bothOrders([
      ['/a/b/c/d', 'static'],
      ['/a/:x/c/e', 'param'],
    ])) {
      expect(paramsOf(router.match('GET', '/a/b/c/e')), STAGE_HINT).toEqual({ x: 'b' });
    }
  });

  it('backtracks from a parameter branch to a wildcard', () => {
    for (const router of bothOrders([
      ['/a/:x/c', 'param'],
      ['/a/*rest', 'wild'],
    ])) {
      const result = found(router.match('GET', '/a/b/d'));
      expect(result.handler, STAGE_HINT).toBe('wild');
      expect({ ...result.params }, STAGE_HINT).toEqual({ rest: 'b/d' });
    }
  });

  it('forgets the values captured on a branch it backtracked out of', () => {
    for (const router of bothOrders([
      ['/:lang/docs/:page', 'doc'],
      ['/:lang/*rest', 'any'],
    ])) {
      const result = found(router.match('GET', '/en/docs/intro/more'));
      expect(result.handler, STAGE_HINT).toBe('any');
      expect({ ...result.params }, STAGE_HINT).toEqual({ lang: 'en', rest: 'docs/intro/more' });
    }
  });

  it('prefers a segment with literal text to a bare parameter ("/:name.json" over "/:id")', () => {
    for (const router of bothOrders([
      ['/data/:id', 'id'],
      ['/data/:name.json', 'json'],
    ])) {
      expect(paramsOf(router.match('GET', '/data/report.json')), STAGE_HINT).toEqual({
        name: 'report',
      });
      expect(paramsOf(router.match('GET', '/data/report')), STAGE_HINT).toEqual({ id: 'report' });
      expect(paramsOf(router.match('GET', '/data/a.jsonl')), STAGE_HINT).toEqual({ id: 'a.jsonl' });
    }
  });

  it('orders two segments of equal specificity by their text, names removed (":-:" before ":.:")', () => {
    for (const router of bothOrders([
      ['/t/:x.:y', 'dot'],
      ['/t/:a-:b', 'dash'],
    ])) {
      expect(paramsOf(router.match('GET', '/t/x-y.z')), STAGE_HINT).toEqual({ a: 'x', b: 'y.z' });
      expect(paramsOf(router.match('GET', '/t/x.y-z')), STAGE_HINT).toEqual({ a: 'x.y', b: 'z' });
    }
  });

  it('falls back from a segment with literal text to a bare parameter when its subtree fails', () => {
    for (const router of bothOrders([
      ['/:name.json/meta', 'meta'],
      ['/:id/raw', 'raw'],
    ])) {
      expect(paramsOf(router.match('GET', '/x.json/raw')), STAGE_HINT).toEqual({ id: 'x.json' });
    }
  });

  it('lets a root wildcard catch what nothing else matches, and nothing more', () => {
    for (const router of bothOrders([
      ['/*all', 'fallback'],
      ['/api/:v/users', 'users'],
      ['/', 'home'],
    ])) {
      expect(found(router.match('GET', '/')).handler, STAGE_HINT).toBe('home');
      expect(found(router.match('GET', '/api/1/users')).handler, STAGE_HINT).toBe('users');
      expect(paramsOf(router.match('GET', '/api/1/posts')), STAGE_HINT).toEqual({
        all: 'api/1/posts',
      });
    }
  });

  it('prefers a static route below a wildcard prefix', () => {
    for (const router of bothOrders([
      ['/static/*path', 'files'],
      ['/static/special', 'special'],
    ])) {
      expect(found(router.match('GET', '/static/special')).handler, STAGE_HINT).toBe('special');
      expect(found(router.match('GET', '/static/special/x')).handler, STAGE_HINT).toBe('files');
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
