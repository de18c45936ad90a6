import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { paramsOf } from './support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  7,
  'encode each value, then make sure it cannot end where the next literal starts',
);

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
    expect(named().url('user', { id: '42' }), STAGE_HINT).toBe('/users/42');
  });

  it('builds static paths, the root and a trailing slash', () => {
    const router = named();
    expect(router.url('home', {}), STAGE_HINT).toBe('/');
    expect(router.url('docs', {}), STAGE_HINT).toBe('/docs/');
  });

  it('percent-encodes a value so it stays one segment (space, "/", "%", "?", "#")', () => {
    expect(named().url('byName', { name: 'a b/c%d?e#f' }), STAGE_HINT).toBe(
      '/u/a%20b%2Fc%25d%3Fe%23f',
    );
  });

  it('percent-encodes non-ASCII text as UTF-8, in values and in static text', () => {
    expect(named().url('byName', { name: '☃' }), STAGE_HINT).toBe('/u/%E2%98%83');
    expect(named().url('cafe', { x: 'é' }), STAGE_HINT).toBe('/caf%C3%A9/%C3%A9');
  });

  it('keeps the slashes of a wildcard value and encodes each piece', () => {
    expect(named().url('files', { path: 'a/b c/d%' }), STAGE_HINT).toBe('/files/a/b%20c/d%25');
    expect(named().url('files', { path: '' }), STAGE_HINT).toBe('/files/');
  });

  it('escapes the text that separates two parameters in one segment', () => {
    const router = named();
    expect(router.url('flight', { from: 'A-B', to: 'C-D' }), STAGE_HINT).toBe('/flights/A%2DB-C-D');
    expect(router.url('dl', { name: 'a.b', ext: 'tar.gz' }), STAGE_HINT).toBe('/dl/a%2Eb.tar.gz');
  });

  it('encodes "." and ".." values so a client cannot remove them as dot-segments (RFC 3986 §5.2.4)', () => {
    const router = named();
    expect(router.url('byName', { name: '..' }), STAGE_HINT).toBe('/u/%2E%2E');
    expect(router.url('byName', { name: '.' }), STAGE_HINT).toBe('/u/%2E');
    expect(router.url('files', { path: 'a/../b' }), STAGE_HINT).toBe('/files/a/%2E%2E/b');
    expect(router.url('byName', { name: '...' }), STAGE_HINT).toBe('/u/...');
  });

  it('generates a path that matches back to the same route and values', () => {
    const router = named();
    const path = router.url('flight', { from: 'a-b', to: 'c/d' });
    const result = router.match('GET', path);
    expect(paramsOf(result), STAGE_HINT).toEqual({ from: 'a-b', to: 'c/d' });
  });

  it('ignores values for names the route does not have', () => {
    expect(named().url('user', { id: '1', extra: 'x' }), STAGE_HINT).toBe('/users/1');
  });

  it('throws ERR_ROUTER_UNKNOWN_ROUTE for a name no route carries', () => {
    expectCode(
      () => named().url('nobody', {}),
      RouterError,
      'ERR_ROUTER_UNKNOWN_ROUTE',
      STAGE_HINT,
    );
  });

  it('throws ERR_ROUTER_MISSING_PARAM when a value is missing', () => {
    const router = named();
    expectCode(() => router.url('user', {}), RouterError, 'ERR_ROUTER_MISSING_PARAM', STAGE_HINT);
    expectCode(
      () => router.url('flight', { from: 'A' }),
      RouterError,
      'ERR_ROUTER_MISSING_PARAM',
      STAGE_HINT,
    );
    expectCode(() => router.url('files', {}), RouterError, 'ERR_ROUTER_MISSING_PARAM', STAGE_HINT);
  });

  it('does not take a value from the prototype chain', () => {
    const params = Object.create({ name: 'inherited' }) as Record<string, string>;
    expectCode(
      () => named().url('byName', params),
      RouterError,
      'ERR_ROUTER_MISSING_PARAM',
      STAGE_HINT,
    );
  });

  it('throws ERR_ROUTER_INVALID_PARAM for a value the route could never match', () => {
    const router = named();
    expectCode(
      () => router.url('byName', { name: '' }),
      RouterError,
      'ERR_ROUTER_INVALID_PARAM',
      STAGE_HINT,
    );
    expectCode(
      () => router.url('user', { id: 'abc' }),
      RouterError,
      'ERR_ROUTER_INVALID_PARAM',
      STAGE_HINT,
    );
  });

  it('names a route registered for several methods once', () => {
    expect(named().url('docs'), STAGE_HINT).toBe('/docs/');
  });
});
