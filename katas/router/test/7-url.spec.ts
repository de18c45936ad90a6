import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { paramsOf } from './support.ts';

function named(): Router<string> {
  return new Router<string>()
    .add('GET', '/', 'home', { name: 'home' })
    .add('GET', '/users/:id', 'user', { name: 'user', constraints: { id: /\d+/ } })
    .add('GET', '/u/:name', 'byName', { name: 'byName' })
    .add('GET', '/files/*path', 'files', { name: 'files' })
    .add('GET', '/flights/:from-:to', 'flight', { name: 'flight' })
    .add('GET', '/dl/:name.:ext', 'dl', { name: 'dl' })
    .add(['GET', 'PUT'], '/docs/', 'docs', { name: 'docs' })
    .add('GET', '/café/:x', 'cafe', { name: 'cafe' });
}

describe('7. Reverse routing', () => {
  it('builds the path of a named route from its parameters', () => {
    expect(
      named().url('user', { id: '42' }),
      hint(7, 'find the route by name and replace each parameter with its encoded value'),
    ).toBe('/users/42');
  });

  it('builds static paths, the root and a trailing slash', () => {
    const why = hint(7, 'copy static text as it is, the trailing slash included');
    const router = named();
    expect(router.url('home', {}), why).toBe('/');
    expect(router.url('docs', {}), why).toBe('/docs/');
  });

  it('percent-encodes a value so it stays one segment (space, "/", "%", "?", "#")', () => {
    expect(
      named().url('byName', { name: 'a b/c%d?e#f' }),
      hint(7, 'encodeURIComponent each value: "/", "?", "#" and "%" must be escaped'),
    ).toBe('/u/a%20b%2Fc%25d%3Fe%23f');
  });

  it('percent-encodes non-ASCII text as UTF-8, in values and in static text', () => {
    const why = hint(7, 'encode static text too: the path must be ASCII');
    expect(named().url('byName', { name: '☃' }), why).toBe('/u/%E2%98%83');
    expect(named().url('cafe', { x: 'é' }), why).toBe('/caf%C3%A9/%C3%A9');
  });

  it('keeps the slashes of a wildcard value and encodes each piece', () => {
    const why = hint(7, 'split a wildcard value on "/", encode each piece, join with "/"');
    expect(named().url('files', { path: 'a/b c/d%' }), why).toBe('/files/a/b%20c/d%25');
    expect(named().url('files', { path: '' }), why).toBe('/files/');
  });

  it('escapes the text that separates two parameters in one segment', () => {
    const why = hint(
      7,
      'after encoding a value, escape the first character of the next literal, or the match ends early',
    );
    const router = named();
    expect(router.url('flight', { from: 'A-B', to: 'C-D' }), why).toBe('/flights/A%2DB-C-D');
    expect(router.url('dl', { name: 'a.b', ext: 'tar.gz' }), why).toBe('/dl/a%2Eb.tar.gz');
  });

  it('encodes "." and ".." values so a client cannot remove them as dot-segments (RFC 3986 §5.2.4)', () => {
    const why = hint(7, 'a value "." or ".." would be removed as a dot-segment: write %2E');
    const router = named();
    expect(router.url('byName', { name: '..' }), why).toBe('/u/%2E%2E');
    expect(router.url('byName', { name: '.' }), why).toBe('/u/%2E');
    expect(router.url('files', { path: 'a/../b' }), why).toBe('/files/a/%2E%2E/b');
    expect(router.url('byName', { name: '...' }), why).toBe('/u/...');
  });

  it('generates a path that matches back to the same route and values', () => {
    const router = named();
    const path = router.url('flight', { from: 'a-b', to: 'c/d' });
    const result = router.match('GET', path);
    expect(
      paramsOf(result),
      hint(7, 'url and match must agree: encode exactly what match decodes'),
    ).toEqual({ from: 'a-b', to: 'c/d' });
  });

  it('ignores values for names the route does not have', () => {
    expect(
      named().url('user', { id: '1', extra: 'x' }),
      hint(7, "take only the route's own parameter names from the values"),
    ).toBe('/users/1');
  });

  it('throws ERR_ROUTER_UNKNOWN_ROUTE for a name no route carries', () => {
    expectCode(
      () => named().url('nobody', {}),
      RouterError,
      'ERR_ROUTER_UNKNOWN_ROUTE',
      hint(7, 'an unknown name is RouterError ERR_ROUTER_UNKNOWN_ROUTE'),
    );
  });

  it('throws ERR_ROUTER_MISSING_PARAM when a value is missing', () => {
    const why = hint(7, 'every parameter needs a value: ERR_ROUTER_MISSING_PARAM');
    const router = named();
    expectCode(() => router.url('user', {}), RouterError, 'ERR_ROUTER_MISSING_PARAM', why);
    expectCode(
      () => router.url('flight', { from: 'A' }),
      RouterError,
      'ERR_ROUTER_MISSING_PARAM',
      why,
    );
    expectCode(() => router.url('files', {}), RouterError, 'ERR_ROUTER_MISSING_PARAM', why);
  });

  it('does not take a value from the prototype chain', () => {
    const params = Object.create({ name: 'inherited' }) as Record<string, string>;
    expectCode(
      () => named().url('byName', params),
      RouterError,
      'ERR_ROUTER_MISSING_PARAM',
      hint(7, 'read values with Object.hasOwn, not `in` or a bare property read'),
    );
  });

  it('throws ERR_ROUTER_INVALID_PARAM for a value the route could never match', () => {
    const why = hint(
      7,
      "check each value against its constraint (and non-emptiness) with the matcher's own function",
    );
    const router = named();
    expectCode(
      () => router.url('byName', { name: '' }),
      RouterError,
      'ERR_ROUTER_INVALID_PARAM',
      why,
    );
    expectCode(
      () => router.url('user', { id: 'abc' }),
      RouterError,
      'ERR_ROUTER_INVALID_PARAM',
      why,
    );
  });

  it('names a route registered for several methods once', () => {
    expect(
      named().url('docs'),
      hint(7, 'one name, one route, whatever the number of methods'),
    ).toBe('/docs/');
  });
});
