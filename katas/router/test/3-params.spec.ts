import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

describe('3. Parameters and decoding', () => {
  it('captures one segment with ":id"', () => {
    const why = hint(
      3,
      'a ":name" segment matches any one non-empty segment; its value goes in params.name',
    );
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    const result = found(router.match('GET', '/users/42'));
    expect(result.handler, why).toBe('show');
    expect({ ...result.params }, why).toEqual({ id: '42' });
  });

  it('captures several parameters by name', () => {
    const router = new Router<string>().add('GET', '/users/:uid/posts/:pid', 'post');
    expect(
      paramsOf(router.match('GET', '/users/7/posts/99')),
      hint(3, 'keep values in order while searching; name them from the route that wins'),
    ).toEqual({
      uid: '7',
      pid: '99',
    });
  });

  it('does not match an empty segment with a parameter', () => {
    const why = hint(3, 'a parameter needs at least one character');
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    expect(router.match('GET', '/users/').status, why).toBe(404);
    expect(router.match('GET', '/users').status, why).toBe(404);
  });

  it('never lets a parameter span a "/"', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    expect(
      router.match('GET', '/users/1/2').status,
      hint(3, 'split the path on "/" first; a parameter takes one segment'),
    ).toBe(404);
  });

  it('keeps the query out of the value', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    expect(
      paramsOf(router.match('GET', '/users/1?tab=posts')),
      hint(3, 'cut the query off before splitting the path'),
    ).toEqual({ id: '1' });
  });

  it('percent-decodes a value exactly once (RFC 3986 §2.4): "%2541" is "%41", not "A"', () => {
    const why = hint(3, 'decodeURIComponent once per segment, after splitting, never again');
    const router = new Router<string>().add('GET', '/q/:term', 'q');
    expect(paramsOf(router.match('GET', '/q/%2541')), why).toEqual({ term: '%41' });
    expect(paramsOf(router.match('GET', '/q/a%20b')), why).toEqual({ term: 'a b' });
  });

  it('keeps "%2F" inside its segment: it is data, not a separator', () => {
    const why = hint(3, 'split first, decode second: a decoded "/" is data');
    const router = new Router<string>()
      .add('GET', '/files/:name', 'one')
      .add('GET', '/files/:dir/:name', 'two');
    const result = found(router.match('GET', '/files/a%2Fb'));
    expect(result.handler, why).toBe('one');
    expect({ ...result.params }, why).toEqual({ name: 'a/b' });
  });

  it('decodes UTF-8 sequences into characters', () => {
    const why = hint(3, 'decodeURIComponent decodes UTF-8; do not decode byte by byte');
    const router = new Router<string>().add('GET', '/snow/:c', 'c');
    expect(paramsOf(router.match('GET', '/snow/%E2%98%83')), why).toEqual({ c: '☃' });
    expect(paramsOf(router.match('GET', '/snow/%f0%9f%98%80')), why).toEqual({ c: '😀' });
  });

  it('keeps "+" as "+": form encoding does not apply to paths', () => {
    const router = new Router<string>().add('GET', '/q/:term', 'q');
    expect(
      paramsOf(router.match('GET', '/q/a+b')),
      hint(3, '"+" means space only in forms; a path keeps it'),
    ).toEqual({ term: 'a+b' });
  });

  it('answers 400 for a malformed percent-escape', () => {
    const router = new Router<string>().add('GET', '/q/:term', 'q');
    for (const path of ['/q/%zz', '/q/%', '/q/a%2', '/q/%E2%98', '/q/%C0%AF']) {
      expect(router.match('GET', path).status, path).toBe(400);
    }
  });

  it('compares static segments with the decoded path ("/%61bout" is "/about")', () => {
    const why = hint(3, 'decode each segment before comparing it with static text');
    const router = new Router<string>().add('GET', '/about', 'about').add('GET', '/café', 'cafe');
    expect(found(router.match('GET', '/%61bout')).handler, why).toBe('about');
    expect(found(router.match('GET', '/caf%C3%A9')).handler, why).toBe('cafe');
    expect(found(router.match('GET', '/café')).handler, why).toBe('cafe');
  });

  it('names values by the route that matched, whatever names other methods use', () => {
    const why = hint(3, 'store values in an array and take the names from the winning route');
    const router = new Router<string>()
      .add('GET', '/items/:id', 'get')
      .add('PUT', '/items/:slug', 'put');
    expect(paramsOf(router.match('GET', '/items/x')), why).toEqual({ id: 'x' });
    expect(paramsOf(router.match('PUT', '/items/x')), why).toEqual({ slug: 'x' });
  });

  it('captures two parameters in one segment split by text ("/flights/:from-:to")', () => {
    const router = new Router<string>().add('GET', '/flights/:from-:to', 'f');
    expect(
      paramsOf(router.match('GET', '/flights/LHR-JFK')),
      hint(3, 'work on the raw segment: indexOf("-", start + 1) ends the first value'),
    ).toEqual({
      from: 'LHR',
      to: 'JFK',
    });
  });

  it('ends a parameter at the first occurrence of the text after it ("archive.tar.gz")', () => {
    const router = new Router<string>().add('GET', '/dl/:name.:ext', 'dl');
    expect(
      paramsOf(router.match('GET', '/dl/archive.tar.gz')),
      hint(
        3,
        'indexOf the literal after the parameter from its start: the first occurrence ends it',
      ),
    ).toEqual({
      name: 'archive',
      ext: 'tar.gz',
    });
  });

  it('matches literal text around parameters ("/api/v:major.:minor")', () => {
    const why = hint(
      3,
      'the literal parts of a segment must match exactly, before, between and after parameters',
    );
    const router = new Router<string>().add('GET', '/api/v:major.:minor', 'api');
    expect(paramsOf(router.match('GET', '/api/v1.2')), why).toEqual({
      major: '1',
      minor: '2',
    });
    expect(router.match('GET', '/api/x1.2').status, why).toBe(404);
    expect(router.match('GET', '/api/v12').status, why).toBe(404);
  });

  it('does not split on an escaped separator: "A%2DB-C" is from "A-B", to "C"', () => {
    const router = new Router<string>().add('GET', '/flights/:from-:to', 'f');
    expect(
      paramsOf(router.match('GET', '/flights/A%2DB-C')),
      hint(3, 'cut on the raw segment, then decode each piece'),
    ).toEqual({
      from: 'A-B',
      to: 'C',
    });
  });

  it('requires every parameter of a segment to be non-empty', () => {
    const router = new Router<string>().add('GET', '/flights/:from-:to', 'f');
    for (const path of ['/flights/-JFK', '/flights/LHR-', '/flights/-', '/flights/LHRJFK']) {
      expect(router.match('GET', path).status, path).toBe(404);
    }
  });

  it('rejects text beside a parameter that is not a plain URI character ("%", space, "é")', () => {
    const router = new Router<string>();
    for (const pattern of ['/:a%x', '/:a-%', '/f/:a b', '/f/é:a']) {
      expectCode(
        () => router.add('GET', pattern, 'x'),
        RouterError,
        'ERR_ROUTER_INVALID_PATTERN',
        pattern,
      );
    }
  });

  it('rejects parameters without a name, side by side, or named twice', () => {
    const router = new Router<string>();
    for (const pattern of ['/:', '/a/:/b', '/:a:b', '/:id/:id', '/:1abc', '/x/:a-:a', '/:a/*a']) {
      expectCode(
        () => router.add('GET', pattern, 'x'),
        RouterError,
        'ERR_ROUTER_INVALID_PATTERN',
        pattern,
      );
    }
  });
});
