/**
 * Stage 3 edges: what a connection does with request bodies that arrive in pieces, stop short or
 * pile up unread, with pipelined requests that pile up, and after it has decided to close.
 *
 * Some specs watch the server side of the connection (the socket the returned net.Server
 * accepted): its 'data', 'end', 'pause' and 'close' events tell when the server has seen bytes,
 * a half-close or stopped reading, so no spec waits on a clock. The test's listeners are added
 * after the server's own, so when one fires the server has already handled the event.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { connect, TestSocket } from '@hbu/kata-kit/socket-harness';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type App, GatewayError, hello } from '../src/index.ts';
import { enc, gate, recorder, type Served, text, useGateway } from './helpers.ts';

const start = useGateway();
const GET = (path = '/', extra = '') => `GET ${path} HTTP/1.1\r\nHost: a\r\n${extra}\r\n`;
const POST = (length: number) => `POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${length}\r\n\r\n`;
const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

/** The server side of one connection, as the test sees it. */
interface ServerSide {
  /** Resolves once the server's socket has emitted at least `n` bytes of 'data'. */
  received(n: number): Promise<void>;
  /** The client's half-close reached the server ('end'). */
  ended: Promise<void>;
  /** The server stopped reading the socket ('pause'). */
  paused: Promise<void>;
  /** The server's socket closed. */
  closed: Promise<void>;
}

/** Watches the next connection the server accepts; call it before connecting. */
function nextConnection(served: Served): Promise<ServerSide> {
  return new Promise((resolve) => {
    served.server.once('connection', (socket: Socket) => {
      let got = 0;
      const waiting: Array<{ n: number; done: () => void }> = [];
      socket.on('data', (chunk: Buffer) => {
        got += chunk.length;
        for (const w of waiting.filter((x) => got >= x.n)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.done();
        }
      });
      const on = (event: string): Promise<void> =>
        new Promise((r) => socket.once(event, () => r()));
      resolve({
        received: (n) =>
          got >= n ? Promise.resolve() : new Promise((done) => waiting.push({ n, done })),
        ended: on('end'),
        paused: on('pause'),
        closed: on('close'),
      });
    });
  });
}

/** A client that may still send after the server has ended its side (allowHalfOpen). */
const halfOpen = new Set<Socket>();
afterEach(() => {
  for (const s of halfOpen) s.destroy();
  halfOpen.clear();
});
function connectHalfOpen(port: number): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port, allowHalfOpen: true });
    halfOpen.add(socket);
    socket.once('connect', () => resolve(new TestSocket(socket)));
    socket.once('error', reject);
  });
}

/** Which of the labelled events comes first. */
const first = (events: Record<string, Promise<unknown>>): Promise<string> =>
  Promise.race(Object.entries(events).map(([name, p]) => p.then(() => name)));

describe('3. Connections', () => {
  describe('request bodies (gateway.input)', () => {
    it('joins bytes that arrived in separate packets: readLine(limit), read(size), readLine(), read()', async () => {
      const g = gate();
      const a: App = (environ, startResponse) =>
        (async function* () {
          await g.promise;
          const input = environ['gateway.input'];
          const got = [
            await input.readLine(4),
            await input.read(8),
            await input.readLine(),
            await input.readLine(),
            await input.read(),
          ].map((b) => Buffer.from(b).toString('latin1'));
          startResponse('200 OK', [['Content-Type', 'application/json']]);
          yield enc(JSON.stringify(got));
        })();
      const server = await start(a);
      const side = nextConnection(server);
      const socket = await connect(server.port);
      const peer = await side;
      const packets = ['ab', 'cdef\nghi', 'jklmn\n\nopq'];
      const head = POST(packets.join('').length);
      let sent = head.length;
      await socket.write(head);
      for (const p of packets) {
        await socket.write(p);
        sent += p.length;
        // A few unread bytes are no reason to stop reading: the next packet must get in.
        expect(await first({ 'the packet': peer.received(sent), 'a pause': peer.paused })).toBe(
          'the packet',
        );
      }
      g.open();
      expect(
        JSON.parse(text(await socket.readResponse())),
        hint(3, 'a read may span several chunks of the buffer; take only what was asked'),
      ).toEqual(['abcd', 'ef\nghijk', 'lmn\n', '\n', 'opq']);
    });

    it('read(0) resolves at once with no bytes: it neither waits for the body nor asks for it', async () => {
      const a: App = (environ, startResponse) =>
        (async function* () {
          const none = await environ['gateway.input'].read(0);
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          yield enc(`read ${none.length}`);
        })();
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write(`${POST(5).slice(0, -2)}Expect: 100-continue\r\n\r\n`);
      const res = await socket.readResponse();
      expect(res.status, hint(3, 'read(0) is not a read of the body: no 100 Continue')).toBe(200);
      expect(text(res)).toBe('read 0');
    });

    it('a client that half-closes mid-body: the app gets the bytes that came, then ERR_GATEWAY_INPUT_ABORTED, and its answer goes out', async () => {
      const g = gate();
      let caught: unknown;
      const a: App = (environ, startResponse) =>
        (async function* () {
          await g.promise;
          const got: Uint8Array[] = [];
          try {
            for await (const chunk of environ['gateway.input']) got.push(chunk);
          } catch (error) {
            caught = error;
          }
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          yield enc(`${Buffer.concat(got).toString('latin1')}|`);
        })();
      const server = await start(a);
      const side = nextConnection(server);
      const socket = await connect(server.port);
      const peer = await side;
      await socket.write(`${POST(10)}hello`);
      socket.socket.end();
      expect(
        await first({ 'the half-close': peer.ended, 'a pause': peer.paused }),
        hint(3, 'a few unread body bytes are no reason to stop reading the socket'),
      ).toBe('the half-close');
      g.open();
      expect(
        text(await socket.readResponse()),
        hint(3, 'answer the request before closing: the client only half-closed'),
      ).toBe('hello|');
      expectErrorCode(
        caught,
        GatewayError,
        'ERR_GATEWAY_INPUT_ABORTED',
        hint(3, 'the bytes that came first, then the error'),
      );
      expect((await socket.readUntilClose()).length, hint(3, 'then close')).toBe(0);
    });

    it('a client that resets mid-body: the waiting read rejects with ERR_GATEWAY_INPUT_ABORTED', async () => {
      const firstBytes = gate();
      let settle!: (outcome: unknown) => void;
      const outcome = new Promise<unknown>((r) => {
        settle = r;
      });
      const a: App = (environ, startResponse) =>
        (async function* () {
          const input = environ['gateway.input'];
          try {
            await input.read(5);
            firstBytes.open();
            await input.read(5);
            settle('the read resolved');
          } catch (error) {
            settle(error);
          }
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          yield enc('late');
        })();
      const server = await start(a);
      const side = nextConnection(server);
      const socket = await connect(server.port);
      const peer = await side;
      await socket.write(`${POST(10)}hello`);
      await firstBytes.promise;
      socket.socket.resetAndDestroy();
      // Once the server's socket has closed (and the promise jobs that follow have run), the read
      // must have failed.
      const afterClose = peer.closed.then(
        () => new Promise<string>((r) => setImmediate(() => r('still waiting'))),
      );
      expectErrorCode(
        await Promise.race([outcome, afterClose]),
        GatewayError,
        'ERR_GATEWAY_INPUT_ABORTED',
        hint(3, 'when the connection closes, fail the body being received'),
      );
    });

    it('drops a large body the app did not read, and parses the next request', async () => {
      const server = await start(hello);
      const socket = await connect(server.port);
      const total = 1024 * 1024;
      void socket.write(
        Buffer.concat([bytes(POST(total)), Buffer.alloc(total, 0x78), bytes(GET('/after'))]),
      );
      expect((await socket.readResponse()).status).toBe(200);
      expect(
        (await socket.readResponse()).status,
        hint(3, 'once the response is done, drop the rest of its body: keep no bytes of it'),
      ).toBe(200);
    });
  });

  describe('bounded buffers', () => {
    it('stops reading while a large body waits unread, and reads on as the app reads it', async () => {
      const g = gate();
      const total = 1024 * 1024;
      const a: App = (environ, startResponse) =>
        (async function* () {
          await g.promise;
          let n = 0;
          for (;;) {
            const chunk = await environ['gateway.input'].read(total);
            if (chunk.length === 0) break;
            n += chunk.length;
          }
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          yield enc(String(n));
        })();
      const server = await start(a);
      const side = nextConnection(server);
      const socket = await connect(server.port);
      const peer = await side;
      const head = POST(total);
      void socket.write(Buffer.concat([bytes(head), Buffer.alloc(total, 0x61)]));
      expect(
        await first({
          'a pause': peer.paused,
          'the whole body': peer.received(head.length + total),
        }),
        hint(3, 'a slow app must not make the server buffer a whole upload: pause the socket'),
      ).toBe('a pause');
      g.open();
      expect(
        text(await socket.readResponse()),
        hint(3, 'resume reading once the app has read the buffer down'),
      ).toBe(String(total));
    });

    it('stops reading while pipelined requests wait for a slow app, and answers them all in order', async () => {
      const g = gate();
      const a: App = (environ, startResponse) =>
        (async function* () {
          if (environ.PATH_INFO === '/0') await g.promise;
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          yield enc(environ.PATH_INFO);
        })();
      const server = await start(a);
      const side = nextConnection(server);
      const socket = await connect(server.port);
      const peer = await side;
      const count = 1_000;
      const pad = `X-Pad: ${'p'.repeat(1_000)}\r\n`;
      const all = bytes(Array.from({ length: count }, (_, i) => GET(`/${i}`, pad)).join(''));
      void socket.write(all);
      expect(
        await first({ 'a pause': peer.paused, 'every request': peer.received(all.length) }),
        hint(3, 'a client must not make the server queue pipelined requests without bound'),
      ).toBe('a pause');
      g.open();
      for (let i = 0; i < count; i++) expect(text(await socket.readResponse())).toBe(`/${i}`);
    });
  });

  describe('after deciding to close', () => {
    it('reads no request after answering "Connection: close", even from a client that keeps sending', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      const side = nextConnection(server);
      const client = await connectHalfOpen(server.port);
      const peer = await side;
      await client.write(GET('/first', 'Connection: close\r\n'));
      await client.readUntilClose();
      await client.write(GET('/second'));
      client.socket.end();
      await peer.closed;
      expect(
        seen.map((e) => e.PATH_INFO),
        hint(3, 'after the last response, ignore what the client sends'),
      ).toEqual(['/first']);
    });

    it('answers the requests that came before bad bytes in the same packet, then the 400', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      const socket = await connect(server.port);
      await socket.write(
        `${GET('/a')}${GET('/b')}GET /c HTTP/1.1\r\nHost: a\r\nBad Header: y\r\n\r\n`,
      );
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(
        raw.match(/HTTP\/1\.1 \d{3}/g),
        hint(
          3,
          'the parse error carries the events parsed before it (error.events): serve them first',
        ),
      ).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 400']);
      expect(seen.map((e) => e.PATH_INFO)).toEqual(['/a', '/b']);
    });

    it('a request whose body goes over maxBodyBytes is not served; the one before it is', async () => {
      const { app, seen } = recorder();
      const server = await start(app, { maxBodyBytes: 100 });
      const socket = await connect(server.port);
      const chunked = 'POST /big HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n';
      await socket.write(`${GET('/a')}${chunked}c8\r\n${'x'.repeat(200)}\r\n0\r\n\r\n`);
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(raw.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 413']);
      expect(
        seen.map((e) => e.PATH_INFO),
        hint(3, 'the 413 answers the request it refuses: the app never sees it'),
      ).toEqual(['/a']);
    });

    it("after a 400 behind many pipelined requests, the client's FIN still closes the connection", async () => {
      const { promise, open } = gate();
      let calls = 0;
      const slow: App = async function* (_environ, startResponse) {
        calls++;
        await promise;
        startResponse('200 OK', [['Content-Type', 'text/plain']]);
        yield enc('ok');
      };
      const server = await start(slow);
      const side = nextConnection(server);
      const socket = await connect(server.port);
      const peer = await side;
      await socket.write(`${GET('/').repeat(20)}GET / HTTP/1.1\r\nBad Header: y\r\n\r\n`);
      open();
      for (let i = 0; i < 20; i++) expect((await socket.readResponse()).status).toBe(200);
      expect((await socket.readResponse()).status).toBe(400);
      expect(calls).toBe(20);
      // Bytes that wait unread in a paused socket hold back its 'end': the server must read on.
      await socket.write('more bytes after the 400');
      socket.socket.end();
      await peer.closed;
    });

    it('a target that is not UTF-8: 400, close, and the request pipelined behind it never reaches the app', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      const socket = await connect(server.port);
      await socket.write(`GET /%FF HTTP/1.1\r\nHost: a\r\n\r\n${GET('/next')}`);
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(raw.startsWith('HTTP/1.1 400 ')).toBe(true);
      expect(raw.match(/HTTP\/1\.1 /g)).toHaveLength(1);
      expect(seen, hint(3, 'a 400 closes the connection: nothing after it is served')).toHaveLength(
        0,
      );
    });
  });

  describe('error responses', () => {
    it.each([
      ['a malformed field line', {}, 'GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n', 400],
      [
        'a header section over maxHeaderBytes',
        { maxHeaderBytes: 1024 },
        `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${'x'.repeat(4096)}\r\n\r\n`,
        431,
      ],
      ['a body over maxBodyBytes', { maxBodyBytes: 100 }, `${POST(1000)}${'x'.repeat(1000)}`, 413],
    ])(
      '%s: the body names the status, the Date is now',
      async (_what, options, request, status) => {
        const server = await start(hello, options);
        const socket = await connect(server.port);
        const before = Math.floor(Date.now() / 1000) * 1000;
        await socket.write(request);
        const res = await socket.readResponse();
        const after = Date.now();
        expect(res.status).toBe(status);
        const body = text(res).toLowerCase();
        expect(
          body.includes(res.reason.toLowerCase()) || body.includes(String(status)),
          hint(3, 'a short text body says what went wrong: name the status'),
        ).toBe(true);
        const date = res.headers.date ?? '';
        expect(date, hint(2, 'Date is an IMF-fixdate (RFC 9110 §5.6.7)')).toMatch(
          /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/,
        );
        expect(Date.parse(date)).toBeGreaterThanOrEqual(before);
        expect(Date.parse(date)).toBeLessThanOrEqual(after);
      },
    );

    it('without onError, the error is logged with its stack', async () => {
      const written: string[] = [];
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      });
      try {
        const boom = new Error('boom with a stack');
        const a: App = () => {
          throw boom;
        };
        const server = await start(a, { onError: undefined });
        expect((await server.get('/')).status).toBe(500);
        expect(written.join(''), hint(3, 'log where the error was thrown: its stack')).toContain(
          boom.stack,
        );
      } finally {
        spy.mockRestore();
      }
    });
  });
});
