import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import type { HttpError } from '../src/index.ts';
import { createTodoApi, mergePatch } from '../src/todos.ts';
import { fieldsOf, links, type Running, useApp } from './helpers.ts';

const start = useApp();
const api = (options = {}) => start(createTodoApi(options));
const MERGE = { 'Content-Type': 'application/merge-patch+json' };

async function seed(running: Running, n: number, done = (i: number) => i % 2 === 0) {
  for (let i = 1; i <= n; i++)
    await running.send('POST', '/todos', { title: `t${i}`, done: done(i) });
}

describe('5. A REST API', () => {
  describe('POST /todos', () => {
    it('creates a to-do: 201, Location, ETag and the representation', async () => {
      const running = await api();
      const res = await running.send('POST', '/todos', { title: 'Buy tea' });
      expect(res.status, hint(5, 'POST creates: 201 Created')).toBe(201);
      expect(res.headers.location, hint(5, 'Location names the new resource')).toBe('/todos/1');
      expect(res.headers.etag, hint(5, 'a strong entity tag')).toMatch(/^"[\x21\x23-\x7e]+"$/);
      expect(res.json, hint(5, 'done defaults to false')).toEqual({
        id: '1',
        title: 'Buy tea',
        done: false,
      });
    });

    it('numbers new to-dos 1, 2, 3…', async () => {
      const running = await api();
      await seed(running, 3);
      const res = await running.send('POST', '/todos', { title: 'x', done: true });
      expect(res.json, hint(5, 'ids from a counter')).toEqual({ id: '4', title: 'x', done: true });
    });

    it('refuses a body that is not JSON with 415', async () => {
      const res = await (await api()).call('/todos', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: 'title=x',
      });
      expect(res.status, hint(5, 'application/json only')).toBe(415);
    });

    it('refuses malformed JSON with 400', async () => {
      const res = await (await api()).send('POST', '/todos', '{"title":');
      expect(res.status, hint(5, 'req.json() says 400')).toBe(400);
    });

    it('names every invalid field in a 422 problem', async () => {
      const res = await (await api()).send('POST', '/todos', {
        title: '',
        done: 'yes',
        colour: 'red',
      });
      expect(res.status, hint(5, 'well-formed but invalid: 422')).toBe(422);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(fieldsOf(res.json), hint(5, 'errors: [{ field, message }]')).toEqual([
        'colour',
        'done',
        'title',
      ]);
    });

    it('refuses a blank title, a title of 201 characters, and a missing title', async () => {
      const running = await api();
      for (const body of [{ title: '   ' }, { title: 'x'.repeat(201) }, {}]) {
        const res = await running.send('POST', '/todos', body);
        expect(fieldsOf(res.json), hint(5, 'title: 1–200 characters, not blank')).toEqual([
          'title',
        ]);
      }
      const ok = await running.send('POST', '/todos', { title: 'x'.repeat(200) });
      expect(ok.status, hint(5, '200 characters is fine')).toBe(201);
    });

    it('refuses a client-chosen id (read-only) and a body that is not an object', async () => {
      const running = await api();
      expect(
        fieldsOf((await running.send('POST', '/todos', { id: '9', title: 'x' })).json),
      ).toEqual(['id']);
      const arr = await running.send('POST', '/todos', [1]);
      expect(arr.status, hint(5, 'an array is not a to-do')).toBe(422);
    });
  });

  describe('GET', () => {
    it('reads one to-do with its ETag', async () => {
      const running = await api();
      const made = await running.send('POST', '/todos', { title: 'a' });
      const res = await running.get('/todos/1');
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ id: '1', title: 'a', done: false });
      expect(res.headers.etag, hint(5, 'the same ETag for the same representation')).toBe(
        made.headers.etag,
      );
    });

    it('answers 404 problem details for an unknown id', async () => {
      const res = await (await api()).get('/todos/404');
      expect(res.status, hint(5, 'unknown: 404')).toBe(404);
      expect(res.json).toMatchObject({ status: 404 });
    });

    it('answers 304 for If-None-Match with the current ETag', async () => {
      const running = await api();
      const etag = (await running.send('POST', '/todos', { title: 'a' })).headers.etag!;
      const res = await running.get('/todos/1', { 'If-None-Match': etag });
      expect(res.status, hint(5, 'conditional GET (RFC 9110 §13.1.2)')).toBe(304);
      expect(res.body.length).toBe(0);
      expect(res.headers.etag).toBe(etag);
    });

    it('answers 200 for If-None-Match with another ETag', async () => {
      const running = await api();
      await running.send('POST', '/todos', { title: 'a' });
      expect((await running.get('/todos/1', { 'If-None-Match': '"nope"' })).status).toBe(200);
    });

    it('answers 406 when Accept does not allow JSON, and 200 when it does', async () => {
      const running = await api();
      await running.send('POST', '/todos', { title: 'a' });
      const no = await running.get('/todos/1', { Accept: 'text/html' });
      expect(no.status, hint(5, 'nothing acceptable: 406')).toBe(406);
      const q0 = await running.get('/todos', { Accept: 'application/json;q=0, text/*' });
      expect(q0.status, hint(5, 'q=0 means not acceptable')).toBe(406);
      for (const accept of ['application/json', 'application/*', '*/*', 'text/html, */*;q=0.1']) {
        expect((await running.get('/todos/1', { Accept: accept })).status, accept).toBe(200);
      }
    });

    it('answers HEAD like GET without a body', async () => {
      const running = await api();
      await running.send('POST', '/todos', { title: 'a' });
      const res = await running.call('/todos/1', { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.etag, hint(5, 'HEAD has the same fields')).toBeDefined();
      expect(res.body.length).toBe(0);
    });
  });

  describe('GET /todos: pages and filters', () => {
    it('lists to-dos in the order they were created, 10 at a time by default', async () => {
      const running = await api();
      await seed(running, 12);
      const res = await running.get('/todos');
      expect(res.status).toBe(200);
      expect(
        (res.json as Array<{ id: string }>).map((t) => t.id),
        hint(5, 'limit 10'),
      ).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      expect(res.headers['x-total-count'], hint(5, 'X-Total-Count: all matching')).toBe('12');
    });

    it('links the next page and not a previous one on the first page', async () => {
      const running = await api();
      await seed(running, 5);
      const l = links((await running.get('/todos?limit=2')).headers.link);
      expect(l.prev, hint(5, 'no prev on the first page')).toBeUndefined();
      const next = new URL(l.next ?? '', 'http://x');
      expect(next.pathname, hint(5, 'Link: <…>; rel="next" (RFC 8288)')).toBe('/todos');
      expect([next.searchParams.get('limit'), next.searchParams.get('offset')]).toEqual(['2', '2']);
    });

    it('links both ways in the middle and only back on the last page', async () => {
      const running = await api();
      await seed(running, 5);
      const middle = links((await running.get('/todos?limit=2&offset=2')).headers.link);
      expect(
        new URL(middle.prev ?? '', 'http://x').searchParams.get('offset'),
        hint(5, 'prev'),
      ).toBe('0');
      expect(
        new URL(middle.next ?? '', 'http://x').searchParams.get('offset'),
        hint(5, 'next'),
      ).toBe('4');
      const last = await running.get('/todos?limit=2&offset=4');
      expect((last.json as unknown[]).length).toBe(1);
      const l = links(last.headers.link);
      expect(l.next, hint(5, 'no next on the last page')).toBeUndefined();
      expect(new URL(l.prev ?? '', 'http://x').searchParams.get('offset')).toBe('2');
    });

    it('has no next link on a last page that is exactly full', async () => {
      const running = await api();
      await seed(running, 4);
      const last = await running.get('/todos?limit=2&offset=2');
      expect((last.json as unknown[]).length).toBe(2);
      expect(
        links(last.headers.link).next,
        hint(5, 'next only when offset + limit < total'),
      ).toBeUndefined();
      const whole = await running.get('/todos?limit=4');
      expect(whole.headers.link, hint(5, 'all four fit: no Link')).toBeUndefined();
    });

    it('sends no Link field when everything fits on one page', async () => {
      const running = await api();
      await seed(running, 3);
      expect(
        (await running.get('/todos')).headers.link,
        hint(5, 'no pages, no links'),
      ).toBeUndefined();
    });

    it('filters by done and keeps the filter in the links', async () => {
      const running = await api();
      await seed(running, 7);
      const res = await running.get('/todos?done=true&limit=2');
      const todos = res.json as Array<{ id: string; done: boolean }>;
      expect(
        todos.map((t) => t.id),
        hint(5, 'done=true: the even ones here'),
      ).toEqual(['2', '4']);
      expect(res.headers['x-total-count']).toBe('3');
      const next = new URL(links(res.headers.link).next ?? '', 'http://x');
      expect(next.searchParams.get('done'), hint(5, 'the next page is of the same filter')).toBe(
        'true',
      );
      const rest = await running.get(`${next.pathname}${next.search}`);
      expect((rest.json as Array<{ id: string }>).map((t) => t.id)).toEqual(['6']);
    });

    it('answers 400 naming the query parameter for a bad limit, offset or done', async () => {
      const running = await api();
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['limit=ten', 'limit'],
        ['offset=-1', 'offset'],
        ['done=yes', 'done'],
      ] as const) {
        const res = await running.get(`/todos?${query}`);
        expect(res.status, hint(5, `?${query}: 400`)).toBe(400);
        expect(fieldsOf(res.json), hint(5, 'the problem names the parameter')).toEqual([field]);
      }
    });

    it('answers an empty page past the end', async () => {
      const running = await api();
      await seed(running, 2);
      const res = await running.get('/todos?offset=10');
      expect(res.json, hint(5, 'offset past the end: []')).toEqual([]);
    });
  });

  describe('PUT', () => {
    it('creates at a client-chosen id: 201 and Location, no precondition needed', async () => {
      const res = await (await api()).send('PUT', '/todos/groceries', { title: 'milk' });
      expect(res.status, hint(5, 'PUT to a new URI creates')).toBe(201);
      expect(res.headers.location).toBe('/todos/groceries');
      expect(res.json).toEqual({ id: 'groceries', title: 'milk', done: false });
    });

    it('answers 428 when replacing without If-Match (RFC 6585 §3)', async () => {
      const running = await api();
      await running.send('PUT', '/todos/a', { title: 'one' });
      const res = await running.send('PUT', '/todos/a', { title: 'two' });
      expect(res.status, hint(5, 'a write needs a precondition')).toBe(428);
      expect((await running.get('/todos/a')).json).toMatchObject({ title: 'one' });
    });

    it('replaces with the current ETag: 200, new ETag, done back to its default', async () => {
      const running = await api();
      const made = await running.send('PUT', '/todos/a', { title: 'one', done: true });
      const res = await running.send(
        'PUT',
        '/todos/a',
        { title: 'two' },
        { 'If-Match': made.headers.etag! },
      );
      expect(res.status, hint(5, 'replace: 200')).toBe(200);
      expect(res.json, hint(5, 'PUT replaces all of it')).toEqual({
        id: 'a',
        title: 'two',
        done: false,
      });
      expect(res.headers.etag).not.toBe(made.headers.etag);
    });

    it('answers 412 to a lost update (a stale ETag)', async () => {
      const running = await api();
      const v1 = (await running.send('PUT', '/todos/a', { title: 'one' })).headers.etag!;
      await running.send('PUT', '/todos/a', { title: 'two' }, { 'If-Match': v1 });
      const lost = await running.send('PUT', '/todos/a', { title: 'three' }, { 'If-Match': v1 });
      expect(lost.status, hint(5, 'optimistic concurrency: 412')).toBe(412);
      expect((await running.get('/todos/a')).json).toMatchObject({ title: 'two' });
    });

    it('compares strongly: a weak ETag never matches If-Match', async () => {
      const running = await api();
      const etag = (await running.send('PUT', '/todos/a', { title: 'one' })).headers.etag!;
      const res = await running.send(
        'PUT',
        '/todos/a',
        { title: 'two' },
        { 'If-Match': `W/${etag}` },
      );
      expect(res.status, hint(5, 'If-Match uses strong comparison (RFC 9110 §13.1.1)')).toBe(412);
    });

    it('accepts If-Match: * and a list that contains the ETag', async () => {
      const running = await api();
      const etag = (await running.send('PUT', '/todos/a', { title: 'one' })).headers.etag!;
      const star = await running.send('PUT', '/todos/a', { title: 'two' }, { 'If-Match': '*' });
      expect(star.status, hint(5, '* matches any current representation')).toBe(200);
      const list = await running.send(
        'PUT',
        '/todos/a',
        { title: 'three' },
        {
          'If-Match': `"zzz", ${star.headers.etag}`,
        },
      );
      expect(list.status, hint(5, 'If-Match is a list')).toBe(200);
      expect(etag).not.toBe(star.headers.etag);
    });

    it('answers 412 for If-Match on an id that does not exist', async () => {
      const res = await (await api()).send(
        'PUT',
        '/todos/new',
        { title: 'x' },
        { 'If-Match': '*' },
      );
      expect(res.status, hint(5, 'nothing to match: 412')).toBe(412);
    });

    it('answers 412 for If-None-Match: * on an id that exists (create-only)', async () => {
      const running = await api();
      await running.send('PUT', '/todos/a', { title: 'one' });
      const res = await running.send('PUT', '/todos/a', { title: 'two' }, { 'If-None-Match': '*' });
      expect(res.status, hint(5, 'If-None-Match: * means “only if new”')).toBe(412);
    });

    it('validates a PUT body like a POST body', async () => {
      const res = await (await api()).send('PUT', '/todos/a', { done: 1 });
      expect(res.status).toBe(422);
      expect(fieldsOf(res.json), hint(5, 'same rules')).toEqual(['done', 'title']);
    });

    it('is idempotent: the same PUT twice leaves the same state', async () => {
      const running = await api();
      await running.send('PUT', '/todos/a', { title: 'one' });
      const first = await running.send('PUT', '/todos/a', { title: 'z' }, { 'If-Match': '*' });
      const second = await running.send('PUT', '/todos/a', { title: 'z' }, { 'If-Match': '*' });
      expect(second.json, hint(5, 'PUT is idempotent')).toEqual(first.json);
      expect(second.headers.etag, hint(5, 'same representation, same ETag')).toBe(
        first.headers.etag,
      );
    });
  });

  describe('PATCH (JSON merge patch, RFC 7396)', () => {
    it('merges the patch into the to-do', async () => {
      const running = await api();
      const etag = (await running.send('POST', '/todos', { title: 'a' })).headers.etag!;
      const res = await running.send(
        'PATCH',
        '/todos/1',
        { done: true },
        { ...MERGE, 'If-Match': etag },
      );
      expect(res.status).toBe(200);
      expect(res.json, hint(5, 'only the members sent change')).toEqual({
        id: '1',
        title: 'a',
        done: true,
      });
      expect(res.headers.etag).not.toBe(etag);
    });

    it('removes a member patched to null (done falls back to false)', async () => {
      const running = await api();
      const etag = (await running.send('POST', '/todos', { title: 'a', done: true })).headers.etag!;
      const res = await running.send(
        'PATCH',
        '/todos/1',
        { done: null },
        { ...MERGE, 'If-Match': etag },
      );
      expect(res.json, hint(5, 'null deletes (RFC 7396 §2)')).toEqual({
        id: '1',
        title: 'a',
        done: false,
      });
    });

    it('refuses a patch that leaves the to-do invalid with 422', async () => {
      const running = await api();
      const etag = (await running.send('POST', '/todos', { title: 'a' })).headers.etag!;
      const res = await running.send(
        'PATCH',
        '/todos/1',
        { title: null },
        { ...MERGE, 'If-Match': etag },
      );
      expect(res.status, hint(5, 'validate the result of the merge')).toBe(422);
      expect(fieldsOf(res.json)).toEqual(['title']);
    });

    it('answers 415 with Accept-Patch for application/json', async () => {
      const running = await api();
      const etag = (await running.send('POST', '/todos', { title: 'a' })).headers.etag!;
      const res = await running.send('PATCH', '/todos/1', { done: true }, { 'If-Match': etag });
      expect(res.status, hint(5, 'PATCH speaks merge-patch+json')).toBe(415);
      expect(res.headers['accept-patch'], hint(5, 'RFC 5789 §3.1')).toBe(
        'application/merge-patch+json',
      );
    });

    it('answers 428 without If-Match and 412 with a stale one', async () => {
      const running = await api();
      const etag = (await running.send('POST', '/todos', { title: 'a' })).headers.etag!;
      expect(
        (await running.send('PATCH', '/todos/1', { done: true }, MERGE)).status,
        hint(5, '428'),
      ).toBe(428);
      await running.send('PATCH', '/todos/1', { done: true }, { ...MERGE, 'If-Match': etag });
      const stale = await running.send(
        'PATCH',
        '/todos/1',
        { title: 'b' },
        { ...MERGE, 'If-Match': etag },
      );
      expect(stale.status, hint(5, 'lost update: 412')).toBe(412);
    });

    it('answers 404 for an unknown id', async () => {
      const res = await (await api()).send(
        'PATCH',
        '/todos/9',
        { done: true },
        { ...MERGE, 'If-Match': '*' },
      );
      expect(res.status, hint(5, 'nothing to patch: 404')).toBe(404);
    });

    it('mergePatch follows RFC 7396 Appendix A', () => {
      const cases: Array<[unknown, unknown, unknown]> = [
        [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
        [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
        [{ a: 'b' }, { a: null }, {}],
        [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
        [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
        [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
        [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
        [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
        [
          ['a', 'b'],
          ['c', 'd'],
          ['c', 'd'],
        ],
        [{ a: 'b' }, ['c'], ['c']],
        [{ a: 'foo' }, null, null],
        [{ a: 'foo' }, 'bar', 'bar'],
        [{ e: null }, { a: 1 }, { e: null, a: 1 }],
        [[1, 2], { a: 'b', c: null }, { a: 'b' }],
        [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
      ];
      for (const [target, patch, result] of cases) {
        expect(
          mergePatch(target, patch),
          hint(5, `${JSON.stringify(target)} + ${JSON.stringify(patch)}`),
        ).toEqual(result);
      }
    });
  });

  describe('DELETE', () => {
    it('answers 204, then 404: deleting is idempotent in effect', async () => {
      const running = await api();
      await running.send('POST', '/todos', { title: 'a' });
      const first = await running.call('/todos/1', { method: 'DELETE' });
      expect(first.status, hint(5, 'deleted: 204 No Content')).toBe(204);
      expect(first.body.length).toBe(0);
      expect(
        (await running.call('/todos/1', { method: 'DELETE' })).status,
        hint(5, 'then 404'),
      ).toBe(404);
      expect((await running.get('/todos/1')).status).toBe(404);
    });

    it('honours If-Match when it is sent', async () => {
      const running = await api();
      await running.send('POST', '/todos', { title: 'a' });
      const res = await running.call('/todos/1', {
        method: 'DELETE',
        headers: { 'If-Match': '"old"' },
      });
      expect(res.status, hint(5, 'a stale If-Match: 412, nothing deleted')).toBe(412);
      expect((await running.get('/todos/1')).status).toBe(200);
    });
  });

  describe('OPTIONS, 405 and CORS', () => {
    it('lists the methods of an item with OPTIONS', async () => {
      const res = await (await api()).call('/todos/1', { method: 'OPTIONS' });
      expect(res.status).toBe(204);
      expect(res.headers.allow, hint(5, 'the router’s Allow')).toBe(
        'DELETE, GET, HEAD, OPTIONS, PATCH, PUT',
      );
    });

    it('answers 405 with Allow for POST on an item', async () => {
      const res = await (await api()).send('POST', '/todos/1', { title: 'x' });
      expect(res.status).toBe(405);
      expect(res.headers.allow, hint(5, '405 says what is allowed')).toBe(
        'DELETE, GET, HEAD, OPTIONS, PATCH, PUT',
      );
    });

    it('answers the preflight of its configured origin, and only that one', async () => {
      const running = await api({ corsOrigin: 'https://ui.example' });
      const preflight = { 'Access-Control-Request-Method': 'PATCH' };
      const mine = await running.call('/todos/1', {
        method: 'OPTIONS',
        headers: { Origin: 'https://ui.example', ...preflight },
      });
      expect(mine.headers['access-control-allow-origin'], hint(5, 'cors({ origin })')).toBe(
        'https://ui.example',
      );
      const theirs = await running.call('/todos/1', {
        method: 'OPTIONS',
        headers: { Origin: 'https://other.example', ...preflight },
      });
      expect(theirs.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('the errors behind the problems', () => {
    it('throws validationError: a 422 ERR_HTTP_VALIDATION for a body, a 400 ERR_HTTP_BAD_REQUEST for the query', async () => {
      const seen: string[] = [];
      const app = createTodoApi().use(async (_req, _res, next) => {
        try {
          await next();
        } catch (e) {
          const error = e as HttpError;
          seen.push(`${error.name} ${error.status} ${error.code}`);
          throw e;
        }
      });
      const running = await start(app);
      expect((await running.send('POST', '/todos', { title: '' })).status).toBe(422);
      expect((await running.get('/todos?limit=0')).status).toBe(400);
      expect(seen, hint(5, 'validationError(errors) and validationError(errors, 400)')).toEqual([
        'HttpError 422 ERR_HTTP_VALIDATION',
        'HttpError 400 ERR_HTTP_BAD_REQUEST',
      ]);
    });

    it('throws the code of each refusal: 404, 406, 412, 415 and 428', async () => {
      const seen: string[] = [];
      const headersOf415: unknown[] = [];
      const app = createTodoApi().use(async (_req, _res, next) => {
        try {
          await next();
        } catch (e) {
          const error = e as HttpError;
          seen.push(`${error.status} ${error.code}`);
          if (error.status === 415) headersOf415.push(error.headers);
          throw e;
        }
      });
      const running = await start(app);
      const etag = (await running.send('PUT', '/todos/a', { title: 'a' })).headers.etag!;
      await running.get('/todos/nope');
      await running.send('PUT', '/todos/a.b', { title: 'b' });
      await running.get('/todos', { Accept: 'text/html' });
      await running.send('PUT', '/todos/a', { title: 'b' }, { 'If-Match': '"stale"' });
      await running.send('PUT', '/todos/a', { title: 'b' }, { 'If-None-Match': '*' });
      await running.send('PUT', '/todos/a', { title: 'b' });
      await running.send('POST', '/todos', 'title=a', { 'Content-Type': 'text/plain' });
      expect(etag).toBeDefined();
      expect(seen, hint(5, 'each refusal is an HttpError with its code')).toEqual([
        '404 ERR_HTTP_NOT_FOUND',
        '404 ERR_HTTP_NOT_FOUND',
        '406 ERR_HTTP_NOT_ACCEPTABLE',
        '412 ERR_HTTP_PRECONDITION_FAILED',
        '412 ERR_HTTP_PRECONDITION_FAILED',
        '428 ERR_HTTP_PRECONDITION_REQUIRED',
        '415 ERR_HTTP_UNSUPPORTED_MEDIA_TYPE',
      ]);
      expect(
        headersOf415,
        hint(5, 'a POST 415 carries no fields (Accept-Patch is for PATCH)'),
      ).toEqual([[]]);
    });
  });

  describe('edges of the API', () => {
    it('accepts limit 1 and 100 and offset 0, the ends of their ranges', async () => {
      const running = await api();
      await seed(running, 2);
      for (const [query, count] of [
        ['limit=1', 1],
        ['limit=100', 2],
        ['offset=0', 2],
      ] as const) {
        const res = await running.get(`/todos?${query}`);
        expect(res.status, hint(5, `?${query} is in range`)).toBe(200);
        expect((res.json as unknown[]).length).toBe(count);
      }
    });

    it('links prev to offset 0 from an offset smaller than the limit', async () => {
      const running = await api();
      await seed(running, 5);
      const l = links((await running.get('/todos?limit=2&offset=1')).headers.link);
      expect(
        new URL(l.prev ?? '', 'http://x').searchParams.get('offset'),
        hint(5, 'prev never goes below 0'),
      ).toBe('0');
      expect(new URL(l.next ?? '', 'http://x').searchParams.get('offset')).toBe('3');
    });

    it('answers 304 for a weak If-None-Match of the current ETag, and for *', async () => {
      const running = await api();
      const etag = (await running.send('POST', '/todos', { title: 'a' })).headers.etag!;
      for (const field of [`W/${etag}`, `"other", ${etag}`, '*']) {
        const res = await running.get('/todos/1', { 'If-None-Match': field });
        expect(res.status, hint(5, `If-None-Match: ${field} compares weakly`)).toBe(304);
        expect(
          res.headers['content-length'],
          hint(5, 'a 304 has no Content-Length of its own (0 would be wrong: RFC 9110 §8.6)'),
        ).toBeUndefined();
      }
    });

    it('skips ids a PUT already took when numbering new to-dos', async () => {
      const running = await api();
      await running.send('PUT', '/todos/1', { title: 'chosen' });
      const res = await running.send('POST', '/todos', { title: 'numbered' });
      expect(res.json, hint(5, 'the counter never reuses an id')).toEqual({
        id: '2',
        title: 'numbered',
        done: false,
      });
      expect(res.headers.location).toBe('/todos/2');
    });

    it('answers 404 to a PUT at an id it would never make (not 1–64 of A–Z a–z 0–9 _ -)', async () => {
      const running = await api();
      for (const id of ['a.b', 'x'.repeat(65), '%C3%A9']) {
        const res = await running.send('PUT', `/todos/${id}`, { title: 't' });
        expect(res.status, hint(5, `PUT /todos/${id}: not an id`)).toBe(404);
      }
      const longest = await running.send('PUT', `/todos/${'x'.repeat(64)}`, { title: 't' });
      expect(longest.status, hint(5, '64 characters is an id')).toBe(201);
    });

    it('answers 422 to a JSON body that is a string, a number or null', async () => {
      const running = await api();
      for (const body of ['"title"', '7', 'null', '[]']) {
        const res = await running.send('POST', '/todos', body);
        expect(res.status, hint(5, `${body} is not a to-do`)).toBe(422);
        expect(fieldsOf(res.json), hint(5, 'the field "" names the body itself')).toEqual(['']);
      }
    });

    it('reads the media type of a body in any case, with parameters', async () => {
      const res = await (await api()).send(
        'POST',
        '/todos',
        { title: 'a' },
        { 'Content-Type': 'Application/JSON ; charset=utf-8' },
      );
      expect(res.status, hint(5, 'media types are case-insensitive (RFC 9110 §8.3.1)')).toBe(201);
    });

    it('answers 415 to a POST of another type without Accept-Patch (that is for PATCH)', async () => {
      const res = await (await api()).send('POST', '/todos', 'title=a', {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expect(res.status, hint(5, 'POST takes application/json')).toBe(415);
      expect(res.headers['accept-patch'], hint(5, 'Accept-Patch only on PATCH')).toBeUndefined();
    });

    it('compares If-None-Match weakly but only strips a leading W/, never one inside the quotes', async () => {
      const running = await api();
      const etag = (await running.send('POST', '/todos', { title: 'a' })).headers.etag!;
      const inside = `"W/${etag.slice(1)}`;
      const res = await running.get('/todos/1', { 'If-None-Match': inside });
      expect(res.status, hint(5, `${inside} is another tag than ${etag}`)).toBe(200);
      const weak = await running.get('/todos/1', { 'If-None-Match': `W/${etag}` });
      expect(weak.status, hint(5, 'W/ before the quotes: the same tag, weakly')).toBe(304);
    });

    it('answers 400 to a limit that is not plain digits, even when Number() would read it', async () => {
      const running = await api();
      for (const query of ['limit=%2B5', 'limit=5.0', 'limit=1e1', 'offset=%200']) {
        const res = await running.get(`/todos?${query}`);
        expect(res.status, hint(5, `?${query}: digits only`)).toBe(400);
      }
    });

    it('replaces a target that is not an object (a string, an array) by the patch object', () => {
      expect(
        mergePatch('ab', { x: 1 }),
        hint(5, 'RFC 7396: a non-object target becomes {}'),
      ).toEqual({
        x: 1,
      });
      expect(mergePatch([1, 2], { x: 1 }), hint(5, 'an array target becomes {}')).toEqual({ x: 1 });
      expect(mergePatch(null, { x: 1 }), hint(5, 'null target becomes {}')).toEqual({ x: 1 });
    });

    it('gives every entry of errors a message as well as a field', async () => {
      const running = await api();
      const answers = [
        await running.send('POST', '/todos', [1]),
        await running.send('POST', '/todos', { id: '1', colour: 'red', title: ' ', done: 'yes' }),
        await running.get('/todos?limit=0'),
        await running.get('/todos?done=maybe'),
      ];
      const entries = answers.flatMap(
        (a) => (a.json as { errors?: Array<{ field: unknown; message: unknown }> }).errors ?? [],
      );
      expect(entries.map((e) => e.field).sort(), hint(5, 'errors: [{ field, message }]')).toEqual([
        '',
        'colour',
        'done',
        'done',
        'id',
        'limit',
        'title',
      ]);
      for (const e of entries) {
        expect(
          e.message,
          hint(5, `the error of ${JSON.stringify(e.field)} says what is wrong`),
        ).toEqual(expect.stringMatching(/\S/));
      }
    });

    it('names an empty member name as the unknown field "", not as the read-only id', async () => {
      const res = await (await api()).send('POST', '/todos', { '': 1, title: 'x' });
      expect(res.status).toBe(422);
      expect(fieldsOf(res.json), hint(5, 'only "id" is read-only')).toEqual(['']);
    });

    it('separates the links of the Link field with a comma (RFC 8288 §3)', async () => {
      const running = await api();
      await seed(running, 5);
      const field = (await running.get('/todos?limit=2&offset=2')).headers.link ?? '';
      const each = field.split(/\s*,\s*/);
      expect(each.length, hint(5, 'Link: <next>; rel="next", <prev>; rel="prev"')).toBe(2);
      expect(each.map((l) => links(l).next ?? links(l).prev)).toEqual([
        '/todos?limit=2&offset=4',
        '/todos?limit=2&offset=0',
      ]);
    });

    it('replaces with If-None-Match of another tag: a precondition, so no 428', async () => {
      const running = await api();
      await running.send('PUT', '/todos/a', { title: 'one' });
      const res = await running.send(
        'PUT',
        '/todos/a',
        { title: 'two' },
        { 'If-None-Match': '"other"' },
      );
      expect(res.status, hint(5, 'If-None-Match is a precondition too (RFC 6585 §3)')).toBe(200);
    });
  });
});
