import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(6, 'look up the path as written; only on a 404 try the other spelling');

function table(trailingSlash: 'strict' | 'ignore' | 'redirect'): Router<string> {
  return new Router<string>({ trailingSlash })
    .add('GET', '/a', 'a')
    .add('POST', '/a', 'post-a')
    .add('GET', '/dir/', 'dir')
    .add('GET', '/users/:id', 'user')
    .add('GET', '/both', 'both')
    .add('GET', '/both/', 'both/')
    .add('GET', '/files/*path', 'files');
}

describe('6. Trailing slashes and case', () => {
  it('tells "/a" and "/a/" apart by default (strict)', () => {
    const router = table('strict');
    expect(router.match('GET', '/a/').status, STAGE_HINT).toBe(404);
    expect(router.match('GET', '/dir').status, STAGE_HINT).toBe(404);
    expect(found(router.match('GET', '/dir/')).handler, STAGE_HINT).toBe('dir');
    expect(found(router.match('GET', '/both/')).handler, STAGE_HINT).toBe('both/');
  });

  it('finds the route with the other spelling when told to ignore trailing slashes', () => {
    const router = table('ignore');
    expect(found(router.match('GET', '/a/')).handler, STAGE_HINT).toBe('a');
    expect(found(router.match('GET', '/dir')).handler, STAGE_HINT).toBe('dir');
    expect(paramsOf(router.match('GET', '/users/7/')), STAGE_HINT).toEqual({ id: '7' });
  });

  it('prefers the exact spelling when both are registered', () => {
    for (const mode of ['ignore', 'redirect'] as const) {
      const router = table(mode).add('GET', '/p/:x', 'p').add('GET', '/p/:x/', 'p/');
      expect(found(router.match('GET', '/p/1')).handler, STAGE_HINT).toBe('p');
      expect(found(router.match('GET', '/p/1/')).handler, STAGE_HINT).toBe('p/');
      expect(found(router.match('GET', '/both')).handler, STAGE_HINT).toBe('both');
      expect(found(router.match('GET', '/both/')).handler, STAGE_HINT).toBe('both/');
    }
  });

  it('redirects GET and HEAD with 301 to the registered spelling (RFC 9110 §15.4.2)', () => {
    const router = table('redirect');
    expect(router.match('GET', '/a/'), STAGE_HINT).toMatchObject({ status: 301, location: '/a' });
    expect(router.match('HEAD', '/dir'), STAGE_HINT).toMatchObject({
      status: 301,
      location: '/dir/',
    });
  });

  it('redirects other methods with 308, which keeps the method and body (RFC 9110 §15.4.9)', () => {
    expect(table('redirect').match('POST', '/a/'), STAGE_HINT).toMatchObject({
      status: 308,
      location: '/a',
    });
  });

  it('keeps the query string in the Location', () => {
    expect(table('redirect').match('GET', '/users/7/?tab=posts&x=1'), STAGE_HINT).toMatchObject({
      status: 301,
      location: '/users/7?tab=posts&x=1',
    });
  });

  it('drops the fragment from the Location and keeps a query that comes before it', () => {
    const router = table('redirect');
    expect(router.match('GET', '/a/#top'), STAGE_HINT).toMatchObject({ location: '/a' });
    expect(router.match('GET', '/users/7/?q=1#top'), STAGE_HINT).toMatchObject({
      location: '/users/7?q=1',
    });
    expect(router.match('GET', '/users/7/#top?q=1'), STAGE_HINT).toMatchObject({
      location: '/users/7',
    });
  });

  it('redirects to the wildcard route that needs the slash ("/files" to "/files/")', () => {
    expect(table('redirect').match('GET', '/files'), STAGE_HINT).toMatchObject({
      status: 301,
      location: '/files/',
    });
  });

  it('does not redirect to a spelling that has no route for the method', () => {
    const router = table('redirect');
    expect(router.match('PUT', '/a/'), STAGE_HINT).toMatchObject({ status: 405 });
    expect(router.match('GET', '/nothing/').status, STAGE_HINT).toBe(404);
    expect(router.match('GET', '/').status, STAGE_HINT).toBe(404);
  });

  it('compares static segments case-sensitively by default (RFC 3986 §6.2.2.1)', () => {
    const router = new Router<string>().add('GET', '/users', 'users');
    expect(router.match('GET', '/Users').status, STAGE_HINT).toBe(404);
  });

  it('folds the case of static segments when caseSensitive is false, never of values', () => {
    const router = new Router<string>({ caseSensitive: false })
      .add('GET', '/Users/:name', 'user')
      .add('GET', '/About', 'about');
    expect(paramsOf(router.match('GET', '/USERS/Bob')), STAGE_HINT).toEqual({ name: 'Bob' });
    expect(found(router.match('GET', '/about')).handler, STAGE_HINT).toBe('about');
    expect(found(router.match('GET', '/%41BOUT')).handler, STAGE_HINT).toBe('about');
  });

  it('rejects "/A" beside "/a" for one method when case is folded', () => {
    const router = new Router<string>({ caseSensitive: false }).add('GET', '/a', 'a');
    expectCode(() => router.add('GET', '/A', 'A'), RouterError, 'ERR_ROUTER_CONFLICT', STAGE_HINT);
    const strict = new Router<string>().add('GET', '/a', 'a');
    expect(() => strict.add('GET', '/A', 'A')).not.toThrow();
    expect(found(strict.match('GET', '/A')).handler, STAGE_HINT).toBe('A');
  });
});
