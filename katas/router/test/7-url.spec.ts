import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
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
    expect(named().url('user', { id: '42' })).toBe('/users/42');
  });

  it('builds static paths, the root and a trailing slash', () => {
    const router = named();
    expect(router.url('home', {})).toBe('/');
    expect(router.url('docs', {})).toBe('/docs/');
  });

  it('percent-encodes a value so it stays one segment (space, "/", "%", "?", "#")', () => {
    expect(named().url('byName', { name: 'a b/c%d?e#f' })).toBe('/u/a%20b%2Fc%25d%3Fe%23f');
  });

  it('percent-encodes non-ASCII text as UTF-8, in values and in static text', () => {
    expect(named().url('byName', { name: '☃' })).toBe('/u/%E2%98%83');
    expect(named().url('cafe', { x: 'é' })).toBe('/caf%C3%A9/%C3%A9');
  });

  it('keeps the slashes of a wildcard value and encodes each piece', () => {
    expect(named().url('files', { path: 'a/b c/d%' })).toBe('/files/a/b%20c/d%25');
    expect(named().url('files', { path: '' })).toBe('/files/');
  });

  it('escapes the text that separates two parameters in one segment', () => {
    const router = named();
    expect(router.url('flight', { from: 'A-B', to: 'C-D' })).toBe('/flights/A%2DB-C-D');
    expect(router.url('dl', { name: 'a.b', ext: 'tar.gz' })).toBe('/dl/a%2Eb.tar.gz');
  });

  it('encodes "." and ".." values so a client cannot remove them as dot-segments (RFC 3986 §5.2.4)', () => {
    const router = named();
    expect(router.url('byName', { name: '..' })).toBe('/u/%2E%2E');
    expect(router.url('byName', { name: '.' })).toBe('/u/%2E');
    expect(router.url('files', { path: 'a/../b' })).toBe('/files/a/%2E%2E/b');
    expect(router.url('byName', { name: '...' })).toBe('/u/...');
  });

  it('generates a path that matches back to the same route and values', () => {
    const router = named();
    const path = router.url('flight', { from: 'a-b', to: 'c/d' });
    const result = router.match('GET', path);
    expect(paramsOf(result)).toEqual({ from: 'a-b', to: 'c/d' });
  });

  it('ignores values for names the route does not have', () => {
    expect(named().url('user', { id: '1', extra: 'x' })).toBe('/users/1');
  });

  it('throws ERR_ROUTER_UNKNOWN_ROUTE for a name no route carries', () => {
    expect(() => named().url('nobody', {})).toThrow(
      expect.objectContaining({ code: 'ERR_ROUTER_UNKNOWN_ROUTE' }),
    );
  });

  it('throws ERR_ROUTER_MISSING_PARAM when a value is missing', () => {
    const router = named();
    expect(() => router.url('user', {})).toThrow(
      expect.objectContaining({ code: 'ERR_ROUTER_MISSING_PARAM' }),
    );
    expect(() => router.url('flight', { from: 'A' })).toThrow(
      expect.objectContaining({ code: 'ERR_ROUTER_MISSING_PARAM' }),
    );
    expect(() => router.url('files', {})).toThrow(
      expect.objectContaining({ code: 'ERR_ROUTER_MISSING_PARAM' }),
    );
  });

  it('does not take a value from the prototype chain', () => {
    const params = Object.create({ name: 'inherited' }) as Record<string, string>;
    expect(() => named().url('byName', params)).toThrow(
      expect.objectContaining({ code: 'ERR_ROUTER_MISSING_PARAM' }),
    );
  });

  it('throws ERR_ROUTER_INVALID_PARAM for a value the route could never match', () => {
    const router = named();
    expect(() => router.url('byName', { name: '' })).toThrow(
      expect.objectContaining({ code: 'ERR_ROUTER_INVALID_PARAM' }),
    );
    expect(() => router.url('user', { id: 'abc' })).toThrow(
      expect.objectContaining({ code: 'ERR_ROUTER_INVALID_PARAM' }),
    );
  });

  it('names a route registered for several methods once', () => {
    expect(named().url('docs')).toBe('/docs/');
  });
});
