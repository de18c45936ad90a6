import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
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
    expect(paramsOf(router.match('GET', '/files/a/b/c.txt'))).toEqual({ path: 'a/b/c.txt' });
  });

  it('lets a wildcard match an empty remainder after its slash, but not a missing slash', () => {
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(paramsOf(router.match('GET', '/files/'))).toEqual({ path: '' });
    expect(router.match('GET', '/files').status).toBe(404);
  });

  it('decodes the remainder exactly once', () => {
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(paramsOf(router.match('GET', '/files/a%20b/%2541'))).toEqual({ path: 'a b/%41' });
  });

  it('keeps empty segments inside the remainder', () => {
    const router = new Router<string>().add('GET', '/files/*path', 'files');
    expect(paramsOf(router.match('GET', '/files/a//b/'))).toEqual({ path: 'a//b/' });
  });

  it('prefers a static segment to a parameter, in either order of registration', () => {
    for (const router of bothOrders([
      ['/users/:id', 'show'],
      ['/users/me', 'me'],
    ])) {
      expect(found(router.match('GET', '/users/me')).handler).toBe('me');
      expect(found(router.match('GET', '/users/you')).handler).toBe('show');
    }
  });

  it('prefers a parameter to a wildcard, in either order of registration', () => {
    for (const router of bothOrders([
      ['/files/*path', 'tree'],
      ['/files/:name', 'one'],
    ])) {
      expect(found(router.match('GET', '/files/x')).handler).toBe('one');
      expect(found(router.match('GET', '/files/x/y')).handler).toBe('tree');
    }
  });

  it('decides precedence segment by segment, from the left, not by counting static segments', () => {
    for (const router of bothOrders([
      ['/:a/b/c', 'late'],
      ['/x/:b/:c', 'early'],
    ])) {
      expect(found(router.match('GET', '/x/b/c')).handler).toBe('early');
    }
  });

  it('backtracks from a static branch that fails further down to a parameter', () => {
    for (const router of bothOrders([
      ['/a/b/c', 'static'],
      ['/a/:x/d', 'param'],
    ])) {
      const result = found(router.match('GET', '/a/b/d'));
      expect(result.handler).toBe('param');
      expect({ ...result.params }).toEqual({ x: 'b' });
      expect(router.match('GET', '/a/b/e').status).toBe(404);
    }
  });

  it('backtracks two levels deep', () => {
    for (const router of bothOrders([
      ['/a/b/c/d', 'static'],
      ['/a/:x/c/e', 'param'],
    ])) {
      expect(paramsOf(router.match('GET', '/a/b/c/e'))).toEqual({ x: 'b' });
    }
  });

  it('backtracks from a parameter branch to a wildcard', () => {
    for (const router of bothOrders([
      ['/a/:x/c', 'param'],
      ['/a/*rest', 'wild'],
    ])) {
      const result = found(router.match('GET', '/a/b/d'));
      expect(result.handler).toBe('wild');
      expect({ ...result.params }).toEqual({ rest: 'b/d' });
    }
  });

  it('forgets the values captured on a branch it backtracked out of', () => {
    for (const router of bothOrders([
      ['/:lang/docs/:page', 'doc'],
      ['/:lang/*rest', 'any'],
    ])) {
      const result = found(router.match('GET', '/en/docs/intro/more'));
      expect(result.handler).toBe('any');
      expect({ ...result.params }).toEqual({ lang: 'en', rest: 'docs/intro/more' });
    }
  });

  it('prefers a segment with literal text to a bare parameter ("/:name.json" over "/:id")', () => {
    for (const router of bothOrders([
      ['/data/:id', 'id'],
      ['/data/:name.json', 'json'],
    ])) {
      expect(paramsOf(router.match('GET', '/data/report.json'))).toEqual({ name: 'report' });
      expect(paramsOf(router.match('GET', '/data/report'))).toEqual({ id: 'report' });
      expect(paramsOf(router.match('GET', '/data/a.jsonl'))).toEqual({ id: 'a.jsonl' });
    }
  });

  it('orders two segments of equal specificity by their text, names removed (":-:" before ":.:")', () => {
    for (const router of bothOrders([
      ['/t/:x.:y', 'dot'],
      ['/t/:a-:b', 'dash'],
    ])) {
      expect(paramsOf(router.match('GET', '/t/x-y.z'))).toEqual({ a: 'x', b: 'y.z' });
      expect(paramsOf(router.match('GET', '/t/x.y-z'))).toEqual({ a: 'x.y', b: 'z' });
    }
  });

  it('falls back from a segment with literal text to a bare parameter when its subtree fails', () => {
    for (const router of bothOrders([
      ['/:name.json/meta', 'meta'],
      ['/:id/raw', 'raw'],
    ])) {
      expect(paramsOf(router.match('GET', '/x.json/raw'))).toEqual({ id: 'x.json' });
    }
  });

  it('lets a root wildcard catch what nothing else matches, and nothing more', () => {
    for (const router of bothOrders([
      ['/*all', 'fallback'],
      ['/api/:v/users', 'users'],
      ['/', 'home'],
    ])) {
      expect(found(router.match('GET', '/')).handler).toBe('home');
      expect(found(router.match('GET', '/api/1/users')).handler).toBe('users');
      expect(paramsOf(router.match('GET', '/api/1/posts'))).toEqual({ all: 'api/1/posts' });
    }
  });

  it('prefers a static route below a wildcard prefix', () => {
    for (const router of bothOrders([
      ['/static/*path', 'files'],
      ['/static/special', 'special'],
    ])) {
      expect(found(router.match('GET', '/static/special')).handler).toBe('special');
      expect(found(router.match('GET', '/static/special/x')).handler).toBe('files');
    }
  });

  it('rejects a wildcard that is not the whole last segment, or has no name', () => {
    const router = new Router<string>();
    for (const pattern of ['/a/*rest/b', '/a*', '/*', '/a/*rest/', '/a/x*y', '/*1']) {
      expect(() => router.add('GET', pattern, 'x'), pattern).toThrow(
        expect.objectContaining({ code: 'ERR_ROUTER_INVALID_PATTERN' }),
      );
    }
  });
});
