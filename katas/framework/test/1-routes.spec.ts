import { expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { createApp, FrameworkError, type Handler, HttpError, type Outcome } from '../src/index.ts';
import type { Environ } from '../src/prereqs.ts';
import { probe, useApp } from './helpers.ts';

const start = useApp();
const inside = probe(start);
const ok =
  (text: string): Handler =>
  (_req, res) =>
    res.text(text);

describe('1. Routes and middleware', () => {
  describe('routes', () => {
    it('answers a GET route with what its handler sends', async () => {
      const running = await start(createApp().get('/hello', ok('hi')));
      const res = await running.get('/hello');
      expect(res.status, hint(1, 'app.get adds a GET route; the gateway app runs it')).toBe(200);
      expect(res.text).toBe('hi');
    });

    it('hands the route parameters to the handler as req.params', async () => {
      const app = createApp().get('/users/:id/posts/:post', (req, res) => res.json(req.params));
      const res = await (await start(app)).get('/users/42/posts/7');
      expect(res.json, hint(1, 'req.params comes from the router’s match')).toEqual({
        id: '42',
        post: '7',
      });
    });

    it('decodes percent-encoded parameters once', async () => {
      const app = createApp().get('/files/:name', (req, res) => res.text(req.params.name ?? ''));
      const res = await (await start(app)).get('/files/a%20b%C3%A9');
      expect(res.text, hint(1, 'the router decodes parameters')).toBe('a bé');
    });

    it('routes each method to its own handler', async () => {
      const app = createApp()
        .get('/r', ok('get'))
        .post('/r', ok('post'))
        .put('/r', ok('put'))
        .patch('/r', ok('patch'))
        .delete('/r', ok('delete'));
      const running = await start(app);
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await running.call('/r', { method, body: '' });
        expect(res.text, hint(1, `app.${method.toLowerCase()} routes ${method}`)).toBe(
          method.toLowerCase(),
        );
      }
    });

    it('app.on adds one route for several methods', async () => {
      const app = createApp().on(['GET', 'POST'], '/both', (req, res) => res.text(req.method));
      const running = await start(app);
      expect((await running.call('/both', { method: 'POST', body: '' })).text).toBe('POST');
      expect((await running.get('/both')).text, hint(1, 'on(methods, pattern)')).toBe('GET');
    });

    it('answers HEAD with the GET route, headers and no body', async () => {
      const app = createApp().get('/h', ok('body text'));
      const res = await (await start(app)).call('/h', { method: 'HEAD' });
      expect(res.status, hint(1, 'HEAD falls back to GET in the router')).toBe(200);
      expect(res.body.length).toBe(0);
      expect(res.headers['content-length'], hint(1, 'HEAD keeps GET’s Content-Length')).toBe('9');
    });

    it('routes a mounted path by PATH_INFO: req.path is still the whole path', async () => {
      const app = createApp().get('/x', (req, res) => res.text(req.path));
      const res = await (await start(app)).get('/x?y=1');
      expect(res.text, hint(1, 'req.path is SCRIPT_NAME + PATH_INFO, no query')).toBe('/x');
    });
  });

  describe('404, 405 and OPTIONS', () => {
    it('answers 404 as problem details for a path no route matches', async () => {
      const res = await (await start(createApp().get('/a', ok('a')))).get('/nope');
      expect(res.status, hint(1, 'no route: 404')).toBe(404);
      expect(res.headers['content-type'], hint(1, 'errors are application/problem+json')).toBe(
        'application/problem+json',
      );
      expect(res.json).toMatchObject({ status: 404, title: 'Not Found', type: 'about:blank' });
    });

    it('answers 405 with the Allow field for a known path and another method', async () => {
      const app = createApp().get('/a', ok('a')).post('/a', ok('a'));
      const res = await (await start(app)).call('/a', { method: 'DELETE' });
      expect(res.status, hint(1, 'path matches, method does not: 405')).toBe(405);
      expect(res.headers.allow, hint(1, 'Allow lists the router’s methods')).toBe(
        'GET, HEAD, OPTIONS, POST',
      );
      expect(res.json).toMatchObject({ status: 405, title: 'Method Not Allowed' });
    });

    it('answers OPTIONS 204 with Allow when no route handles OPTIONS', async () => {
      const app = createApp().get('/a', ok('a')).put('/a', ok('a'));
      const res = await (await start(app)).call('/a', { method: 'OPTIONS' });
      expect(res.status, hint(1, 'the router answers OPTIONS 204 with allow')).toBe(204);
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS, PUT');
      expect(res.body.length).toBe(0);
    });

    it('routes HEAD to a route added with app.head', async () => {
      const app = createApp()
        .get('/h', ok('from get'))
        .head('/h', (_req, res) => {
          res.setHeader('X-Route', 'head');
          res.text('from head');
        });
      const res = await (await start(app)).call('/h', { method: 'HEAD' });
      expect(res.headers['x-route'], hint(1, 'app.head adds a HEAD route')).toBe('head');
      expect(res.body.length).toBe(0);
    });

    it('throws 404 and 405 as HttpErrors that middleware can catch by code', async () => {
      const seen: string[] = [];
      const app = createApp()
        .use(async (_req, _res, next) => {
          try {
            await next();
          } catch (e) {
            seen.push(`${(e as HttpError).status} ${(e as HttpError).code}`);
            throw e;
          }
        })
        .get('/a', ok('a'));
      const running = await start(app);
      await running.get('/nope');
      await running.call('/a', { method: 'DELETE' });
      expect(seen, hint(1, 'the end of the chain throws HttpError')).toEqual([
        '404 ERR_HTTP_NOT_FOUND',
        '405 ERR_HTTP_METHOD_NOT_ALLOWED',
      ]);
    });

    it('lets an OPTIONS route answer OPTIONS itself', async () => {
      const app = createApp().get('/a', ok('a')).options('/a', ok('mine'));
      const res = await (await start(app)).call('/a', { method: 'OPTIONS' });
      expect(res.text, hint(1, 'a route for OPTIONS wins over the automatic answer')).toBe('mine');
    });

    it('answers 404 when every route handler passes with next()', async () => {
      const app = createApp().get('/a', (_req, _res, next) => next());
      const res = await (await start(app)).get('/a');
      expect(res.status, hint(1, 'the end of the chain is a 404')).toBe(404);
    });
  });

  describe('middleware', () => {
    it('runs middleware before the route, in the order added', async () => {
      const seen: string[] = [];
      const app = createApp()
        .use(async (_req, _res, next) => {
          seen.push('a');
          await next();
        })
        .use(async (_req, _res, next) => {
          seen.push('b');
          await next();
        })
        .get('/', (_req, res) => {
          seen.push('route');
          res.text('ok');
        });
      await (await start(app)).get('/');
      expect(seen, hint(1, 'use() middleware runs first, in order')).toEqual(['a', 'b', 'route']);
    });

    it('resumes middleware after next() resolves: an onion', async () => {
      const seen: string[] = [];
      const app = createApp()
        .use(async (_req, _res, next) => {
          seen.push('in');
          await next();
          seen.push('out');
        })
        .get('/', (_req, res) => {
          seen.push('route');
          res.text('ok');
        });
      await (await start(app)).get('/');
      expect(seen, hint(1, 'await next() returns when the rest of the chain is done')).toEqual([
        'in',
        'route',
        'out',
      ]);
    });

    it('lets middleware add a header after the handler answered', async () => {
      const app = createApp()
        .use(async (_req, res, next) => {
          await next();
          res.setHeader('X-After', 'yes');
        })
        .get('/', ok('ok'));
      const res = await (await start(app)).get('/');
      expect(res.headers['x-after'], hint(1, 'nothing is sent until the chain returns')).toBe(
        'yes',
      );
    });

    it('runs middleware for paths no route matches (before the 404)', async () => {
      const app = createApp().use(async (_req, res, next) => {
        res.setHeader('Vary', 'Origin');
        await next();
      });
      const res = await (await start(app)).get('/none');
      expect(res.status).toBe(404);
      expect(res.headers.vary, hint(1, 'middleware runs before 404/405; Vary survives')).toBe(
        'Origin',
      );
    });

    it('stops the chain when a middleware answers without next()', async () => {
      let reached = false;
      const app = createApp()
        .use((_req, res) => res.text('stopped', 401))
        .get('/', (_req, res) => {
          reached = true;
          res.text('ok');
        });
      const res = await (await start(app)).get('/');
      expect(res.status, hint(1, 'no next(): the chain ends here')).toBe(401);
      expect(reached).toBe(false);
    });

    it('runs several handlers of one route in order', async () => {
      const app = createApp().get(
        '/',
        async (req, _res, next) => {
          req.state.user = 'ada';
          await next();
        },
        (req, res) => res.text(String(req.state.user)),
      );
      expect((await (await start(app)).get('/')).text, hint(1, 'req.state carries data')).toBe(
        'ada',
      );
    });

    it('rejects a second next() call with ERR_FRAMEWORK_NEXT_TWICE', async () => {
      let second: unknown;
      const app = createApp()
        .use(async (_req, _res, next) => {
          await next();
          try {
            await next();
          } catch (e) {
            second = e;
          }
        })
        .get('/', ok('ok'));
      await (await start(app)).get('/');
      expectErrorCode(second, FrameworkError, 'ERR_FRAMEWORK_NEXT_TWICE', hint(1, 'next() once'));
    });
  });

  describe('errors', () => {
    it('turns a thrown HttpError into problem details with its status', async () => {
      const app = createApp().get('/', () => {
        throw new HttpError(409, 'ERR_HTTP_BAD_REQUEST', { detail: 'taken' });
      });
      const res = await (await start(app)).get('/');
      expect(res.status, hint(1, 'HttpError.status is the response status')).toBe(409);
      expect(res.json, hint(1, 'RFC 9457 §3.1 members')).toEqual({
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'taken',
      });
    });

    it('puts an HttpError’s extension members and fields on the response', async () => {
      const app = createApp().get('/', () => {
        throw new HttpError(429, 'ERR_HTTP_BAD_REQUEST', {
          extensions: { retryIn: 5 },
          headers: [['Retry-After', '5']],
        });
      });
      const res = await (await start(app)).get('/');
      expect(res.headers['retry-after'], hint(1, 'HttpError.headers go on the response')).toBe('5');
      expect(res.json).toMatchObject({ retryIn: 5, status: 429 });
    });

    it('answers 500 without the message for any other error, and reports it to onError', async () => {
      const reported: unknown[] = [];
      const app = createApp({ onError: (e) => reported.push(e) }).get('/', () => {
        throw new Error('secret database password');
      });
      const res = await (await start(app)).get('/');
      expect(res.status, hint(1, 'an unexpected error is a 500')).toBe(500);
      expect(res.text, hint(1, 'never leak the message of an unexpected error')).not.toContain(
        'secret',
      );
      expect(res.json).toMatchObject({ status: 500, title: 'Internal Server Error' });
      expect(reported.length, hint(1, 'onError gets the error')).toBe(1);
    });

    it('catches errors of async handlers too', async () => {
      const app = createApp().get('/', async () => {
        await new Promise((r) => setTimeout(r, 1));
        throw new HttpError(418, 'ERR_HTTP_BAD_REQUEST');
      });
      expect((await (await start(app)).get('/')).status, hint(1, 'await the handler')).toBe(418);
    });

    it('propagates an error to the middleware awaiting next(), which may answer instead', async () => {
      const app = createApp()
        .use(async (_req, res, next) => {
          try {
            await next();
          } catch (e) {
            res.text(`caught ${(e as HttpError).status}`, 503);
          }
        })
        .get('/', () => {
          throw new HttpError(400, 'ERR_HTTP_BAD_REQUEST');
        });
      const res = await (await start(app)).get('/');
      expect(res.status, hint(1, 'errors travel back up through await next()')).toBe(503);
      expect(res.text).toBe('caught 400');
    });

    it('drops the headers a failed handler set, but keeps Vary and Access-Control-*', async () => {
      const app = createApp()
        .use(async (_req, res, next) => {
          res.setHeader('Access-Control-Allow-Origin', 'https://a.example');
          await next();
        })
        .get('/', (_req, res) => {
          res.setHeader('ETag', '"x"');
          throw new HttpError(400, 'ERR_HTTP_BAD_REQUEST');
        });
      const res = await (await start(app)).get('/');
      expect(res.headers.etag, hint(1, 'an error replaces the response')).toBeUndefined();
      expect(res.headers['access-control-allow-origin']).toBe('https://a.example');
    });

    it('answers 500 when the handlers chose no response at all', async () => {
      const app = createApp().get('/', () => undefined);
      expect((await (await start(app)).get('/')).status, hint(1, 'no body chosen: 500')).toBe(500);
    });
  });

  describe('what handlers return, and what next() returns', () => {
    it('resolves next() to a promise even when the rest of the chain is synchronous', async () => {
      const app = createApp()
        .use((_req, res, next) => next().then(() => res.setHeader('X-After', 'then')))
        .get('/', ok('ok'));
      const res = await (await start(app)).get('/');
      expect(res.status, hint(1, 'next() always returns a promise (the Next type)')).toBe(200);
      expect(res.headers['x-after']).toBe('then');
    });

    it('turns a synchronous throw further down the chain into a rejection of next()', async () => {
      const app = createApp()
        .use((_req, res, next) =>
          next().catch((e: unknown) => res.text(`caught ${(e as HttpError).status}`, 503)),
        )
        .get('/', () => {
          throw new HttpError(400, 'ERR_HTTP_BAD_REQUEST');
        });
      const res = await (await start(app)).get('/');
      expect(res.status, hint(1, 'next() rejects, it never throws')).toBe(503);
      expect(res.text).toBe('caught 400');
    });

    it('waits for any thenable a handler returns, not only native promises', async () => {
      const app = createApp().get('/', (_req, res) => ({
        // biome-ignore lint/suspicious/noThenProperty: a thenable that is no Promise is the point.
        then(resolve: () => void) {
          setTimeout(() => {
            res.text('late');
            resolve();
          }, 1);
        },
      }));
      const res = await (await start(app)).get('/');
      expect(res.status, hint(1, 'await what the handler returns')).toBe(200);
      expect(res.text).toBe('late');
    });

    it('serves synchronous and async handlers alike in one chain', async () => {
      const app = createApp()
        .use((_req, res, next) => {
          res.setHeader('X-Sync', '1');
          return next();
        })
        .use(async (_req, res, next) => {
          await next();
          res.setHeader('X-Async', '2');
        })
        .get('/', (req, res) => res.json({ id: req.params.id ?? null }));
      const res = await (await start(app)).get('/');
      expect([res.headers['x-sync'], res.headers['x-async']], hint(1, 'the onion')).toEqual([
        '1',
        '2',
      ]);
      expect(res.json).toEqual({ id: null });
    });

    it('answers problem details for a synchronous throw after a body was chosen', async () => {
      const app = createApp().get('/', (_req, res) => {
        res.setHeader('ETag', '"first"').json({ partial: true });
        throw new HttpError(409, 'ERR_HTTP_BAD_REQUEST');
      });
      const res = await (await start(app)).get('/');
      expect(res.status, hint(1, 'an error replaces the response, body included')).toBe(409);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.headers.etag, hint(1, 'the fields set before the error go too')).toBeUndefined();
      expect(res.json).toMatchObject({ status: 409, title: 'Conflict' });
    });
  });

  describe('handle(environ), without a server', () => {
    const environ = (path: string): Environ =>
      ({
        REQUEST_METHOD: 'GET',
        SCRIPT_NAME: '',
        PATH_INFO: path,
        QUERY_STRING: 'q=1',
        SERVER_NAME: '127.0.0.1',
        SERVER_PORT: '80',
        SERVER_PROTOCOL: 'HTTP/1.1',
        HTTP_HOST: 'example.test',
        'gateway.url_scheme': 'http',
        'gateway.input': (async function* () {})(),
      }) as unknown as Environ;
    const bodyOf = async (outcome: Outcome): Promise<string> => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of outcome.body) chunks.push(chunk);
      return Buffer.concat(chunks).toString('utf8');
    };

    it('resolves to the status, the fields and the body of the route', async () => {
      const app = createApp().get('/users/:id', (req, res) =>
        res.json({ id: req.params.id, q: req.query.get('q') }),
      );
      const outcome = await app.handle(environ('/users/7'));
      expect(outcome.status, hint(1, 'handle() is what the gateway app runs')).toBe(200);
      expect(outcome.headers).toContainEqual(['Content-Type', 'application/json']);
      expect(await bodyOf(outcome)).toBe('{"id":"7","q":"1"}');
    });

    it('serves an empty PATH_INFO (the root of a mount) as the path /', async () => {
      const app = createApp().get('/', (req, res) => res.text(req.path));
      const outcome = await app.handle(environ(''));
      expect(outcome.status, hint(1, 'PATH_INFO may be empty (PEP 3333): route it as /')).toBe(200);
      expect(await bodyOf(outcome), hint(1, 'req.path is then /')).toBe('/');
    });

    it('hands the gateway no empty chunk of a stream (one would end a chunked body)', async () => {
      const app = createApp().get('/s', (_req, res) =>
        res.stream(['a', '', new Uint8Array(0), 'b']),
      );
      const outcome = await app.handle(environ('/s'));
      const sizes: number[] = [];
      for await (const chunk of outcome.body) sizes.push(chunk.length);
      expect(sizes, hint(1, 'skip empty chunks: a zero-size chunk is the last-chunk')).toEqual([
        1, 1,
      ]);
    });

    it('resolves to problem details when no route matches', async () => {
      const outcome = await createApp().handle(environ('/nowhere'));
      expect(outcome.status, hint(1, 'handle() renders errors too')).toBe(404);
      expect(JSON.parse(await bodyOf(outcome))).toMatchObject({ status: 404, title: 'Not Found' });
    });
  });

  describe('problem details (RFC 9457)', () => {
    const titles: Array<[number, string]> = [
      [400, 'Bad Request'],
      [401, 'Unauthorized'],
      [403, 'Forbidden'],
      [404, 'Not Found'],
      [405, 'Method Not Allowed'],
      [406, 'Not Acceptable'],
      [409, 'Conflict'],
      [410, 'Gone'],
      [412, 'Precondition Failed'],
      [413, 'Content Too Large'],
      [415, 'Unsupported Media Type'],
      [422, 'Unprocessable Content'],
      [428, 'Precondition Required'],
      [429, 'Too Many Requests'],
      [500, 'Internal Server Error'],
      [501, 'Not Implemented'],
      [503, 'Service Unavailable'],
    ];

    it('titles a problem with the reason phrase of its status (RFC 9110 §15, RFC 9457 §4.2.1)', async () => {
      const app = createApp().get('/fail/:status', (req) => {
        throw new HttpError(Number(req.params.status), 'ERR_HTTP_BAD_REQUEST');
      });
      const running = await start(app);
      for (const [status, title] of titles) {
        const res = await running.get(`/fail/${status}`);
        expect(
          res.json,
          hint(1, `about:blank: the title is the reason phrase of ${status}`),
        ).toEqual({ type: 'about:blank', title, status });
        expect(res.reason, hint(1, 'the status line carries the same phrase')).toBe(title);
      }
    });

    it('keeps type, title, status and detail its own when extension members use those names', async () => {
      const app = createApp().get('/', () => {
        throw new HttpError(409, 'ERR_HTTP_BAD_REQUEST', {
          detail: 'taken',
          extensions: {
            type: 'https://evil.example/',
            title: 'Fine',
            status: 200,
            detail: 'nothing wrong',
            instance: '/elsewhere',
            reason: 'duplicate',
          },
        });
      });
      const res = await (await start(app)).get('/');
      expect(res.json, hint(1, 'extensions never replace the standard members (§3.2)')).toEqual({
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'taken',
        reason: 'duplicate',
      });
    });

    it('reports only unexpected errors to onError, not HttpErrors', async () => {
      const reported: unknown[] = [];
      const app = createApp({ onError: (e) => reported.push(e) }).get('/', () => {
        throw new HttpError(404, 'ERR_HTTP_NOT_FOUND');
      });
      const res = await (await start(app)).get('/');
      expect(res.status).toBe(404);
      expect(reported, hint(1, 'an HttpError is an answer, not a bug')).toEqual([]);
    });

    it('hands onError the error and the request', async () => {
      const reported: Array<[unknown, string]> = [];
      const boom = new TypeError('boom');
      const app = createApp({ onError: (e, req) => reported.push([e, req.path]) }).get(
        '/here',
        () => {
          throw boom;
        },
      );
      await (await start(app)).get('/here');
      expect(reported, hint(1, 'onError(error, req)')).toEqual([[boom, '/here']]);
    });

    it('answers a 500 as problem details without onError too', async () => {
      const app = createApp()
        .get('/throws', () => {
          throw new Error('x');
        })
        .get('/silent', () => undefined);
      const running = await start(app);
      for (const path of ['/throws', '/silent']) {
        const res = await running.get(path);
        expect(res.headers['content-type'], hint(1, `${path}: onError is optional`)).toBe(
          'application/problem+json',
        );
        expect(res.json).toEqual({
          type: 'about:blank',
          title: 'Internal Server Error',
          status: 500,
        });
      }
    });
  });

  describe('the error classes', () => {
    it('gives HttpError a fixed name and the status', async () => {
      const { error: http } = await inside((req) => req.json(), { method: 'POST', body: '{}' });
      const h = expectErrorCode(http, HttpError, 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', hint(1, '415'));
      expect([h.name, h.status], hint(1, 'HttpError has a fixed name and a status')).toEqual([
        'HttpError',
        415,
      ]);
    });

    it('answers an HttpError built without options with the standard members and no extra field', async () => {
      const app = createApp().get('/gone', () => {
        throw new HttpError(404, 'ERR_HTTP_NOT_FOUND');
      });
      const res = await (await start(app)).get('/gone');
      expect(res.json, hint(1, 'no detail, no extensions: type, title, status')).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
      });
      const framing = ['date', 'server', 'connection', 'keep-alive', 'content-length'];
      expect(
        res.headerList.map(([n]) => n).filter((n) => !framing.includes(n)),
        hint(1, 'an HttpError without headers adds no field'),
      ).toEqual(['content-type']);
    });

    it('gives FrameworkError a fixed name and its code', async () => {
      const { error } = await inside((_req, res) => res.status(42));
      const e = expectErrorCode(
        error,
        FrameworkError,
        'ERR_FRAMEWORK_INVALID_STATUS',
        hint(1, 'code'),
      );
      expect(e.name, hint(1, 'FrameworkError has a fixed name')).toBe('FrameworkError');
      expect(e).toBeInstanceOf(Error);
    });
  });

  describe('router options', () => {
    it('passes the router options on: trailingSlash redirect answers 301 for GET, 308 for POST', async () => {
      const app = createApp({ router: { trailingSlash: 'redirect' } })
        .get('/a', ok('a'))
        .post('/a', ok('posted'));
      const running = await start(app);
      const get = await running.get('/a/');
      expect(get.status, hint(1, 'createApp({ router }) reaches the router')).toBe(301);
      expect(get.headers.location, hint(1, 'the router’s location')).toBe('/a');
      const post = await running.call('/a/', { method: 'POST', body: '' });
      expect(post.status, hint(1, '308 keeps the method')).toBe(308);
      expect(post.headers.location).toBe('/a');
    });

    it('matches case-insensitively when the router is told to', async () => {
      const app = createApp({ router: { caseSensitive: false } }).get('/Users', ok('users'));
      expect((await (await start(app)).get('/USERS')).text, hint(1, 'router options')).toBe(
        'users',
      );
    });
  });
});
