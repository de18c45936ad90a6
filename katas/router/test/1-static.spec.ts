import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { found } from './support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  1,
  'a Map from path to method to route; cut the target at "?" and "#" first',
);

describe('1. Static routes and 404', () => {
  it('finds a static route and returns its handler, empty params and the route', () => {
    const router = new Router<string>().add('GET', '/users', 'list', { name: 'users' });
    const result = found(router.match('GET', '/users'));
    expect(result.handler, STAGE_HINT).toBe('list');
    expect({ ...result.params }, STAGE_HINT).toEqual({});
    expect(result.route, STAGE_HINT).toEqual({ method: 'GET', pattern: '/users', name: 'users' });
  });

  it('finds the root route "/"', () => {
    const router = new Router<string>().add('GET', '/', 'home').add('GET', '/a', 'a');
    expect(found(router.match('GET', '/')).handler, STAGE_HINT).toBe('home');
  });

  it('answers 404 for a path no route has', () => {
    const router = new Router<string>().add('GET', '/users', 'list');
    expect(router.match('GET', '/posts').status, STAGE_HINT).toBe(404);
    expect(router.match('GET', '/').status, STAGE_HINT).toBe(404);
  });

  it('answers 404 for a prefix or an extension of a registered path', () => {
    const router = new Router<string>().add('GET', '/users/all', 'all');
    for (const path of ['/users', '/users/al', '/users/alll', '/users/all/x', '/use']) {
      expect(router.match('GET', path).status, path).toBe(404);
    }
  });

  it('keeps routes that share a prefix apart (/user, /users, /users/all)', () => {
    const router = new Router<string>()
      .add('GET', '/users/all', 'all')
      .add('GET', '/user', 'one')
      .add('GET', '/users', 'many');
    expect(found(router.match('GET', '/user')).handler, STAGE_HINT).toBe('one');
    expect(found(router.match('GET', '/users')).handler, STAGE_HINT).toBe('many');
    expect(found(router.match('GET', '/users/all')).handler, STAGE_HINT).toBe('all');
  });

  it('matches many segments deep', () => {
    const router = new Router<string>().add('GET', '/a/b/c/d/e/f', 'deep').add('GET', '/a/b', 'ab');
    expect(found(router.match('GET', '/a/b/c/d/e/f')).handler, STAGE_HINT).toBe('deep');
    expect(router.match('GET', '/a/b/c/d/e').status, STAGE_HINT).toBe(404);
  });

  it('ignores the query string of the request target (RFC 9112 §3.2.1 origin-form)', () => {
    const router = new Router<string>().add('GET', '/search', 'search');
    expect(found(router.match('GET', '/search?q=a/b&x=%zz')).handler, STAGE_HINT).toBe('search');
    expect(found(router.match('GET', '/search?')).handler, STAGE_HINT).toBe('search');
  });

  it('ignores a fragment, which a client should never send (RFC 9110 §4.2.5)', () => {
    const router = new Router<string>().add('GET', '/search', 'search');
    expect(found(router.match('GET', '/search#top')).handler, STAGE_HINT).toBe('search');
    expect(found(router.match('GET', '/search#a?b')).handler, STAGE_HINT).toBe('search');
  });

  it('answers 404 for a target that is not a path', () => {
    const router = new Router<string>().add('GET', '/users', 'list').add('GET', '/', 'home');
    expect(router.match('GET', 'users').status, STAGE_HINT).toBe(404);
    expect(router.match('GET', '').status, STAGE_HINT).toBe(404);
    expect(router.match('GET', 'http://example.com/users').status, STAGE_HINT).toBe(404);
  });

  it('returns the router from add so calls chain', () => {
    const router = new Router<string>();
    expect(router.add('GET', '/a', 'a'), STAGE_HINT).toBe(router);
  });

  it('reports a positive whole number of steps on every result', () => {
    const router = new Router<string>().add('GET', '/a', 'a');
    for (const path of ['/a', '/b', '/a/b']) {
      const { steps } = router.match('GET', path);
      expect(Number.isInteger(steps) && steps > 0, `${path}: ${steps}`).toBe(true);
    }
  });

  it('rejects a pattern that does not start with "/" (ERR_ROUTER_INVALID_PATTERN)', () => {
    const router = new Router<string>();
    expectCode(
      () => router.add('GET', 'users', 'x'),
      RouterError,
      'ERR_ROUTER_INVALID_PATTERN',
      STAGE_HINT,
    );
    expectCode(
      () => router.add('GET', '', 'x'),
      RouterError,
      'ERR_ROUTER_INVALID_PATTERN',
      STAGE_HINT,
    );
  });

  it('rejects an empty segment in the middle of a pattern ("/a//b")', () => {
    expectCode(
      () => new Router<string>().add('GET', '/a//b', 'x'),
      RouterError,
      'ERR_ROUTER_INVALID_PATTERN',
      STAGE_HINT,
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
    try {
      new Router<string>().add('GET', 'nope', 'x');
      expect.unreachable();
    } catch (error) {
      expect(error, STAGE_HINT).toBeInstanceOf(RouterError);
      expect(error, STAGE_HINT).toMatchObject({
        name: 'RouterError',
        code: 'ERR_ROUTER_INVALID_PATTERN',
      });
    }
  });
});
