import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

describe('1. Static routes and 404', () => {
  it('rejects a pattern holding "?" or "#" in a static segment', () => {
    const why = hint(
      1,
      'a router never sees "?" or "#" in a path: such a pattern could never match',
    );
    const router = new Router<string>();
    for (const pattern of ['/x?y', '/x#y', '/a/b?', '/#']) {
      expectCode(
        () => router.add('GET', pattern, 'x'),
        RouterError,
        'ERR_ROUTER_INVALID_PATTERN',
        why,
      );
    }
  });

  it('answers 404 for a path that ends at a node with no route of its own', () => {
    const why = hint(1, 'a prefix of a route is not a route: no 405, no Allow, a plain 404');
    const router = new Router<string>().add('GET', '/a/b', 'ab').add('GET', '/c/:id/d', 'cd');
    for (const method of ['GET', 'POST', 'OPTIONS']) {
      expect(router.match(method, '/a').status, `${method} /a: ${why}`).toBe(404);
      expect(router.match(method, '/c/1').status, `${method} /c/1: ${why}`).toBe(404);
    }
  });

  it('matches a static segment whole, even when the segment after it is a parameter', () => {
    const why = hint(
      1,
      '"/abc" does not start with the segment "a": a segment ends at "/" or the end',
    );
    const param = new Router<string>().add('GET', '/a/:id', 'param');
    const wild = new Router<string>().add('GET', '/f/*rest', 'wild');
    for (const path of ['/abc', '/ab', '/fxyz', '/fx/y']) {
      expect(param.match('GET', path).status, `${path}: ${why}`).toBe(404);
      expect(wild.match('GET', path).status, `${path}: ${why}`).toBe(404);
    }
    expect(paramsOf(param.match('GET', '/a/bc')), why).toEqual({ id: 'bc' });
    expect(paramsOf(wild.match('GET', '/f/x/y')), why).toEqual({ rest: 'x/y' });
  });

  it('finds a route by its path only: no other text reaches a static route', () => {
    const why = hint(1, 'a static route matches its own path exactly, segment by segment');
    const router = new Router<string>().add('GET', '/a/b', 'ab').add('GET', '/c', 'c');
    for (const target of ['', '/', '/ab', '//', '/a/', '/a//b', '/c/']) {
      expect(router.match('GET', target).status, `"${target}": ${why}`).toBe(404);
    }
    expect(found(router.match('GET', '/a/b')).handler, why).toBe('ab');
  });

  it('gives a parameter its value even when the value reads like a missing one', () => {
    const why = hint(3, 'a parameter segment is never a static path: "/a/undefined" fills id');
    const router = new Router<string>().add('GET', '/a/:id', 'a').add('GET', '/:top', 'top');
    expect(paramsOf(router.match('GET', '/a/undefined')), why).toEqual({ id: 'undefined' });
    expect(paramsOf(router.match('GET', '/undefined')), why).toEqual({ top: 'undefined' });
    expect(paramsOf(router.match('GET', '/a/null')), why).toEqual({ id: 'null' });
    expect(router.match('GET', '/a/').status, why).toBe(404);
    expect(router.match('GET', '/').status, why).toBe(404);
    const wild = new Router<string>().add('GET', '/f/*rest', 'f');
    expect(paramsOf(wild.match('GET', '/f/')), why).toEqual({ rest: '' });
  });

  it('reads "%" in a static pattern as the character itself: its request spells it %25', () => {
    const why = hint(
      3,
      'static segments are compared after decoding; a lone "%" is a malformed escape',
    );
    const router = new Router<string>().add('GET', '/100%', 'full').add('GET', '/a%20b', 'ab');
    expect(router.match('GET', '/100%').status, why).toBe(400);
    expect(found(router.match('GET', '/100%25')).handler, why).toBe('full');
    expect(router.match('GET', '/a%20b').status, why).toBe(404);
    expect(found(router.match('GET', '/a%2520b')).handler, why).toBe('ab');
  });
});
