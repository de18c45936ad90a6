import { connect as netConnect, type Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import type { App, Body, Header } from '../src/index.ts';
import { app, codeOf, enc, eventually, gen, text, useGateway } from './helpers.ts';

const start = useGateway();
const TEXT: Header[] = [['Content-Type', 'text/plain']];
const TWO_GETS = 'GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n';

/** An app answering `status` and `headers` with `body` (built per call). */

/** Sends `raw` on a new connection and returns every byte until the server closes it. */
async function rawExchange(port: number, raw: string): Promise<Buffer> {
  const socket = await connect(port);
  await socket.write(raw);
  return socket.readUntilClose();
}

describe('2. The server', () => {
  describe('write() (the legacy callable)', () => {
    it('a write() that is not a Uint8Array is an error (500)', async () => {
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT)('text' as unknown as Uint8Array);
        return [enc('x')];
      };
      const server = await start(a);
      const res = await server.get('/');
      expect(res.status, hint(2, 'write() takes bytes only')).toBe(500);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_WRITE_ARGUMENT']);
    });

    it('an empty write() does not send the head: a later error is still a 500', async () => {
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT)(enc(''));
        throw new Error('boom');
      };
      const server = await start(a);
      const res = await server.get('/');
      expect(res.status, hint(2, 'hold the head until the first non-empty bytes')).toBe(500);
      expect(server.errors.map(codeOf)).toEqual(['boom']);
    });

    it('several write() calls and an empty array: one head, one body, the next response intact', async () => {
      const a: App = (_e, startResponse) => {
        const write = startResponse('200 OK', TEXT);
        write(enc('a'));
        write(enc('b'));
        return [];
      };
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write(TWO_GETS);
      const first = await socket.readResponse();
      expect(text(first)).toBe('ab');
      const second = await socket.readResponse();
      expect(second.status, hint(2, 'an empty chunk is never framed')).toBe(200);
      expect(text(second)).toBe('ab');
      expect(server.errors).toEqual([]);
    });

    it('HEAD with write(): the rest of the body puts no byte on the wire', async () => {
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT)(enc('a'));
        return gen('b', 'c');
      };
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write('HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
      expect((await socket.readResponse({ method: 'HEAD' })).status).toBe(200);
      const next = await socket.readResponse();
      expect(text(next), hint(2, 'a HEAD response has no body bytes at all')).toBe('abc');
    });

    it('HEAD with write() and a one-chunk array: the next response comes', async () => {
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT)(enc('a'));
        return [enc('b')];
      };
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write('HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
      expect((await socket.readResponse({ method: 'HEAD' })).status).toBe(200);
      expect(text(await socket.readResponse())).toBe('ab');
    });

    it('a write() kept past the 500 puts nothing on the wire', async () => {
      const a: App = (e, startResponse) => {
        const write = startResponse('200 OK', TEXT);
        if (e.PATH_INFO !== '/fail') return [enc('fine')];
        return {
          [Symbol.iterator]: () => ({
            next: (): IteratorResult<Uint8Array> => {
              throw new Error('boom');
            },
            return: (): IteratorResult<Uint8Array> => {
              write(enc('late'));
              return { done: true, value: undefined };
            },
          }),
        };
      };
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write('GET /fail HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
      expect((await socket.readResponse()).status).toBe(500);
      const next = await socket.readResponse();
      expect(next.status, hint(2, 'after the 500 the exchange writes nothing more')).toBe(200);
      expect(text(next)).toBe('fine');
    });
    it('a write() from return() after an empty body puts nothing on the wire', async () => {
      const a: App = (_e, startResponse) => {
        const write = startResponse('200 OK', TEXT);
        return {
          [Symbol.iterator]: () => ({
            next: (): IteratorResult<Uint8Array> => ({ done: true, value: undefined }),
            return: (): IteratorResult<Uint8Array> => {
              write(enc('late'));
              return { done: true, value: undefined };
            },
          }),
        };
      };
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write(TWO_GETS);
      const first = await socket.readResponse();
      expect(first.headers['content-length']).toBe('0');
      const second = await socket.readResponse();
      expect(second.status, hint(2, 'Content-Length: 0 means no byte more')).toBe(200);
      expect(second.body.length).toBe(0);
    });
  });

  describe('startResponse', () => {
    it('excInfo null is no excInfo: a second call is still an error (500)', async () => {
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT, null);
        startResponse('201 Created', TEXT, null);
        return [enc('x')];
      };
      const server = await start(a);
      const res = await server.get('/');
      expect(res.status).toBe(500);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_START_RESPONSE_TWICE']);
    });
  });

  describe('bodies the server refuses (500)', () => {
    it.each([
      ['a string', () => 'hello', 'ERR_GATEWAY_BODY_STRING'],
      ['an array of one string', () => ['hello'], 'ERR_GATEWAY_BODY_CHUNK'],
      ['null', () => null, 'ERR_GATEWAY_BODY_NOT_ITERABLE'],
      ['an object without an iterator', () => ({}), 'ERR_GATEWAY_BODY_NOT_ITERABLE'],
      ['a number', () => 42, 'ERR_GATEWAY_BODY_NOT_ITERABLE'],
    ] as Array<[string, () => unknown, string]>)('%s', async (_name, body, code) => {
      const server = await start(app('200 OK', TEXT, body as () => Body));
      const res = await server.get('/');
      expect(res.status, hint(2, 'a body is an iterable of Uint8Array')).toBe(500);
      expect(server.errors.map(codeOf)).toEqual([code]);
    });
  });

  describe('Content-Length from the app', () => {
    it('a body of exactly the declared length, in several chunks, is no error and keeps the connection', async () => {
      const server = await start(
        app('200 OK', [...TEXT, ['Content-Length', '6']], () => gen('ab', 'cd', 'ef')),
      );
      const socket = await connect(server.port);
      await socket.write(TWO_GETS);
      expect(text(await socket.readResponse())).toBe('abcdef');
      expect(text(await socket.readResponse()), hint(3, 'a complete body keeps the line')).toBe(
        'abcdef',
      );
      expect(server.errors).toEqual([]);
    });

    it('Content-Length: 0 and a non-empty body: no chunked coding, no body, reported', async () => {
      const server = await start(
        app('200 OK', [...TEXT, ['Content-Length', '0']], () => gen('abc')),
      );
      const raw = (await rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n')).toString(
        'latin1',
      );
      expect(raw, hint(2, "the app's Content-Length: 0 is a length")).not.toMatch(
        /transfer-encoding/i,
      );
      expect(raw.endsWith('\r\n\r\n')).toBe(true);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_CONTENT_LENGTH_EXCEEDED']);
    });

    it('after too many bytes a pipelined request is not served', async () => {
      let calls = 0;
      const a: App = (_e, startResponse) => {
        calls++;
        startResponse('200 OK', [...TEXT, ['Content-Length', '2']]);
        return gen('ab', 'cd');
      };
      const server = await start(a);
      const raw = (await rawExchange(server.port, TWO_GETS)).toString('latin1');
      expect(raw.endsWith('\r\n\r\nab')).toBe(true);
      expect(calls, hint(2, 'a broken body ends the connection')).toBe(1);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_CONTENT_LENGTH_EXCEEDED']);
    });
  });

  describe('framing corners', () => {
    it('a 304 from an empty array has no Content-Length', async () => {
      const server = await start(app('304 Not Modified', [['ETag', '"x"']], () => []));
      const socket = await connect(server.port);
      await socket.write(TWO_GETS);
      const first = await socket.readResponse();
      expect(first.headers['content-length'], hint(2, 'no body on a 304')).toBeUndefined();
      expect((await socket.readResponse()).status).toBe(304);
    });

    it('HTTP/1.1: no Connection field on a response that keeps the line', async () => {
      const server = await start(app('200 OK', TEXT, () => gen('a', 'b')));
      const res = await server.get('/');
      expect(res.headers.connection, hint(3, 'keep-alive is the 1.1 default')).toBeUndefined();
      expect(text(res)).toBe('ab');
    });

    it('HTTP/1.0 keep-alive with a body of unknown length: Connection: close', async () => {
      const server = await start(app('200 OK', TEXT, () => gen('a', 'b')));
      const raw = (
        await rawExchange(server.port, 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n')
      ).toString('latin1');
      expect(raw, hint(2, 'a close-delimited body ends the connection')).toMatch(
        /\r\nconnection: close\r\n/i,
      );
      expect(raw).not.toMatch(/keep-alive/i);
      expect(raw.endsWith('\r\n\r\nab')).toBe(true);
    });

    it('field values are sent as latin1 bytes (HEAD)', async () => {
      const server = await start(app('200 OK', [...TEXT, ['X-B', 'caf\u00e9']], () => gen('x')));
      const raw = await rawExchange(
        server.port,
        'HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
      );
      expect(raw.includes(Buffer.from('X-B: caf\u00e9\r\n', 'latin1')), hint(2, 'latin1')).toBe(
        true,
      );
    });

    it('field values are sent as latin1 bytes (a first chunk longer than Content-Length)', async () => {
      const server = await start(
        app('200 OK', [...TEXT, ['X-B', 'caf\u00e9'], ['Content-Length', '2']], () => gen('abcd')),
      );
      const raw = await rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      expect(raw.includes(Buffer.from('X-B: caf\u00e9\r\n', 'latin1')), hint(2, 'latin1')).toBe(
        true,
      );
      expect(raw.toString('latin1').endsWith('\r\n\r\nab')).toBe(true);
    });
  });

  describe('close() — return() — and the client', () => {
    it('an error thrown by return() is reported', async () => {
      const failure = new Error('close failed');
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT);
        const inner = gen('a', 'b');
        return {
          [Symbol.iterator]: () => ({
            next: () => inner.next(),
            return: (): IteratorResult<Uint8Array> => {
              throw failure;
            },
          }),
        };
      };
      const server = await start(a);
      const res = await server.get('/');
      expect(text(res)).toBe('ab');
      expect(await eventually(() => server.errors.length > 0)).toBe(true);
      expect(server.errors, hint(2, 'report what close() throws')).toEqual([failure]);
    });
  });

  describe('backpressure', () => {
    const BIG = 24 * 1024 * 1024;

    it("waits for 'drain' after a large first chunk before pulling the next one", async () => {
      let firstPulled = false;
      let reading = false;
      let readingAtSecondPull: boolean | undefined;
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT);
        return (function* () {
          firstPulled = true;
          yield new Uint8Array(BIG).fill(0x61);
          readingAtSecondPull = reading;
          yield enc('end');
        })();
      };
      const server = await start(a);
      const client: Socket = netConnect(server.port, '127.0.0.1');
      client.pause();
      const chunks: Buffer[] = [];
      const ended = new Promise<void>((resolve, reject) => {
        client.on('data', (d: Buffer) => chunks.push(d));
        client.on('end', () => resolve());
        client.on('error', reject);
      });
      try {
        await new Promise<void>((r) => client.once('connect', () => r()));
        client.write('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
        expect(await eventually(() => firstPulled)).toBe(true);
        reading = true;
        client.resume();
        await ended;
      } finally {
        client.destroy();
      }
      const all = Buffer.concat(chunks);
      expect(all.toString('latin1', all.length - 20)).toMatch(/\r\n3\r\nend\r\n0\r\n\r\n$/);
      expect(readingAtSecondPull, hint(2, 'await drain before the next chunk')).toBe(true);
    });
  });
});
