import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

describe('2. Methods: 405 with Allow, HEAD and OPTIONS', () => {
  it('takes a parameter route when the static route of the same path lacks the method', () => {
    const why = hint(
      4,
      'a static leaf without the method is not a 405 while a parameter could still take the path',
    );
    const router = new Router<string>().add('GET', '/a/:id', 'param').add('POST', '/a/b', 'static');
    expect(paramsOf(router.match('GET', '/a/b')), why).toEqual({ id: 'b' });
    expect(found(router.match('POST', '/a/b')).handler, why).toBe('static');
    expect(router.match('PUT', '/a/b'), why).toMatchObject({
      status: 405,
      allow: ['GET', 'HEAD', 'OPTIONS', 'POST'],
    });
  });

  it('takes a wildcard route when the static route of the same path lacks the method', () => {
    const why = hint(
      4,
      'a static leaf without the method is not a 405 while a wildcard could still take the path',
    );
    const router = new Router<string>()
      .add('GET', '/a/*rest', 'wild')
      .add('POST', '/a/b', 'static');
    expect(paramsOf(router.match('GET', '/a/b')), why).toEqual({ rest: 'b' });
    expect(router.match('DELETE', '/a/b'), why).toMatchObject({
      status: 405,
      allow: ['GET', 'HEAD', 'OPTIONS', 'POST'],
    });
  });

  it('looks for other routes at every level, templates at some and wildcards at others', () => {
    const why = hint(4, 'any template or wildcard on the way to a static path can take it');
    const templates = new Router<string>()
      .add('GET', '/:x', 'top')
      .add('GET', '/a/:id', 'param')
      .add('POST', '/a/b', 'static');
    expect(found(templates.match('GET', '/a/b')).handler, why).toBe('param');
    const wildcards = new Router<string>()
      .add('GET', '/*all', 'all')
      .add('GET', '/a/*rest', 'rest')
      .add('POST', '/a/b', 'static');
    expect(found(wildcards.match('GET', '/a/b')).handler, why).toBe('rest');
    const mixed = new Router<string>()
      .add('GET', '/*all', 'all')
      .add('POST', '/a/b', 'static')
      .add('GET', '/a/:id', 'param');
    expect(found(mixed.match('GET', '/a/b')).handler, why).toBe('param');
    expect(found(mixed.match('GET', '/x/b')).handler, why).toBe('all');
  });

  it('answers a path matched by a parameter and a wildcard with the union of their methods', () => {
    const why = hint(2, 'Allow lists the methods of every route the path matches');
    const router = new Router<string>().add('GET', '/u/:id', 'get').add('POST', '/u/*rest', 'post');
    for (const method of ['PUT', 'OPTIONS']) {
      expect(router.match(method, '/u/1'), why).toMatchObject({
        status: method === 'OPTIONS' ? 204 : 405,
        allow: ['GET', 'HEAD', 'OPTIONS', 'POST'],
      });
    }
  });

  it('hands out an Allow list the caller may change without changing the next answer', () => {
    const why = hint(2, 'return a copy of the Allow list, not the array the router keeps');
    const router = new Router<string>()
      .add('GET', '/u/:id', 'get')
      .add('GET', '/s', 'static')
      .add('GET', '/w/*rest', 'wild');
    for (const path of ['/u/1', '/s', '/w/x', '/u/1?q=1', '/s?q']) {
      const first = router.match('PUT', path);
      expect(first.status, `${path}: ${why}`).toBe(405);
      if (first.status === 405) first.allow.push('EVIL');
      if (first.status === 405) first.allow.sort().reverse();
      expect(router.match('PUT', path), `${path}: ${why}`).toMatchObject({
        status: 405,
        allow: ['GET', 'HEAD', 'OPTIONS'],
      });
    }
  });
  it('answers 405 for the root path "/" beside a parameter or a wildcard at the root', () => {
    const why = hint(
      2,
      '"/" is the root route\'s path: a method it lacks is a 405, even with "/:id" beside it',
    );
    for (const other of ['/:id', '/*rest']) {
      const router = new Router<string>().add('GET', '/', 'home').add('GET', other, 'other');
      expect(router.match('POST', '/'), `${other}: ${why}`).toMatchObject({
        status: 405,
        allow: ['GET', 'HEAD', 'OPTIONS'],
      });
      expect(router.match('OPTIONS', '/').status, `${other}: ${why}`).toBe(204);
      expect(found(router.match('GET', '/')).handler, `${other}: ${why}`).toBe('home');
    }
  });
});
