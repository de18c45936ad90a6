import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
import { found, paramsOf } from './support.ts';

describe('3. Parameters and decoding', () => {
  it('captures one segment with ":id"', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    const result = found(router.match('GET', '/users/42'));
    expect(result.handler).toBe('show');
    expect({ ...result.params }).toEqual({ id: '42' });
  });

  it('captures several parameters by name', () => {
    const router = new Router<string>().add('GET', '/users/:uid/posts/:pid', 'post');
    expect(paramsOf(router.match('GET', '/users/7/posts/99'))).toEqual({ uid: '7', pid: '99' });
  });

  it('does not match an empty segment with a parameter', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    expect(router.match('GET', '/users/').status).toBe(404);
    expect(router.match('GET', '/users').status).toBe(404);
  });

  it('never lets a parameter span a "/"', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    expect(router.match('GET', '/users/1/2').status).toBe(404);
  });

  it('keeps the query out of the value', () => {
    const router = new Router<string>().add('GET', '/users/:id', 'show');
    expect(paramsOf(router.match('GET', '/users/1?tab=posts'))).toEqual({ id: '1' });
  });

  it('percent-decodes a value exactly once (RFC 3986 §2.4): "%2541" is "%41", not "A"', () => {
    const router = new Router<string>().add('GET', '/q/:term', 'q');
    expect(paramsOf(router.match('GET', '/q/%2541'))).toEqual({ term: '%41' });
    expect(paramsOf(router.match('GET', '/q/a%20b'))).toEqual({ term: 'a b' });
  });

  it('keeps "%2F" inside its segment: it is data, not a separator', () => {
    const router = new Router<string>()
      .add('GET', '/files/:name', 'one')
      .add('GET', '/files/:dir/:name', 'two');
    const result = found(router.match('GET', '/files/a%2Fb'));
    expect(result.handler).toBe('one');
    expect({ ...result.params }).toEqual({ name: 'a/b' });
  });

  it('decodes UTF-8 sequences into characters', () => {
    const router = new Router<string>().add('GET', '/snow/:c', 'c');
    expect(paramsOf(router.match('GET', '/snow/%E2%98%83'))).toEqual({ c: '☃' });
    expect(paramsOf(router.match('GET', '/snow/%f0%9f%98%80'))).toEqual({ c: '😀' });
  });

  it('keeps "+" as "+": form encoding does not apply to paths', () => {
    const router = new Router<string>().add('GET', '/q/:term', 'q');
    expect(paramsOf(router.match('GET', '/q/a+b'))).toEqual({ term: 'a+b' });
  });

  it('answers 400 for a malformed percent-escape', () => {
    const router = new Router<string>().add('GET', '/q/:term', 'q');
    for (const path of ['/q/%zz', '/q/%', '/q/a%2', '/q/%E2%98', '/q/%C0%AF']) {
      expect(router.match('GET', path).status, path).toBe(400);
    }
  });

  it('compares static segments with the decoded path ("/%61bout" is "/about")', () => {
    const router = new Router<string>().add('GET', '/about', 'about').add('GET', '/café', 'cafe');
    expect(found(router.match('GET', '/%61bout')).handler).toBe('about');
    expect(found(router.match('GET', '/caf%C3%A9')).handler).toBe('cafe');
    expect(found(router.match('GET', '/café')).handler).toBe('cafe');
  });

  it('names values by the route that matched, whatever names other methods use', () => {
    const router = new Router<string>()
      .add('GET', '/items/:id', 'get')
      .add('PUT', '/items/:slug', 'put');
    expect(paramsOf(router.match('GET', '/items/x'))).toEqual({ id: 'x' });
    expect(paramsOf(router.match('PUT', '/items/x'))).toEqual({ slug: 'x' });
  });

  it('captures two parameters in one segment split by text ("/flights/:from-:to")', () => {
    const router = new Router<string>().add('GET', '/flights/:from-:to', 'f');
    expect(paramsOf(router.match('GET', '/flights/LHR-JFK'))).toEqual({ from: 'LHR', to: 'JFK' });
  });

  it('ends a parameter at the first occurrence of the text after it ("archive.tar.gz")', () => {
    const router = new Router<string>().add('GET', '/dl/:name.:ext', 'dl');
    expect(paramsOf(router.match('GET', '/dl/archive.tar.gz'))).toEqual({
      name: 'archive',
      ext: 'tar.gz',
    });
  });

  it('matches literal text around parameters ("/api/v:major.:minor")', () => {
    const router = new Router<string>().add('GET', '/api/v:major.:minor', 'api');
    expect(paramsOf(router.match('GET', '/api/v1.2'))).toEqual({ major: '1', minor: '2' });
    expect(router.match('GET', '/api/x1.2').status).toBe(404);
    expect(router.match('GET', '/api/v12').status).toBe(404);
  });

  it('does not split on an escaped separator: "A%2DB-C" is from "A-B", to "C"', () => {
    const router = new Router<string>().add('GET', '/flights/:from-:to', 'f');
    expect(paramsOf(router.match('GET', '/flights/A%2DB-C'))).toEqual({ from: 'A-B', to: 'C' });
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
      expect(() => router.add('GET', pattern, 'x'), pattern).toThrow(
        expect.objectContaining({ code: 'ERR_ROUTER_INVALID_PATTERN' }),
      );
    }
  });

  it('rejects parameters without a name, side by side, or named twice', () => {
    const router = new Router<string>();
    for (const pattern of ['/:', '/a/:/b', '/:a:b', '/:id/:id', '/:1abc', '/x/:a-:a', '/:a/*a']) {
      expect(() => router.add('GET', pattern, 'x'), pattern).toThrow(
        expect.objectContaining({ code: 'ERR_ROUTER_INVALID_PATTERN' }),
      );
    }
  });
});
