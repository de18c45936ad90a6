import { expectRejectCode, hint, rejected } from '@hbu/kata-kit/expect-code';
import { connect, listen, request } from '@hbu/kata-kit/socket-harness';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import {
  type App,
  type Environ,
  fromFetchHandler,
  GatewayError,
  hello,
  mount,
  requestUrl,
  ticker,
  toFetchHandler,
} from '../src/index.ts';
import { enc, eventually, fakeEnviron, gate, sleep, text, useGateway } from './helpers.ts';
import { comparable, honoServer, type ResponseSpec, specApp, specNodeServer } from './peers.ts';

const start = useGateway();
const H = (t: string) => hint(6, t);

function recorder(): { app: App; seen: Environ[]; bodies: string[] } {
  const seen: Environ[] = [];
  const bodies: string[] = [];
  const app: App = (environ, startResponse) =>
    (async function* () {
      seen.push(environ);
      bodies.push(Buffer.from(await environ['gateway.input'].read()).toString());
      startResponse('200 OK', [['Content-Type', 'text/plain']]);
      yield enc('ok');
    })();
  return { app, seen, bodies };
}

/** The Hono application of the lab. */
function honoApp(): Hono {
  const app = new Hono();
  app.get('/', (c) => c.text('Hello Hono!'));
  app.get('/json', (c) => c.json({ ok: true, list: [1, 2] }));
  app.post('/echo', async (c) => c.text(`got ${await c.req.text()}`, 201));
  app.get('/users/:id', (c) => c.json({ id: c.req.param('id'), q: c.req.query('q') ?? null }));
  app.get('/cookies', (c) => {
    c.header('Set-Cookie', 'a=1; Path=/', { append: true });
    c.header('Set-Cookie', 'b=2; HttpOnly', { append: true });
    return c.body(null, 204);
  });
  app.get('/go', (c) => c.redirect('/json', 302));
  return app;
}

describe('6. Fetch adapters', () => {
  describe('toFetchHandler(app)', () => {
    it('answers a Request with the status, fields and body of the app', async () => {
      const res = await toFetchHandler(hello)(new Request('http://example.test/'));
      expect(res.status).toBe(200);
      expect(res.statusText).toBe('OK');
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe('Hello, world!\n');
    });

    it('builds environ from the Request: path, query, host, fields, body', async () => {
      const { app, seen, bodies } = recorder();
      await toFetchHandler(app)(
        new Request('https://example.test:8443/caf%C3%A9?x=%201', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'x-thing': 'v' },
          body: 'payload',
        }),
      );
      const e = seen[0]!;
      expect([e.REQUEST_METHOD, e.PATH_INFO, e.QUERY_STRING]).toEqual(['POST', '/café', 'x=%201']);
      expect([e.SERVER_NAME, e.SERVER_PORT, e['gateway.url_scheme']]).toEqual([
        'example.test',
        '8443',
        'https',
      ]);
      expect(e.HTTP_X_THING).toBe('v');
      expect(e.CONTENT_TYPE).toBe('text/plain');
      expect('HTTP_CONTENT_TYPE' in e).toBe(false);
      expect(bodies[0]).toBe('payload');
    });

    it('environ of a Request without a port: the scheme\'s port; no HTTP_* for "_" names or Proxy', async () => {
      const { app, seen } = recorder();
      await toFetchHandler(app)(
        new Request('https://example.test/', {
          headers: { x_forwarded_for: '6.6.6.6', proxy: 'evil' },
        }),
      );
      await toFetchHandler(app)(new Request('http://example.test/'));
      expect([seen[0]!.SERVER_PORT, seen[1]!.SERVER_PORT], H('443 for https, 80 for http')).toEqual(
        ['443', '80'],
      );
      const keys = Object.keys(seen[0]!).filter((k) => k.startsWith('HTTP_'));
      expect(keys, H('the same field rules as serve')).toEqual([]);
    });

    it('the same interface rules as serve: excInfo, write(), empty chunks, 304', async () => {
      const app: App = (e, s) =>
        (function* () {
          yield enc('');
          s('200 OK', [['Content-Type', 'text/plain']]);
          if (e.PATH_INFO === '/304') {
            s('304 Not Modified', [], new Error('not modified'));
            yield enc('a 304 has no body');
            return;
          }
          s('500 Oops', [['Content-Type', 'text/plain']], new Error('replaced'))(enc('written '));
          yield enc('');
          yield enc('body');
          yield enc('');
        })();
      const res = await toFetchHandler(app)(new Request('http://x/'));
      expect([res.status, res.statusText], H('the status is final at the first bytes')).toEqual([
        500,
        'Oops',
      ]);
      const chunks: string[] = [];
      const reader = res.body!.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        chunks.push(Buffer.from(r.value).toString());
      }
      expect(chunks, H('write() bytes first; no empty chunks')).toEqual(['written ', 'body']);
      const notModified = await toFetchHandler(app)(new Request('http://x/304'));
      expect([notModified.status, notModified.body]).toEqual([304, null]);
    });

    it('a Request body that fails makes gateway.input fail', async () => {
      const { app } = recorder();
      const reset = new Error('connection reset');
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.error(reset);
        },
      });
      const failing = new Request('http://x/', {
        method: 'POST',
        body,
        duplex: 'half',
      } as RequestInit);
      const error = await rejected(async () => toFetchHandler(app)(failing));
      expect(error, H('the input rejects with the body’s error, so does the handler')).toBe(reset);
    });

    it('streams: the first chunk is readable before the app has finished', async () => {
      const g = gate();
      const app: App = (_e, s) => {
        s('200 OK', [['Content-Type', 'text/plain']]);
        return (async function* () {
          yield enc('first');
          await g.promise;
          yield enc('second');
        })();
      };
      const res = await toFetchHandler(app)(new Request('http://x/'));
      const reader = res.body!.getReader();
      expect(Buffer.from((await reader.read()).value!).toString()).toBe('first');
      g.open();
      expect(Buffer.from((await reader.read()).value!).toString()).toBe('second');
    });

    it('a 204 has a null body', async () => {
      const app: App = (_e, s) => {
        s('204 No Content', []);
        return [];
      };
      const res = await toFetchHandler(app)(new Request('http://x/'));
      expect(res.status).toBe(204);
      expect(res.body).toBeNull();
    });

    it('rejects when the app fails before its first chunk', async () => {
      const app: App = (_e, s) => {
        s('200 OK', []);
        s('200 OK', []);
        return [];
      };
      await expectRejectCode(
        async () => toFetchHandler(app)(new Request('http://x/')),
        GatewayError,
        'ERR_GATEWAY_START_RESPONSE_TWICE',
        H('the same rules as serve'),
      );
    });

    it('closes the body when the Response body is cancelled', async () => {
      let closed = false;
      const app: App = (_e, s) => {
        s('200 OK', [['Content-Type', 'text/plain']]);
        return (async function* () {
          try {
            for (;;) yield enc('x');
          } finally {
            closed = true;
          }
        })();
      };
      const res = await toFetchHandler(app)(new Request('http://x/'));
      const reader = res.body!.getReader();
      await reader.read();
      await reader.cancel();
      expect(await eventually(() => closed), H('cancel → return()')).toBe(true);
    });
  });

  describe('requestUrl (PEP 3333 "URL Reconstruction")', () => {
    it.each([
      [{ HTTP_HOST: 'h.test:81', PATH_INFO: '/a' }, 'http://h.test:81/a'],
      [
        { HTTP_HOST: undefined, SERVER_NAME: 's.test', SERVER_PORT: '80', PATH_INFO: '/a' },
        'http://s.test/a',
      ],
      [
        { HTTP_HOST: undefined, SERVER_NAME: 's.test', SERVER_PORT: '8080', PATH_INFO: '/' },
        'http://s.test:8080/',
      ],
      [
        {
          HTTP_HOST: undefined,
          'gateway.url_scheme': 'https',
          SERVER_NAME: 's',
          SERVER_PORT: '443',
          PATH_INFO: '/',
        },
        'https://s/',
      ],
      [
        { HTTP_HOST: 'h', SCRIPT_NAME: '/app', PATH_INFO: '/a b/é', QUERY_STRING: 'x=1' },
        'http://h/app/a%20b/%C3%A9?x=1',
      ],
    ] as Array<[Partial<Environ>, string]>)('%j → %s', (overrides, url) => {
      const environ = fakeEnviron(overrides);
      for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete environ[k];
      expect(requestUrl(environ)).toBe(url);
    });
  });

  describe('fromFetchHandler(handler) behind serve', () => {
    it('serves a Response: status, reason (default from the code), fields, body', async () => {
      const server = await start(
        fromFetchHandler(() => new Response('made', { status: 201, headers: { 'x-a': '1' } })),
      );
      const res = await server.get('/');
      expect(
        res.raw.toString('latin1').startsWith('HTTP/1.1 201 Created\r\n'),
        H('statusText or the RFC reason'),
      ).toBe(true);
      expect(res.headers['x-a']).toBe('1');
      expect(text(res)).toBe('made');
    });

    it('hands the handler a Request with the URL, method, fields and body', async () => {
      let seen:
        | { url: string; method: string; ua: string | null; length: string | null; body: string }
        | undefined;
      const handler = async (r: Request) => {
        seen = {
          url: r.url,
          method: r.method,
          ua: r.headers.get('user-agent'),
          length: r.headers.get('content-length'),
          body: await r.text(),
        };
        return new Response('ok');
      };
      const server = await start(mount({ '/mounted': fromFetchHandler(handler) }));
      await server.get(
        '/mounted/p%20q?x=1',
        { 'User-Agent': 'ua/1' },
        { method: 'PUT', body: 'data' },
      );
      expect(seen).toEqual({
        url: `http://127.0.0.1:${server.port}/mounted/p%20q?x=1`,
        method: 'PUT',
        ua: 'ua/1',
        length: '4',
        body: 'data',
      });
    });

    it('a HEAD request reaches the handler, without a body', async () => {
      const methods: string[] = [];
      const server = await start(
        fromFetchHandler((r) => {
          methods.push(r.method);
          return new Response('x', { headers: { 'content-type': 'text/plain' } });
        }),
      );
      const res = await server.get('/', {}, { method: 'HEAD' });
      expect(res.status, H('GET and HEAD Requests have no body')).toBe(200);
      expect(methods).toEqual(['HEAD']);
    });

    it('keeps several Set-Cookie fields apart', async () => {
      const server = await start(fromFetchHandler(honoApp().fetch));
      const res = await server.get('/cookies');
      expect(res.headerList.filter(([n]) => n === 'set-cookie').map(([, v]) => v)).toEqual([
        'a=1; Path=/',
        'b=2; HttpOnly',
      ]);
    });

    it('drops hop-by-hop fields of a Response instead of failing', async () => {
      const server = await start(
        fromFetchHandler(() => new Response('x', { headers: { connection: 'close', 'x-b': '2' } })),
      );
      const res = await server.get('/');
      expect(res.status).toBe(200);
      expect(res.headers['x-b']).toBe('2');
    });

    it("streams the handler's body, and cancels it when the client goes away", async () => {
      let cancelled = false;
      const handler = () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              await sleep(5);
              controller.enqueue(enc('tick\n'));
            },
            cancel() {
              cancelled = true;
            },
          }),
        );
      const server = await start(fromFetchHandler(handler));
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      await socket.waitFor('a first chunk', (b) => (b.includes('tick') ? true : undefined));
      socket.close();
      expect(await eventually(() => cancelled), H('close() cancels the Response body')).toBe(true);
    });
  });

  describe('differential: the same responses through node:http and the gateway', () => {
    const specs: Array<[string, ResponseSpec]> = [
      [
        'one chunk',
        { code: 200, reason: 'OK', headers: [['Content-Type', 'text/plain']], chunks: ['hello'] },
      ],
      [
        'several chunks',
        {
          code: 200,
          reason: 'OK',
          headers: [['Content-Type', 'text/plain']],
          chunks: ['a', 'bc', 'def'],
        },
      ],
      [
        'a declared length',
        {
          code: 200,
          reason: 'OK',
          headers: [
            ['Content-Type', 'text/plain'],
            ['Content-Length', '3'],
          ],
          chunks: ['a', 'bc'],
        },
      ],
      [
        'a custom reason and fields',
        {
          code: 418,
          reason: "I'm a teapot",
          headers: [
            ['Content-Type', 'text/plain'],
            ['X-Brew', 'earl grey'],
            ['Set-Cookie', 'a=1'],
            ['Set-Cookie', 'b=2'],
          ],
          chunks: ['short and stout'],
        },
      ],
      [
        'a redirect',
        {
          code: 302,
          reason: 'Found',
          headers: [
            ['Location', '/x'],
            ['Content-Type', 'text/html'],
          ],
          chunks: ['<a href="/x">x</a>'],
        },
      ],
      ['204', { code: 204, reason: 'No Content', headers: [], chunks: [] }],
      [
        'an empty 200',
        { code: 200, reason: 'OK', headers: [['Content-Type', 'text/plain']], chunks: [''] },
      ],
    ];
    it.each(specs)('%s', async (_name, spec) => {
      const ours = await start(specApp(spec));
      const node = await listen(() => specNodeServer(spec));
      const a = await request(ours.port, { target: '/' });
      const b = await request(node.port, { target: '/' });
      expect(comparable(a)).toEqual(comparable(b));
      expect(a.reason).toBe(b.reason);
    });
  });

  describe('differential: a real Hono app on @hono/node-server and on the gateway', () => {
    it.each([
      ['GET', '/', undefined],
      ['GET', '/json', undefined],
      ['POST', '/echo', 'some data'],
      ['GET', '/users/42?q=hi', undefined],
      ['GET', '/cookies', undefined],
      ['GET', '/go', undefined],
      ['GET', '/missing', undefined],
    ])('%s %s', async (method, target, body) => {
      const app = honoApp();
      const ours = await start(fromFetchHandler(app.fetch));
      const peer = await listen(() => honoServer(app.fetch));
      const req = {
        method,
        target,
        ...(body === undefined ? {} : { body, headers: { 'Content-Type': 'text/plain' } }),
      };
      const a = await request(ours.port, req);
      const b = await request(peer.port, req);
      expect(comparable(a, false), H('same status, fields and body; framing may differ')).toEqual(
        comparable(b, false),
      );
    });

    it('toFetchHandler(app) on @hono/node-server answers like serve(app)', async () => {
      for (const app of [
        hello,
        ticker(3, 1),
        specApp({
          code: 404,
          reason: 'Not Found',
          headers: [
            ['Content-Type', 'text/plain'],
            ['X-A', 'b'],
          ],
          chunks: ['nope'],
        }),
      ]) {
        const ours = await start(app);
        const peer = await listen(() => honoServer(toFetchHandler(app)));
        const a = await request(ours.port, { target: '/' });
        const b = await request(peer.port, { target: '/' });
        expect(comparable(a, false)).toEqual(comparable(b, false));
      }
    });
  });
});
