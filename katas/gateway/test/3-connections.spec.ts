import { hint } from '@hbu/kata-kit/expect-code';
import { connect, loadTest } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it, vi } from 'vitest';
import { type App, failing, hello, ticker } from '../src/index.ts';
import { enc, gate, sleep, text, useGateway } from './helpers.ts';

const start = useGateway();
const GET = (path = '/', extra = '') => `GET ${path} HTTP/1.1\r\nHost: a\r\n${extra}\r\n`;

/** Answers the request body (read whole). */
const echo: App = (environ, startResponse) =>
  (async function* () {
    const body = await environ['gateway.input'].read();
    startResponse('200 OK', [['Content-Type', 'text/plain']]);
    yield body.length === 0 ? enc(environ.PATH_INFO) : body;
  })();

describe('3. Connections', () => {
  describe('persistence (RFC 9112 §9.3)', () => {
    it('keeps an HTTP/1.1 connection open for the next request', async () => {
      const server = await start(hello);
      const socket = await connect(server.port);
      await socket.write(GET());
      const a = await socket.readResponse();
      await socket.write(GET());
      const b = await socket.readResponse();
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(server.connections).toHaveLength(1);
    });

    it('closes after a response to "Connection: close", saying so', async () => {
      const server = await start(hello);
      const socket = await connect(server.port);
      await socket.write(GET('/', 'Connection: close\r\n'));
      const res = await socket.readResponse();
      expect(res.headers.connection).toBe('close');
      expect(await socket.closesWithin(2_000)).toBe(true);
    });

    it('closes an HTTP/1.0 connection after the response', async () => {
      const server = await start(hello);
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.0\r\n\r\n');
      await socket.readResponse();
      expect(await socket.closesWithin(2_000)).toBe(true);
    });

    it('keeps an HTTP/1.0 connection that asks for keep-alive, and says so', async () => {
      const server = await start(hello);
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
      const res = await socket.readResponse();
      expect(res.headers.connection?.toLowerCase()).toBe('keep-alive');
      await socket.write('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
      expect((await socket.readResponse()).status).toBe(200);
    });

    it('closes an idle keep-alive connection after keepAliveTimeoutMs', async () => {
      const server = await start(hello, { keepAliveTimeoutMs: 100 });
      const socket = await connect(server.port);
      await socket.write(GET());
      await socket.readResponse();
      expect(
        await socket.closesWithin(2_000),
        hint(3, 'arm an idle timer after each response'),
      ).toBe(true);
    });
  });

  describe('the idle timeout counts from the last response', () => {
    it('answers a request that arrives before the timeout, however long the app takes', async () => {
      const slow: App = (environ, startResponse) =>
        (async function* () {
          if (environ.PATH_INFO === '/slow') await sleep(300);
          yield* hello(environ, startResponse);
        })();
      const server = await start(slow, { keepAliveTimeoutMs: 150 });
      const socket = await connect(server.port);
      await socket.write(GET());
      await socket.readResponse();
      await socket.write(GET('/slow'));
      expect(
        (await socket.readResponse()).status,
        hint(3, 'a request in progress is not idle: stop the timer when bytes arrive'),
      ).toBe(200);
    });
  });

  describe('pipelining (RFC 9112 §9.3.2)', () => {
    it('answers pipelined requests in order, a slow streaming one first', async () => {
      const apps: Record<string, App> = { '/slow': ticker(3, 20), '/fast': hello };
      const server = await start((e, s) => (apps[e.PATH_INFO] ?? echo)(e, s));
      const socket = await connect(server.port);
      await socket.write(GET('/slow') + GET('/fast') + GET('/other'));
      const a = await socket.readResponse();
      const b = await socket.readResponse();
      const c = await socket.readResponse();
      expect(text(a)).toBe('tick 0\ntick 1\ntick 2\n');
      expect(text(b)).toBe('Hello, world!\n');
      expect(text(c)).toBe('/other');
    });

    it('keeps request bodies apart when requests with bodies are pipelined', async () => {
      const server = await start(echo);
      const socket = await connect(server.port);
      const post = (body: string) =>
        `POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      await socket.write(post('first') + GET('/get') + post('third!'));
      const got = [
        await socket.readResponse(),
        await socket.readResponse(),
        await socket.readResponse(),
      ];
      expect(got.map(text)).toEqual(['first', '/get', 'third!']);
    });

    it('skips a body the app did not read (past the input buffer), and parses the next request', async () => {
      // The app answers a little later, so the body piles up unread meanwhile.
      const slow: App = (environ, startResponse) =>
        (async function* () {
          await sleep(100);
          yield* hello(environ, startResponse);
        })();
      const server = await start(slow);
      const socket = await connect(server.port);
      // 200 KB: more than a server buffers for an app before it stops reading the socket.
      await socket.write(
        `POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 200000\r\n\r\n${'x'.repeat(200_000)}${GET()}`,
      );
      expect((await socket.readResponse()).status).toBe(200);
      expect((await socket.readResponse()).status).toBe(200);
    });

    it('answers 100 requests pipelined in one write', async () => {
      const server = await start(echo);
      const socket = await connect(server.port);
      await socket.write(Array.from({ length: 100 }, (_, i) => GET(`/${i}`)).join(''));
      for (let i = 0; i < 100; i++) expect(text(await socket.readResponse())).toBe(`/${i}`);
    });
  });

  describe('streaming both ways', () => {
    it('sends a chunk as soon as the app yields it, not when the body ends', async () => {
      const g = gate();
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', [['Content-Type', 'text/plain']]);
        return (async function* () {
          yield enc('first ');
          await g.promise;
          yield enc('second');
        })();
      };
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write(GET());
      await socket.waitFor('the first chunk before the body ends', (buf) =>
        buf.includes('first') ? true : undefined,
      );
      g.open();
      expect(text(await socket.readResponse())).toBe('first second');
    });

    it('hands the app the first body bytes before the client has sent them all', async () => {
      const firstBytes = gate();
      const a: App = (environ, startResponse) =>
        (async function* () {
          let n = 0;
          for await (const chunk of environ['gateway.input']) {
            if (n === 0) firstBytes.open();
            n += chunk.length;
          }
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          yield enc(String(n));
        })();
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n');
      // The app is running and waiting for bytes by now: the next ones must wake it.
      await sleep(50);
      await socket.write('12345');
      const seen = await Promise.race([
        firstBytes.promise.then(() => true),
        sleep(2_000).then(() => false),
      ]);
      expect(seen, hint(3, 'feed gateway.input as data events arrive')).toBe(true);
      await socket.write('67890');
      expect(text(await socket.readResponse())).toBe('10');
    });

    it('sends 100 Continue when the app reads a body the client is waiting to send', async () => {
      const server = await start(echo);
      const socket = await connect(server.port);
      await socket.write(
        'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n',
      );
      const interim = await socket.readResponse();
      expect(interim.status, hint(3, 'RFC 9110 §10.1.1')).toBe(100);
      await socket.write('ok');
      expect(text(await socket.readResponse())).toBe('ok');
    });

    it('the expectation is case-insensitive (100-Continue)', async () => {
      const server = await start(echo);
      const socket = await connect(server.port);
      await socket.write(
        'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-Continue\r\n\r\n',
      );
      expect(
        (await socket.readResponse()).status,
        hint(3, 'compare the token case-insensitively'),
      ).toBe(100);
    });

    it('never sends 100 Continue to an HTTP/1.0 client (RFC 9110 §10.1.1)', async () => {
      const server = await start(echo);
      const socket = await connect(server.port);
      await socket.write('POST / HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nok');
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(raw.startsWith('HTTP/1.1 200 '), hint(3, 'an HTTP/1.0 client does not know 1xx')).toBe(
        true,
      );
    });

    it('backpressure: a client that does not read stops a streaming app (measured)', async () => {
      let produced = 0;
      const CHUNK = 64 * 1024;
      const LIMIT = 1024; // 64 MiB if nothing stops it
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', [['Content-Type', 'application/octet-stream']]);
        return (async function* () {
          const chunk = new Uint8Array(CHUNK);
          while (produced < LIMIT) {
            produced++;
            yield chunk;
          }
        })();
      };
      const server = await start(a);
      const socket = await connect(server.port);
      socket.socket.pause();
      await socket.write(GET());
      // Wait until production stalls (or ends).
      let last = -1;
      while (produced !== last && produced < LIMIT) {
        last = produced;
        await sleep(150);
      }
      expect(
        produced * CHUNK,
        hint(3, 'await "drain" when socket.write returns false'),
      ).toBeLessThan(24 * 1024 * 1024);
    });
  });

  describe('errors', () => {
    it('without onError, errors go to stderr, as does gateway.errors', async () => {
      const written: string[] = [];
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      });
      try {
        const a: App = (environ) => {
          environ['gateway.errors'].write('a note\n');
          environ['gateway.errors'].flush();
          throw new Error('boom in the app');
        };
        const server = await start(a, { onError: undefined });
        expect((await server.get('/')).status).toBe(500);
        const all = written.join('');
        expect(all, hint(3, 'gateway.errors writes to stderr')).toContain('a note\n');
        expect(all, hint(3, 'the default onError logs the error')).toContain('boom in the app');
      } finally {
        spy.mockRestore();
      }
    });

    it('an error before the head: 500, and the connection still serves the next request', async () => {
      const apps: Record<string, App> = { '/fail': failing('before') };
      const server = await start((e, s) => (apps[e.PATH_INFO] ?? hello)(e, s));
      const socket = await connect(server.port);
      await socket.write(GET('/fail') + GET('/'));
      expect((await socket.readResponse()).status).toBe(500);
      expect(text(await socket.readResponse())).toBe('Hello, world!\n');
    });

    it('an error after the head closes the connection, the chunked body unterminated', async () => {
      const server = await start(failing('after'));
      const socket = await connect(server.port);
      await socket.write(GET() + GET());
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(raw).toContain('partial ');
      expect(raw, hint(3, 'never write the last chunk after an error')).not.toMatch(
        /\r\n0\r\n\r\n/,
      );
      expect(raw.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    });

    it('answers unparsable bytes with 400 and closes', async () => {
      const server = await start(hello);
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n');
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(raw.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      expect(head, hint(3, 'say you close')).toMatch(/\r\nConnection: close(\r\n|$)/i);
      expect(head).toMatch(/\r\nDate: /);
      expect(head).toContain(`\r\nContent-Length: ${body.length}`);
      expect(body.length, hint(3, 'a short text body says what went wrong')).toBeGreaterThan(0);
    });

    it('answers a too large header section with 431', async () => {
      const server = await start(hello, { maxHeaderBytes: 1024 });
      const res = await server.get('/', { 'X-Big': 'x'.repeat(4096) });
      expect(res.status).toBe(431);
    });

    it('answers a body over maxBodyBytes with 413', async () => {
      const server = await start(echo, { maxBodyBytes: 100 });
      const res = await server.get('/', {}, { method: 'POST', body: 'x'.repeat(1000) });
      expect(res.status).toBe(413);
    });
  });

  it('serves 2,000 keep-alive requests over 20 connections without an error', async () => {
    const server = await start(hello);
    const result = await loadTest(server.port, {
      requests: 2_000,
      connections: 20,
      request: { target: '/' },
      check: (res) => res.status === 200 && text(res) === 'Hello, world!\n',
    });
    expect(result.firstError).toBeUndefined();
    expect(result.requests).toBe(2_000);
  });
});
