import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router, RouterError } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(3, 'split first, decode each segment once; a broken escape is a 400');

describe('3. Parameters and decoding', () => {
  it('captures one segment with ":id"', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    const result = found(router.match('GET', '/users/42'));
    expect(result.handler, STAGE_HINT).toBe('show');
    expect({ ...result.params }, STAGE_HINT).toEqual({ id: '42' });
  });

  it('captures several parameters by name', () => {
    const router = new Router<string>().add('GET', '/users/:uid/posts/:pid', 'post');
    expect(paramsOf(router.match('GET', '/users/7/posts/99')), STAGE_HINT).toEqual({
      uid: '7',
      pid: '99',
    });
  });

  it('does not match an empty segment with a parameter', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    expect(router.match('GET', '/users/').status, STAGE_HINT).toBe(404);
    expect(router.match('GET', '/users').status, STAGE_HINT).toBe(404);
  });

  it('never lets a parameter span a "/"', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    expect(router.match('GET', '/users/1/2').status, STAGE_HINT).toBe(404);
  });

  it('keeps the query out of the value', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    expect(paramsOf(router.match('GET', '/users/1?tab=posts')), STAGE_HINT).toEqual({ id: '1' });
  });

  it('percent-decodes a value exactly once (RFC 3986 §2.4): "%2541" is "%41", not "A"', () => {
    const router = new Router<string>().add('GET', '/q/:term', 'q');
    expect(paramsOf(router.match('GET', '/q/%2541')), STAGE_HINT).toEqual({ term: '%41' });
    expect(paramsOf(router.match('GET', '/q/a%20b')), STAGE_HINT).toEqual({ term: 'a b' });
  });

  it('keeps "%2F" inside its segment: it is data, not a separator', () => {
    const router = new Router<string>()
      .add('GET', '/files/:name', 'one')
      .add('GET', '/files/:dir/:name', 'two');
    const result = found(router.match('GET', '/files/a%2Fb'));
    expect(result.handler, STAGE_HINT).toBe('one');
    expect({ ...result.params }, STAGE_HINT).toEqual({ name: 'a/b' });
  });

  it('decodes UTF-8 sequences into characters', () => {
    const router = new Router<string>().add('GET', '/snow/:c', 'c');
    expect(paramsOf(router.match('GET', '/snow/%E2%98%83')), STAGE_HINT).toEqual({ c: '☃' });
    expect(paramsOf(router.match('GET', '/snow/%f0%9f%98%80')), STAGE_HINT).toEqual({ c: '😀' });
  });

  it('keeps "+" as "+": form encoding does not apply to paths', () => {
    const router = new Router<string>().add('GET', '/q/:term', 'q');
    expect(paramsOf(router.match('GET', '/q/a+b')), STAGE_HINT).toEqual({ term: 'a+b' });
  });

  it('answers 400 for a malformed percent-escape', () => {
    const router = new Router<string>().add('GET', '/q/:term', 'q');
    for (const path of ['/q/%zz', '/q/%', '/q/a%2', '/q/%E2%98', '/q/%C0%AF']) {
      expect(router.match('GET', path).status, path).toBe(400);
    }
  });

  it('compares static segments with the decoded path ("/%61bout" is "/about")', () => {
    const router = new Router<string>().add('GET', '/about', 'about').add('GET', '/café', 'cafe');
    expect(found(router.match('GET', '/%61bout')).handler, STAGE_HINT).toBe('about');
    expect(found(router.match('GET', '/caf%C3%A9')).handler, STAGE_HINT).toBe('cafe');
    expect(found(router.match('GET', '/café')).handler, STAGE_HINT).toBe('cafe');
  });

  it('names values by the route that matched, whatever names other methods use', () => {
    const router = new Router<string>()
      .add('GET', '/items/:id', 'get')
      .add('PUT', '/items/:slug', 'put');
    expect(paramsOf(router.match('GET', '/items/x')), STAGE_HINT).toEqual({ id: 'x' });
    expect(paramsOf(router.match('PUT', '/items/x')), STAGE_HINT).toEqual({ slug: 'x' });
  });

  it('captures two parameters in one segment split by text ("/flights/:from-:to")', () => {
    const router = new Router<string>().add('GET', '/flights/:from-:to', 'f');
    expect(paramsOf(router.match('GET', '/flights/LHR-JFK')), STAGE_HINT).toEqual({
      from: 'LHR',
      to: 'JFK',
    });
  });

  it('ends a parameter at the first occurrence of the text after it ("archive.tar.gz")', () => {
    const router = new Router<string>().add('GET', '/dl/:name.:ext', 'dl');
    expect(paramsOf(router.match('GET', '/dl/archive.tar.gz')), STAGE_HINT).toEqual({
      name: 'archive',
      ext: 'tar.gz',
    });
  });

  it('matches literal text around parameters ("/api/v:major.:minor")', () => {
    const router = new Router<string>().add('GET', '/api/v:major.:minor', 'api');
    expect(paramsOf(router.match('GET', '/api/v1.2')), STAGE_HINT).toEqual({
      major: '1',
      minor: '2',
    });
    expect(router.match('GET', '/api/x1.2').status, STAGE_HINT).toBe(404);
    expect(router.match('GET', '/api/v12').status, STAGE_HINT).toBe(404);
  });

  it('does not split on an escaped separator: "A%2DB-C" is from "A-B", to "C"', () => {
    const router = new Router<string>().add('GET', '/flights/:from-:to', 'f');
    expect(paramsOf(router.match('GET', '/flights/A%2DB-C')), STAGE_HINT).toEqual({
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
