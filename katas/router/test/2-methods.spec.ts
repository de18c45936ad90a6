import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
import { found } from './support.ts';

function rest(): Router<string> {
  return new Router<string>()
    .add('GET', '/users', 'list')
    .add('POST', '/users', 'create')
    .add('GET', '/users/:id', 'show')
    .add('PUT', '/users/:id', 'update')
    .add('DELETE', '/users/me', 'leave')
    .add('POST', '/jobs', 'enqueue');
}

describe('2. Methods: 405 with Allow, HEAD and OPTIONS', () => {
  it('picks the handler of the request method', () => {
    const why = hint(2, 'the path finds a Map of method to route: get(method)');
    const router = rest();
    expect(found(router.match('GET', '/users')).handler, why).toBe('list');
    expect(found(router.match('POST', '/users')).handler, why).toBe('create');
  });

  it('answers 405 with Allow sorted, HEAD beside GET and OPTIONS (RFC 9110 §15.5.6)', () => {
    expect(
      rest().match('PATCH', '/users'),
      hint(
        2,
        "Allow: the path's methods in a Set, plus HEAD when GET is there, plus OPTIONS, then sorted",
      ),
    ).toMatchObject({
      status: 405,
      allow: ['GET', 'HEAD', 'OPTIONS', 'POST'],
    });
  });

  it('lists no HEAD in Allow when the path has no GET', () => {
    expect(
      rest().match('GET', '/jobs'),
      hint(2, "add HEAD to Allow only when GET is among the path's methods"),
    ).toMatchObject({
      status: 405,
      allow: ['OPTIONS', 'POST'],
    });
  });

  it('answers 405, not 404, for a method no route uses at all', () => {
    expect(
      rest().match('BREW', '/users').status,
      hint(2, 'a path that exists for some method is 405, even for a method the router never saw'),
    ).toBe(405);
  });

  it('answers 404, not 405, when no route of any method has the path', () => {
    expect(
      rest().match('PATCH', '/nothing').status,
      hint(2, '405 needs a route of another method on this path; no route at all is 404'),
    ).toBe(404);
  });

  it('collects Allow from every route that matches the path, at any precedence', () => {
    // DELETE /users/me (static) and GET, PUT /users/:id (parameter) all match /users/me.
    expect(
      rest().match('PATCH', '/users/me'),
      hint(
        2,
        'collect the methods of every route the search reaches for this path, not only the first',
      ),
    ).toMatchObject({
      status: 405,
      allow: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PUT'],
    });
  });

  it('lists each method once in Allow', () => {
    const router = new Router<string>()
      .add('GET', '/a/:x', 'x')
      .add('GET', '/a/b', 'b')
      .add('GET', '/a/*rest', 'rest')
      .add('HEAD', '/a/b', 'head');
    expect(
      router.match('POST', '/a/b'),
      hint(2, 'build Allow from a Set, not an array'),
    ).toMatchObject({
      status: 405,
      allow: ['GET', 'HEAD', 'OPTIONS'],
    });
  });

  it('falls back to the GET route for HEAD (RFC 9110 §9.3.2)', () => {
    const why = hint(2, 'at the leaf: get(method) ?? (method === "HEAD" ? get("GET") : undefined)');
    const result = found(rest().match('HEAD', '/users/7'));
    expect(result.handler, why).toBe('show');
    expect(result.route.method, why).toBe('GET');
    expect({ ...result.params }, why).toEqual({ id: '7' });
  });

  it('prefers an explicit HEAD route to the GET fallback', () => {
    const why = hint(2, 'look up HEAD itself first; fall back to GET only when there is none');
    const router = new Router<string>().add('GET', '/file', 'get').add('HEAD', '/file', 'head');
    expect(found(router.match('HEAD', '/file')).handler, why).toBe('head');
    expect(found(router.match('GET', '/file')).handler, why).toBe('get');
  });

  it('does not answer GET with a HEAD route', () => {
    const router = new Router<string>().add('HEAD', '/ping', 'head');
    expect(
      router.match('GET', '/ping'),
      hint(2, 'the fallback goes one way only: HEAD may use GET, never the reverse'),
    ).toMatchObject({
      status: 405,
      allow: ['HEAD', 'OPTIONS'],
    });
  });

  it('treats method names as case-sensitive (RFC 9110 §9.1)', () => {
    expect(
      rest().match('get', '/users').status,
      hint(2, 'never upper- or lower-case the method: "get" is another method than "GET"'),
    ).toBe(405);
  });

  it('registers one handler for several methods at once', () => {
    const why = hint(2, 'add accepts a method or an array of methods: loop over them');
    const router = new Router<string>().add(['GET', 'POST'], '/form', 'form');
    expect(found(router.match('GET', '/form')).handler, why).toBe('form');
    expect(found(router.match('POST', '/form')).route.method, why).toBe('POST');
  });

  it('accepts any token as a method (PURGE, M-SEARCH)', () => {
    const why = hint(2, 'any RFC 9110 token is a method; do not keep a list of known ones');
    const router = new Router<string>().add(['PURGE', 'M-SEARCH'], '/cache', 'c');
    expect(found(router.match('PURGE', '/cache')).handler, why).toBe('c');
    expect(found(router.match('M-SEARCH', '/cache')).handler, why).toBe('c');
  });

  it('tries a less specific route of the request method before answering 405', () => {
    const why = hint(
      2,
      'a route of another method on a specific branch must not stop the search for this method on a less specific one',
    );
    // POST /users/new is more specific, but it is not a GET route: GET /users/:id takes it.
    const router = new Router<string>()
      .add('POST', '/users/new', 'create')
      .add('GET', '/users/:id', 'show');
    const result = found(router.match('GET', '/users/new'));
    expect(result.handler, why).toBe('show');
    expect({ ...result.params }, why).toEqual({ id: 'new' });
  });

  it('answers OPTIONS by itself with 204 and Allow (RFC 9110 §9.3.7)', () => {
    expect(
      rest().match('OPTIONS', '/users/42'),
      hint(
        2,
        'OPTIONS without an OPTIONS route: { status: 204, allow } with the same Allow a 405 would carry',
      ),
    ).toEqual({
      status: 204,
      allow: ['GET', 'HEAD', 'OPTIONS', 'PUT'],
      steps: expect.any(Number),
    });
  });

  it('lets an explicit OPTIONS route answer instead', () => {
    const router = rest().add('OPTIONS', '/users', 'preflight');
    expect(
      found(router.match('OPTIONS', '/users')).handler,
      hint(2, 'look for an OPTIONS route first; answer 204 only when there is none'),
    ).toBe('preflight');
  });

  it('answers OPTIONS on an unknown path with 404', () => {
    expect(
      rest().match('OPTIONS', '/nothing').status,
      hint(2, 'the automatic OPTIONS answer needs a route on the path; no route is 404'),
    ).toBe(404);
  });

  it('answers OPTIONS and 405 on the root path too', () => {
    const why = hint(2, '"/" goes through the same method logic as every other path');
    const router = new Router<string>().add('GET', '/', 'home').add('GET', '/a', 'a');
    expect(router.match('OPTIONS', '/'), why).toMatchObject({
      status: 204,
      allow: ['GET', 'HEAD', 'OPTIONS'],
    });
    expect(router.match('POST', '/'), why).toMatchObject({ status: 405 });
  });

  it('hands out a fresh Allow list: changing one answer does not change the next', () => {
    const router = rest();
    const first = router.match('PATCH', '/jobs');
    if ('allow' in first) first.allow.push('MUTATED');
    expect(
      router.match('PATCH', '/jobs'),
      hint(2, 'build a new array for each answer; never return a cached one the caller can change'),
    ).toMatchObject({
      allow: ['OPTIONS', 'POST'],
    });
  });

  it('answers "OPTIONS *" with every method the router knows (RFC 9110 §9.3.7)', () => {
    const why = hint(
      2,
      '"*" is the asterisk-form: 204 with the Allow of every method the router has',
    );
    expect(rest().match('OPTIONS', '*'), why).toMatchObject({
      status: 204,
      allow: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'],
    });
    expect(rest().match('GET', '*').status, why).toBe(404);
  });
});
