import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
import { found } from './support.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  2,
  'collect the methods of the routes that match the path; Allow is a sorted Set with HEAD and OPTIONS',
);

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
    const router = rest();
    expect(found(router.match('GET', '/users')).handler, STAGE_HINT).toBe('list');
    expect(found(router.match('POST', '/users')).handler, STAGE_HINT).toBe('create');
  });

  it('answers 405 with Allow sorted, HEAD beside GET and OPTIONS (RFC 9110 §15.5.6)', () => {
    expect(rest().match('PATCH', '/users'), STAGE_HINT).toMatchObject({
      status: 405,
      allow: ['GET', 'HEAD', 'OPTIONS', 'POST'],
    });
  });

  it('lists no HEAD in Allow when the path has no GET', () => {
    expect(rest().match('GET', '/jobs'), STAGE_HINT).toMatchObject({
      status: 405,
      allow: ['OPTIONS', 'POST'],
    });
  });

  it('answers 405, not 404, for a method no route uses at all', () => {
    expect(rest().match('BREW', '/users').status, STAGE_HINT).toBe(405);
  });

  it('answers 404, not 405, when no route of any method has the path', () => {
    expect(rest().match('PATCH', '/nothing').status, STAGE_HINT).toBe(404);
  });

  it('collects Allow from every route that matches the path, at any precedence', () => {
    // DELETE /users/me (static) and GET, PUT /users/:id (parameter) all match /users/me.
    expect(rest().match('PATCH', '/users/me'), STAGE_HINT).toMatchObject({
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
    expect(router.match('POST', '/a/b'), STAGE_HINT).toMatchObject({
      status: 405,
      allow: ['GET', 'HEAD', 'OPTIONS'],
    });
  });

  it('falls back to the GET route for HEAD (RFC 9110 §9.3.2)', () => {
    const result = found(rest().match('HEAD', '/users/7'));
    expect(result.handler, STAGE_HINT).toBe('show');
    expect(result.route.method, STAGE_HINT).toBe('GET');
    expect({ ...result.params }, STAGE_HINT).toEqual({ id: '7' });
  });

  it('prefers an explicit HEAD route to the GET fallback', () => {
    const router = new Router<string>().add('GET', '/file', 'get').add('HEAD', '/file', 'head');
    expect(found(router.match('HEAD', '/file')).handler, STAGE_HINT).toBe('head');
    expect(found(router.match('GET', '/file')).handler, STAGE_HINT).toBe('get');
  });

  it('does not answer GET with a HEAD route', () => {
    const router = new Router<string>().add('HEAD', '/ping', 'head');
    expect(router.match('GET', '/ping'), STAGE_HINT).toMatchObject({
      status: 405,
      allow: ['HEAD', 'OPTIONS'],
    });
  });

  it('treats method names as case-sensitive (RFC 9110 §9.1)', () => {
    expect(rest().match('get', '/users').status, STAGE_HINT).toBe(405);
  });

  it('registers one handler for several methods at once', () => {
    const router = new Router<string>().add(['GET', 'POST'], '/form', 'form');
    expect(found(router.match('GET', '/form')).handler, STAGE_HINT).toBe('form');
    expect(found(router.match('POST', '/form')).route.method, STAGE_HINT).toBe('POST');
  });

  it('accepts any token as a method (PURGE, M-SEARCH)', () => {
    const router = new Router<string>().add(['PURGE', 'M-SEARCH'], '/cache', 'c');
    expect(found(router.match('PURGE', '/cache')).handler, STAGE_HINT).toBe('c');
    expect(found(router.match('M-SEARCH', '/cache')).handler, STAGE_HINT).toBe('c');
  });

  it('tries a less specific route of the request method before answering 405', () => {
    // POST /users/new is more specific, but it is not a GET route: GET /users/:id takes it.
    const router = new Router<string>()
      .add('POST', '/users/new', 'create')
      .add('GET', '/users/:id', 'show');
    const result = found(router.match('GET', '/users/new'));
    expect(result.handler, STAGE_HINT).toBe('show');
    expect({ ...result.params }, STAGE_HINT).toEqual({ id: 'new' });
  });

  it('answers OPTIONS by itself with 204 and Allow (RFC 9110 §9.3.7)', () => {
    expect(rest().match('OPTIONS', '/users/42'), STAGE_HINT).toEqual({
      status: 204,
      allow: ['GET', 'HEAD', 'OPTIONS', 'PUT'],
      steps: expect.any(Number),
    });
  });

  it('lets an explicit OPTIONS route answer instead', () => {
    const router = rest().add('OPTIONS', '/users', 'preflight');
    expect(found(router.match('OPTIONS', '/users')).handler, STAGE_HINT).toBe('preflight');
  });

  it('answers OPTIONS on an unknown path with 404', () => {
    expect(rest().match('OPTIONS', '/nothing').status, STAGE_HINT).toBe(404);
  });

  it('answers OPTIONS and 405 on the root path too', () => {
    const router = new Router<string>().add('GET', '/', 'home').add('GET', '/a', 'a');
    expect(router.match('OPTIONS', '/'), STAGE_HINT).toMatchObject({
      status: 204,
      allow: ['GET', 'HEAD', 'OPTIONS'],
    });
    expect(router.match('POST', '/'), STAGE_HINT).toMatchObject({ status: 405 });
  });

  it('hands out a fresh Allow list: changing one answer does not change the next', () => {
    const router = rest();
    const first = router.match('PATCH', '/jobs');
    if ('allow' in first) first.allow.push('MUTATED');
    expect(router.match('PATCH', '/jobs'), STAGE_HINT).toMatchObject({
      allow: ['OPTIONS', 'POST'],
    });
  });

  it('answers "OPTIONS *" with every method the router knows (RFC 9110 §9.3.7)', () => {
    expect(rest().match('OPTIONS', '*'), STAGE_HINT).toMatchObject({
      status: 204,
      allow: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'],
    });
    expect(rest().match('GET', '*').status, STAGE_HINT).toBe(404);
  });
});
