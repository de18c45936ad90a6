import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { found } from './support.ts';

describe('1. Static routes and 404', () => {
  it('finds a static route and returns its handler, empty params and the route', () => {
    const why = hint(
      1,
      'return { status: 200, handler, params: {}, route: { method, pattern, name } } from a Map of path to method',
    );
    const router = new Router<string>().add('GET', '/users', 'list', { name: 'users' });
    const result = found(router.match('GET', '/users'));
    expect(result.handler, why).toBe('list');
    expect({ ...result.params }, why).toEqual({});
    expect(result.route, why).toEqual({ method: 'GET', pattern: '/users', name: 'users' });
  });

  it('finds the root route "/"', () => {
    const router = new Router<string>().add('GET', '/', 'home').add('GET', '/a', 'a');
    expect(
      found(router.match('GET', '/')).handler,
      hint(1, '"/" is a path like any other: do not strip it to "" before the lookup'),
    ).toBe('home');
  });

  it('answers 404 for a path no route has', () => {
    const why = hint(1, 'a miss in the path Map is { status: 404 }, whatever the method');
    const router = new Router<string>().add('GET', '/users', 'list');
    expect(router.match('GET', '/posts').status, why).toBe(404);
    expect(router.match('GET', '/').status, why).toBe(404);
  });

  it('answers 404 for a prefix or an extension of a registered path', () => {
    const router = new Router<string>().add('GET', '/users/all', 'all');
    for (const path of ['/users', '/users/al', '/users/alll', '/users/all/x', '/use']) {
      expect(router.match('GET', path).status, path).toBe(404);
    }
  });

  it('keeps routes that share a prefix apart (/user, /users, /users/all)', () => {
    const why = hint(1, 'one entry per full path: "/user" and "/users" are different keys');
    const router = new Router<string>()
      .add('GET', '/users/all', 'all')
      .add('GET', '/user', 'one')
      .add('GET', '/users', 'many');
    expect(found(router.match('GET', '/user')).handler, why).toBe('one');
    expect(found(router.match('GET', '/users')).handler, why).toBe('many');
    expect(found(router.match('GET', '/users/all')).handler, why).toBe('all');
  });

  it('matches many segments deep', () => {
    const why = hint(1, 'the key is the whole path, however many segments it has');
    const router = new Router<string>().add('GET', '/a/b/c/d/e/f', 'deep').add('GET', '/a/b', 'ab');
    expect(found(router.match('GET', '/a/b/c/d/e/f')).handler, why).toBe('deep');
    expect(router.match('GET', '/a/b/c/d/e').status, why).toBe(404);
  });

  it('ignores the query string of the request target (RFC 9112 §3.2.1 origin-form)', () => {
    const why = hint(
      1,
      'cut the target at the first "?" before the lookup; the query may hold "/" and "%zz"',
    );
    const router = new Router<string>().add('GET', '/search', 'search');
    expect(found(router.match('GET', '/search?q=a/b&x=%zz')).handler, why).toBe('search');
    expect(found(router.match('GET', '/search?')).handler, why).toBe('search');
  });

  it('ignores a fragment, which a client should never send (RFC 9110 §4.2.5)', () => {
    const why = hint(
      1,
      'cut the target at the first "#" too, whichever of "?" and "#" comes first',
    );
    const router = new Router<string>().add('GET', '/search', 'search');
    expect(found(router.match('GET', '/search#top')).handler, why).toBe('search');
    expect(found(router.match('GET', '/search#a?b')).handler, why).toBe('search');
  });

  it('answers 404 for a target that is not a path', () => {
    const why = hint(
      1,
      'a target that does not start with "/" (empty, relative, absolute-form) is a 404',
    );
    const router = new Router<string>().add('GET', '/users', 'list').add('GET', '/', 'home');
    expect(router.match('GET', 'users').status, why).toBe(404);
    expect(router.match('GET', '').status, why).toBe(404);
    expect(router.match('GET', 'http://example.com/users').status, why).toBe(404);
  });

  it('returns the router from add so calls chain', () => {
    const router = new Router<string>();
    expect(router.add('GET', '/a', 'a'), hint(1, 'end add with `return this`')).toBe(router);
  });

  it('reports a positive whole number of steps on every result', () => {
    const router = new Router<string>().add('GET', '/a', 'a');
    for (const path of ['/a', '/b', '/a/b']) {
      const { steps } = router.match('GET', path);
      expect(Number.isInteger(steps) && steps > 0, `${path}: ${steps}`).toBe(true);
    }
  });

  it('rejects a pattern that does not start with "/" (ERR_ROUTER_INVALID_PATTERN)', () => {
    const why = hint(
      1,
      'validate the pattern in add and throw RouterError ERR_ROUTER_INVALID_PATTERN',
    );
    const router = new Router<string>();
    expectCode(
      () => router.add('GET', 'users', 'x'),
      RouterError,
      'ERR_ROUTER_INVALID_PATTERN',
      why,
    );
    expectCode(() => router.add('GET', '', 'x'), RouterError, 'ERR_ROUTER_INVALID_PATTERN', why);
  });

  it('rejects an empty segment in the middle of a pattern ("/a//b")', () => {
    expectCode(
      () => new Router<string>().add('GET', '/a//b', 'x'),
      RouterError,
      'ERR_ROUTER_INVALID_PATTERN',
      hint(1, 'split the pattern on "/": an empty piece other than a trailing one is invalid'),
    );
  });

  it('rejects a pattern holding "?" or "#": a router never sees them, so it could never match', () => {
    const router = new Router<string>();
    for (const pattern of ['/search?q', '/page#top']) {
      expectCode(
        () => router.add('GET', pattern, 'x'),
        RouterError,
        'ERR_ROUTER_INVALID_PATTERN',
        pattern,
      );
    }
  });

  it('rejects a method that is not an RFC 9110 token (ERR_ROUTER_INVALID_METHOD, §9.1)', () => {
    const router = new Router<string>();
    for (const method of ['', 'GE T', 'GET\r\n', 'GÉT', [], ['GET', 'G T']]) {
      expectCode(
        () => router.add(method, '/a', 'x'),
        RouterError,
        'ERR_ROUTER_INVALID_METHOD',
        JSON.stringify(method),
      );
    }
  });

  it('throws RouterError instances with a name and a code', () => {
    const why = hint(
      1,
      'class RouterError extends Error with name "RouterError" and a readonly code',
    );
    try {
      new Router<string>().add('GET', 'nope', 'x');
      expect.unreachable();
    } catch (error) {
      expect(error, why).toBeInstanceOf(RouterError);
      expect(error, why).toMatchObject({
        name: 'RouterError',
        code: 'ERR_ROUTER_INVALID_PATTERN',
      });
    }
  });
});
