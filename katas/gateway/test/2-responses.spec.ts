import { hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import type { App, Header } from '../src/index.ts';
import { app, codeOf, enc, eventually, gen, namesRule, text, useGateway } from './helpers.ts';

const start = useGateway();
const TEXT: Header[] = [['Content-Type', 'text/plain']];

/** An app answering `status` and `headers` with `body` (built per call). */

describe('2. The server', () => {
  describe('framing (RFC 9112 §6)', () => {
    it('sends the status line as the app wrote it, and adds Date', async () => {
      const server = await start(app('299 Custom Thing', TEXT, () => [enc('x')]));
      const res = await server.get('/');
      expect(res.raw.toString('latin1').startsWith('HTTP/1.1 299 Custom Thing\r\n')).toBe(true);
      expect(res.headers.date).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    });

    it("keeps the app's own Date (no second one)", async () => {
      const date = 'Tue, 01 Jan 2030 00:00:00 GMT';
      const server = await start(app('200 OK', [...TEXT, ['Date', date]], () => [enc('x')]));
      const res = await server.get('/');
      expect(res.headerList.filter(([n]) => n === 'date')).toEqual([['date', date]]);
    });

    it('a single-chunk array gets Content-Length (its length is known)', async () => {
      const server = await start(app('200 OK', TEXT, () => [enc('héllo')]));
      const res = await server.get('/');
      expect(
        res.headers['content-length'],
        hint(2, 'an array of one chunk: send Content-Length'),
      ).toBe('6');
      expect(res.headers['transfer-encoding']).toBeUndefined();
      expect(text(res)).toBe('héllo');
    });

    it('an empty array gets Content-Length: 0', async () => {
      const server = await start(app('200 OK', TEXT, () => []));
      const res = await server.get('/');
      expect(res.headers['content-length']).toBe('0');
      expect(res.body.length).toBe(0);
    });

    it('a body that ends before any non-empty chunk gets Content-Length: 0, not chunked', async () => {
      const server = await start(app('200 OK', TEXT, () => gen('', '')));
      const res = await server.get('/');
      expect(
        res.headers['content-length'],
        hint(2, 'at the end of the body the length is known'),
      ).toBe('0');
      expect(res.headers['transfer-encoding']).toBeUndefined();
    });

    it('a generator on HTTP/1.1 is sent chunked', async () => {
      const server = await start(app('200 OK', TEXT, () => gen('a', '', 'bc', 'def')));
      const res = await server.get('/');
      expect(res.headers['transfer-encoding'], hint(2, 'length unknown on 1.1: chunked')).toBe(
        'chunked',
      );
      expect(res.headers['content-length']).toBeUndefined();
      expect(text(res)).toBe('abcdef');
    });

    it('an array of several chunks is sent chunked too, every byte in order', async () => {
      const server = await start(
        app('200 OK', TEXT, () => [enc('one '), enc('two '), enc('three')]),
      );
      const res = await server.get('/');
      expect(text(res)).toBe('one two three');
    });

    it("the app's Content-Length is used as it is, without chunking", async () => {
      const server = await start(
        app('200 OK', [...TEXT, ['Content-Length', '6']], () => gen('abc', 'def')),
      );
      const res = await server.get('/');
      expect(res.headers['content-length']).toBe('6');
      expect(res.headers['transfer-encoding']).toBeUndefined();
      expect(text(res)).toBe('abcdef');
    });

    it('HTTP/1.0: no chunked coding; the body ends when the connection closes', async () => {
      const server = await start(app('200 OK', TEXT, () => gen('a', 'b')));
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.0\r\n\r\n');
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(raw, hint(2, 'HTTP/1.0 has no Transfer-Encoding')).not.toMatch(/transfer-encoding/i);
      expect(raw.endsWith('\r\n\r\nab')).toBe(true);
    });

    it('HEAD: the same fields as GET, no body', async () => {
      const server = await start(app('200 OK', TEXT, () => [enc('hello')]));
      const res = await server.get('/', {}, { method: 'HEAD' });
      expect(res.headers['content-length']).toBe('5');
      const socket = await connect(server.port);
      await socket.write(`HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n`);
      await socket.readResponse({ method: 'HEAD' });
      const next = await socket.readResponse();
      expect(text(next), hint(2, 'a HEAD response has no body bytes at all')).toBe('hello');
    });

    it.each([
      ['204 No Content', []],
      ['304 Not Modified', [['ETag', '"x"']]],
    ] as Array<[string, Header[]]>)(
      '%s: no body, no Content-Length, no chunked',
      async (status, headers) => {
        const server = await start(app(status, headers, () => gen('dropped')));
        const socket = await connect(server.port);
        await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
        const first = await socket.readResponse();
        expect(first.headers['content-length']).toBeUndefined();
        expect(first.headers['transfer-encoding']).toBeUndefined();
        const second = await socket.readResponse();
        expect(
          second.status,
          hint(2, 'a byte of body after a 204/304 is read as the next response'),
        ).toBe(Number(status.slice(0, 3)));
      },
    );
  });

  describe('the rules of the interface (PEP 3333)', () => {
    it('holds the head until the first non-empty chunk: an error before it is still a 500', async () => {
      const server = await start(
        app('200 OK', TEXT, () =>
          (function* () {
            yield enc('');
            throw new Error('boom');
          })(),
        ),
      );
      const res = await server.get('/');
      expect(res.status, hint(2, 'do not send the head at startResponse: wait for bytes')).toBe(
        500,
      );
      expect(server.errors.map(codeOf)).toEqual(['boom']);
    });

    it('excInfo before the head is sent replaces status and fields', async () => {
      const a: App = (_e, startResponse) =>
        (function* () {
          startResponse('200 OK', [...TEXT, ['X-First', '1']]);
          try {
            throw new Error('db down');
          } catch (error) {
            startResponse('503 Service Unavailable', TEXT, error);
            yield enc('sorry');
          }
        })();
      const server = await start(a);
      const res = await server.get('/');
      expect(res.status).toBe(503);
      expect(res.headers['x-first']).toBeUndefined();
      expect(text(res)).toBe('sorry');
    });

    it('excInfo after the head is sent re-throws excInfo itself', async () => {
      let caught: unknown;
      const failure = new Error('late');
      const a: App = (_e, startResponse) =>
        (function* () {
          startResponse('200 OK', TEXT);
          yield enc('partial');
          try {
            startResponse('500 Oops', TEXT, failure);
          } catch (error) {
            caught = error;
          }
        })();
      const server = await start(a);
      await server.get('/').catch(() => undefined);
      expect(caught, hint(2, 'throw excInfo: the client already has a status')).toBe(failure);
    });

    it('a second startResponse without excInfo is an error (500)', async () => {
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT);
        startResponse('201 Created', TEXT);
        return [enc('x')];
      };
      const server = await start(a);
      const res = await server.get('/');
      expect(res.status).toBe(500);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_START_RESPONSE_TWICE']);
    });

    it.each([
      'Connection',
      'Keep-Alive',
      'Transfer-Encoding',
      'Upgrade',
      'TE',
      'Trailer',
      'Proxy-Authenticate',
    ])('a hop-by-hop field from the app (%s) is an error (500)', async (name) => {
      const server = await start(app('200 OK', [...TEXT, [name, 'x']], () => [enc('x')]));
      const res = await server.get('/');
      expect(res.status, hint(2, 'hop-by-hop fields are the server’s')).toBe(500);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_HOP_BY_HOP']);
    });

    it.each([
      ['ERR_GATEWAY_STATUS_NOT_STRING', 200, TEXT],
      ['ERR_GATEWAY_STATUS_FORMAT', '200OK', TEXT],
      ['ERR_GATEWAY_STATUS_FORMAT', 'OK', TEXT],
      ['ERR_GATEWAY_STATUS_CODE', '100 Continue', TEXT],
      ['ERR_GATEWAY_STATUS_CODE', '199 Interim', TEXT],
      ['ERR_GATEWAY_STATUS_CONTROL', '200 OK\n', TEXT],
      ['ERR_GATEWAY_HEADERS_NOT_ARRAY', '200 OK', { 'Content-Type': 'text/plain' }],
      ['ERR_GATEWAY_HEADER_NOT_PAIR', '200 OK', [['Content-Type']]],
      ['ERR_GATEWAY_HEADER_NOT_PAIR', '200 OK', ['Content-Type: text/plain']],
      ['ERR_GATEWAY_HEADER_NOT_STRING', '200 OK', [['X-N', 1]]],
      ['ERR_GATEWAY_HEADER_NAME', '200 OK', [['X Y', '1']]],
      ['ERR_GATEWAY_HEADER_NAME', '200 OK', [['', '1']]],
      ['ERR_GATEWAY_HEADER_NAME', '200 OK', [['X-\u00e9', '1']]],
      ['ERR_GATEWAY_HEADER_STATUS', '200 OK', [['Status', '201 Created']]],
      ['ERR_GATEWAY_HOP_BY_HOP', '200 OK', [['Proxy-Authorization', 'x']]],
      ['ERR_GATEWAY_HOP_BY_HOP', '200 OK', [['Trailers', 'x']]],
      ['ERR_GATEWAY_HEADER_VALUE', '200 OK', [['Content-Length', '-1']]],
      ['ERR_GATEWAY_HEADER_VALUE', '200 OK', [['Content-Length', '1'.repeat(16)]]],
      ['ERR_GATEWAY_HEADER_VALUE', '200 OK', [['X-A', 'a\u007fb']]],
    ])('startResponse refuses %s (%j, %j): 500', async (code, status, headers) => {
      const server = await start(app(status as string, headers as Header[], () => [enc('x')]));
      const res = await server.get('/');
      expect(res.status, hint(2, 'check status and fields in startResponse')).toBe(500);
      expect(server.errors.map(codeOf)).toEqual([code]);
    });

    it('a tab inside a field value, 0x80–0xFF (obs-text) and 299 are fine', async () => {
      const server = await start(
        app('299 Fine', [...TEXT, ['X-A', 'a\tb'], ['X-B', 'caf\u00e9 \u00ff']], () => [enc('x')]),
      );
      const res = await server.get('/');
      expect(res.status).toBe(299);
      expect(res.headers['x-a']).toBe('a\tb');
      expect(res.headers['x-b']).toBe('caf\u00e9 \u00ff');
    });

    it('a body that ends without startResponse is an error (500)', async () => {
      const server = await start(() => [enc('x')]);
      const res = await server.get('/');
      expect(res.status).toBe(500);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_NO_START_RESPONSE']);
      namesRule(server.errors[0]);
    });

    it('a chunk that is not a Uint8Array is an error (500)', async () => {
      const server = await start(
        app('200 OK', TEXT, () => ['text' as unknown as Uint8Array, enc('x')]),
      );
      const res = await server.get('/');
      expect(res.status).toBe(500);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_BODY_CHUNK']);
    });

    it('never sends more bytes than the declared Content-Length, and reports it', async () => {
      const server = await start(
        app('200 OK', [...TEXT, ['Content-Length', '4']], () => gen('abc', 'defgh')),
      );
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(raw.endsWith('\r\n\r\nabcd'), hint(2, 'cut the body at Content-Length')).toBe(true);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_CONTENT_LENGTH_EXCEEDED']);
      namesRule(server.errors[0]);
    });

    it('a body shorter than its Content-Length closes the connection', async () => {
      const server = await start(
        app('200 OK', [...TEXT, ['Content-Length', '10']], () => gen('abc')),
      );
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(raw.endsWith('\r\n\r\nabc')).toBe(true);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_CONTENT_LENGTH_SHORT']);
      namesRule(server.errors[0]);
    });

    it("never changes the app's header array (wsgiref appends Content-Length to it)", async () => {
      const fields = Object.freeze([
        Object.freeze(['Content-Type', 'text/plain']),
      ]) as unknown as Header[];
      const server = await start(app('200 OK', fields, () => [enc('x')]));
      const res = await server.get('/');
      expect(res.status, hint(2, 'build the head from the list; do not push onto it')).toBe(200);
      expect(res.headers['content-length']).toBe('1');
    });

    it('write() sends bytes before those of the returned body', async () => {
      const a: App = (_e, startResponse) => {
        const write = startResponse('200 OK', TEXT);
        write(enc('legacy '));
        return gen('body');
      };
      const server = await start(a);
      expect(text(await server.get('/'))).toBe('legacy body');
    });
  });

  describe('framing corners', () => {
    it('a 204 from an empty array has no Content-Length (RFC 9110 §8.6)', async () => {
      const server = await start(app('204 No Content', [], () => []));
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
      const first = await socket.readResponse();
      expect(
        first.headers['content-length'],
        hint(2, 'no Content-Length on a 204'),
      ).toBeUndefined();
      expect((await socket.readResponse()).status).toBe(204);
    });

    it('a first chunk longer than the declared Content-Length is cut too', async () => {
      const server = await start(
        app('200 OK', [...TEXT, ['Content-Length', '2']], () => gen('abcd')),
      );
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      const raw = (await socket.readUntilClose()).toString('latin1');
      expect(raw.endsWith('\r\n\r\nab'), hint(2, 'cut the body at Content-Length')).toBe(true);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_CONTENT_LENGTH_EXCEEDED']);
      namesRule(server.errors[0]);
    });

    it('write() bytes come before those of a returned one-chunk array', async () => {
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT)(enc('legacy '));
        return [enc('body')];
      };
      const server = await start(a);
      expect(text(await server.get('/'))).toBe('legacy body');
    });

    it('HEAD: the body is not iterated past its first chunk, and a declared length is no error', async () => {
      let pulled = 0;
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', [...TEXT, ['Content-Length', '10']]);
        return (function* () {
          for (let i = 0; i < 5; i++) {
            pulled++;
            yield enc('ab');
          }
        })();
      };
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write('HEAD / HTTP/1.1\r\nHost: a\r\n\r\nHEAD / HTTP/1.1\r\nHost: a\r\n\r\n');
      await socket.readResponse({ method: 'HEAD' });
      const second = await socket.readResponse({ method: 'HEAD' });
      expect(second.headers['content-length'], hint(2, 'HEAD: the head only')).toBe('10');
      expect(pulled, hint(2, 'stop iterating once the head is out')).toBe(2);
      expect(server.errors).toEqual([]);
    });

    it('after too many bytes the body is not iterated further', async () => {
      let pulled = 0;
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', [...TEXT, ['Content-Length', '3']]);
        return (function* () {
          for (let i = 0; i < 5; i++) {
            pulled++;
            yield enc('ab');
          }
        })();
      };
      const server = await start(a);
      await server.get('/').catch(() => undefined);
      expect(await eventually(() => server.errors.length > 0)).toBe(true);
      expect(pulled, hint(2, 'stop at the first byte too many')).toBe(2);
    });

    it('HEAD to an app that fails before its head: a 500 without body bytes', async () => {
      const a: App = (e, startResponse) => {
        if (e.PATH_INFO === '/fail') throw new Error('boom');
        startResponse('200 OK', TEXT);
        return [enc('fine')];
      };
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write('HEAD /fail HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
      expect((await socket.readResponse({ method: 'HEAD' })).status).toBe(500);
      expect(
        text(await socket.readResponse()),
        hint(2, 'a HEAD response has no body bytes, 500 too'),
      ).toBe('fine');
    });

    it('a 500 to a request that asked to close says Connection: close', async () => {
      const server = await start(() => {
        throw new Error('boom');
      });
      const res = await server.get('/', { Connection: 'close' });
      expect(res.status).toBe(500);
      expect(res.headers.connection, hint(3, 'say close when you will close')).toBe('close');
    });
  });

  describe('close() — return() — is always called', () => {
    /** A body whose finally block counts closes. */
    const closing =
      (count: { n: number }, fail = false): App =>
      (_e, startResponse) => {
        startResponse('200 OK', TEXT);
        return (function* () {
          try {
            yield enc('a');
            if (fail) throw new Error('fail');
            yield enc('b');
          } finally {
            count.n++;
          }
        })();
      };

    it('after a body iterated to its end', async () => {
      const count = { n: 0 };
      const closes: number[] = [];
      const a: App = (e, s) => {
        const inner = closing(count)(e, s) as Generator<Uint8Array>;
        // Count return() calls, not only finally blocks: a for…of that ends never calls return().
        return {
          [Symbol.iterator]: () => ({
            next: () => inner.next(),
            return: () => {
              closes.push(1);
              return inner.return(undefined);
            },
          }),
        };
      };
      const server = await start(a);
      await server.get('/');
      expect(
        await eventually(() => closes.length === 1),
        hint(2, 'call return() even after done'),
      ).toBe(true);
    });

    it('after the body throws', async () => {
      const count = { n: 0 };
      const server = await start(closing(count, true));
      await server.get('/').catch(() => undefined);
      expect(await eventually(() => count.n === 1)).toBe(true);
    });

    it('for HEAD', async () => {
      const count = { n: 0 };
      const server = await start(closing(count));
      await server.get('/', {}, { method: 'HEAD' });
      expect(await eventually(() => count.n === 1)).toBe(true);
    });

    it('when the client goes away in the middle of a stream', async () => {
      let closed = false;
      let produced = 0;
      const a: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT);
        return (async function* () {
          try {
            for (;;) {
              produced++;
              yield enc('tick\n');
              await new Promise((r) => setTimeout(r, 5));
            }
          } finally {
            closed = true;
          }
        })();
      };
      const server = await start(a);
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      await socket.waitFor('a first chunk', (buf) => (buf.includes('tick') ? true : undefined));
      socket.close();
      expect(
        await eventually(() => closed),
        hint(3, 'stop iterating and call return() on close'),
      ).toBe(true);
      const after = produced;
      await new Promise((r) => setTimeout(r, 50));
      expect(produced).toBe(after);
      expect(server.errors, hint(3, 'a client that leaves is no application error')).toEqual([]);
    });
  });
});
