import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

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
    const why = hint(6, 'strict is the default: "/a" and "/a/" are two paths');
    const router = table('strict');
    expect(router.match('GET', '/a/').status, why).toBe(404);
    expect(router.match('GET', '/dir').status, why).toBe(404);
    expect(found(router.match('GET', '/dir/')).handler, why).toBe('dir');
    expect(found(router.match('GET', '/both/')).handler, why).toBe('both/');
  });

  it('finds the route with the other spelling when told to ignore trailing slashes', () => {
    const why = hint(
      6,
      'only on a 404, look up the other spelling: path.slice(0, -1) or path + "/"',
    );
    const router = table('ignore');
    expect(found(router.match('GET', '/a/')).handler, why).toBe('a');
    expect(found(router.match('GET', '/dir')).handler, why).toBe('dir');
    expect(paramsOf(router.match('GET', '/users/7/')), why).toEqual({ id: '7' });
  });

  it('prefers the exact spelling when both are registered', () => {
    const why = hint(6, 'look up the path as written first; the other spelling is a fallback');
    for (const mode of ['ignore', 'redirect'] as const) {
      const router = table(mode).add('GET', '/p/:x', 'p').add('GET', '/p/:x/', 'p/');
      expect(found(router.match('GET', '/p/1')).handler, why).toBe('p');
      expect(found(router.match('GET', '/p/1/')).handler, why).toBe('p/');
      expect(found(router.match('GET', '/both')).handler, why).toBe('both');
      expect(found(router.match('GET', '/both/')).handler, why).toBe('both/');
    }
  });

  it('redirects GET and HEAD with 301 to the registered spelling (RFC 9110 §15.4.2)', () => {
    const why = hint(
      6,
      '"redirect": a 200 on the other spelling becomes 301 with location for GET and HEAD',
    );
    const router = table('redirect');
    expect(router.match('GET', '/a/'), why).toMatchObject({ status: 301, location: '/a' });
    expect(router.match('HEAD', '/dir'), why).toMatchObject({
      status: 301,
      location: '/dir/',
    });
  });

  it('redirects other methods with 308, which keeps the method and body (RFC 9110 §15.4.9)', () => {
    expect(
      table('redirect').match('POST', '/a/'),
      hint(6, 'any method but GET and HEAD is redirected with 308, which keeps method and body'),
    ).toMatchObject({
      status: 308,
      location: '/a',
    });
  });

  it('keeps the query string in the Location', () => {
    expect(
      table('redirect').match('GET', '/users/7/?tab=posts&x=1'),
      hint(6, 'append the original query to the location'),
    ).toMatchObject({
      status: 301,
      location: '/users/7?tab=posts&x=1',
    });
  });

  it('drops the fragment from the Location and keeps a query that comes before it', () => {
    const why = hint(6, 'cut the fragment off; keep a query that comes before it');
    const router = table('redirect');
    expect(router.match('GET', '/a/#top'), why).toMatchObject({ location: '/a' });
    expect(router.match('GET', '/users/7/?q=1#top'), why).toMatchObject({
      location: '/users/7?q=1',
    });
    expect(router.match('GET', '/users/7/#top?q=1'), why).toMatchObject({
      location: '/users/7',
    });
  });

  it('redirects to the wildcard route that needs the slash ("/files" to "/files/")', () => {
    expect(
      table('redirect').match('GET', '/files'),
      hint(
        6,
        '"/files" → "/files/": the other spelling is looked up like any path, wildcards included',
      ),
    ).toMatchObject({
      status: 301,
      location: '/files/',
    });
  });

  it('does not redirect to a spelling that has no route for the method', () => {
    const why = hint(6, 'redirect only when the other spelling finds a route for this method');
    const router = table('redirect');
    expect(router.match('PUT', '/a/'), why).toMatchObject({ status: 405 });
    expect(router.match('GET', '/nothing/').status, why).toBe(404);
    expect(router.match('GET', '/').status, why).toBe(404);
  });

  it('compares static segments case-sensitively by default (RFC 3986 §6.2.2.1)', () => {
    const router = new Router<string>().add('GET', '/users', 'users');
    expect(
      router.match('GET', '/Users').status,
      hint(6, 'case is significant unless caseSensitive is false'),
    ).toBe(404);
  });

  it('folds the case of static segments when caseSensitive is false, never of values', () => {
    const why = hint(
      6,
      'lowercase static keys at add and the decoded segment at lookup, never the values',
    );
    const router = new Router<string>({ caseSensitive: false })
      .add('GET', '/Users/:name', 'user')
      .add('GET', '/About', 'about');
    expect(paramsOf(router.match('GET', '/USERS/Bob')), why).toEqual({ name: 'Bob' });
    expect(found(router.match('GET', '/about')).handler, why).toBe('about');
    expect(found(router.match('GET', '/%41BOUT')).handler, why).toBe('about');
  });

  it('rejects "/A" beside "/a" for one method when case is folded', () => {
    const why = hint(6, 'fold the case before building the node key, so "/A" and "/a" conflict');
    const router = new Router<string>({ caseSensitive: false }).add('GET', '/a', 'a');
    expectCode(() => router.add('GET', '/A', 'A'), RouterError, 'ERR_ROUTER_CONFLICT', why);
    const strict = new Router<string>().add('GET', '/a', 'a');
    expect(() => strict.add('GET', '/A', 'A')).not.toThrow();
    expect(found(strict.match('GET', '/A')).handler, why).toBe('A');
  });
});
