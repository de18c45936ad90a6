import { hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import type { App } from '../src/index.ts';
import { codeOf, enc, recorder, text, useGateway } from './helpers.ts';

const start = useGateway();

/** An app that answers the whole request body, read with read(size) steps of `step` bytes. */
const echo =
  (step?: number): App =>
  (environ, startResponse) =>
    (async function* () {
      const parts: Uint8Array[] = [];
      for (;;) {
        const chunk = await environ['gateway.input'].read(step ?? 1 << 20);
        if (chunk.length === 0) break;
        if (step !== undefined && chunk.length > step)
          throw new Error(`read(${step}) gave ${chunk.length}`);
        parts.push(chunk);
      }
      startResponse('200 OK', [['Content-Type', 'application/octet-stream']]);
      yield Buffer.concat(parts);
    })();

describe('2. The server', () => {
  describe('environ from the request (PEP 3333 "environ Variables")', () => {
    it('sets REQUEST_METHOD, SCRIPT_NAME "", SERVER_PROTOCOL and the gateway.* keys', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get('/', {}, { method: 'DELETE' });
      const e = seen[0]!;
      expect(e.REQUEST_METHOD).toBe('DELETE');
      expect(e.SCRIPT_NAME).toBe('');
      expect(e.SERVER_PROTOCOL).toBe('HTTP/1.1');
      expect(e['gateway.version']).toEqual([1, 0]);
      expect(e['gateway.url_scheme']).toBe('http');
      expect(typeof e['gateway.multithread']).toBe('boolean');
      expect(typeof e['gateway.multiprocess']).toBe('boolean');
      expect(e['gateway.run_once'], hint(2, 'a server runs the app many times')).toBe(false);
      expect(e['gateway.input_terminated'], hint(2, 'input ends at the body’s end')).toBe(true);
      expect(typeof e['gateway.errors'].write).toBe('function');
    });

    it('PATH_INFO is the path percent-decoded as UTF-8; QUERY_STRING stays encoded', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get('/caf%C3%A9/a%20b?q=%20x&y=%2F');
      expect(seen[0]!.PATH_INFO, hint(2, 'decode %XX to bytes, then the bytes as UTF-8')).toBe(
        '/café/a b',
      );
      expect(seen[0]!.QUERY_STRING).toBe('q=%20x&y=%2F');
    });

    it('QUERY_STRING is "" when the target has no "?"', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get('/x');
      expect(seen[0]!.QUERY_STRING).toBe('');
      expect(seen[0]!.PATH_INFO).toBe('/x');
    });

    it('SERVER_PORT is the port the server listens on; SERVER_NAME comes from options', async () => {
      const { app, seen } = recorder();
      const server = await start(app, { serverName: 'gateway.test' });
      await server.get('/');
      expect(seen[0]!.SERVER_PORT).toBe(String(server.port));
      expect(seen[0]!.SERVER_NAME).toBe('gateway.test');
      expect(seen[0]!.REMOTE_ADDR).toBe('127.0.0.1');
    });

    it('REMOTE_PORT is the port of the client', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      await socket.readResponse();
      expect(seen[0]!.REMOTE_PORT).toBe(String(socket.socket.localPort));
    });

    it('OPTIONS *: PATH_INFO and QUERY_STRING are empty', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      const res = await server.get('*', {}, { method: 'OPTIONS' });
      expect(res.status).toBe(200);
      expect(
        [seen[0]!.PATH_INFO, seen[0]!.QUERY_STRING],
        hint(2, 'the asterisk-form has no path'),
      ).toEqual(['', '']);
    });

    it('Cookie lines are joined with "; " (RFC 6265 §5.4)', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get(
        '/',
        {},
        {
          method: 'POST',
          body: 'abc',
          headers: [
            ['Cookie', 'a=1'],
            ['Cookie', 'b=2'],
            ['Content-Length', '3'],
          ],
        },
      );
      expect(seen[0]!.HTTP_COOKIE, hint(2, 'cookies are joined with "; "')).toBe('a=1; b=2');
      expect(seen[0]!.CONTENT_LENGTH).toBe('3');
    });

    it('a repeated equal Content-Length is one length, or the request is refused (RFC 9112 §6.3)', async () => {
      // A parser may take equal Content-Length lines as one or refuse them (llhttp, and so the
      // http-message crutch, refuses): either is right. Taken, the app sees one length.
      const { app, seen } = recorder();
      const server = await start(app);
      const response = await server.get(
        '/',
        {},
        {
          method: 'POST',
          body: 'abc',
          headers: [
            ['Content-Length', '3'],
            ['Content-Length', '3'],
          ],
        },
      );
      if (seen.length === 0) {
        expect(response.status, hint(2, 'refused by the parser: 400')).toBe(400);
      } else {
        expect(seen[0]!.CONTENT_LENGTH, hint(2, 'one length, not "3, 3"')).toBe('3');
        expect(response.status).toBe(200);
      }
    });

    it('fields become HTTP_* keys: upper case, "-" → "_"', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get('/', { 'User-Agent': 'spec/1', 'x-Custom-Thing': 'v' });
      expect(seen[0]!.HTTP_USER_AGENT).toBe('spec/1');
      expect(seen[0]!.HTTP_X_CUSTOM_THING).toBe('v');
      expect(seen[0]!.HTTP_HOST).toBe(`127.0.0.1:${server.port}`);
    });

    it('repeated fields are joined with ", "', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get(
        '/',
        {},
        {
          headers: [
            ['Accept', 'text/html'],
            ['Accept', 'text/plain'],
          ],
        },
      );
      expect(seen[0]!.HTTP_ACCEPT).toBe('text/html, text/plain');
    });

    it('Content-Type and Content-Length are CONTENT_TYPE and CONTENT_LENGTH, never HTTP_*', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get('/', { 'Content-Type': 'text/plain' }, { method: 'POST', body: 'hello' });
      const e = seen[0]!;
      expect(e.CONTENT_TYPE).toBe('text/plain');
      expect(e.CONTENT_LENGTH).toBe('5');
      expect('HTTP_CONTENT_TYPE' in e, hint(2, 'CGI names these two without HTTP_')).toBe(false);
      expect('HTTP_CONTENT_LENGTH' in e).toBe(false);
    });

    it('no CONTENT_LENGTH key when the request has no Content-Length', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get('/');
      expect(seen[0]!.CONTENT_LENGTH ?? '').toBe('');
    });

    it('accepts an absolute-form target: PATH_INFO and QUERY_STRING from its path', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      const res = await server.get('http://example.test/p/q?x=1');
      expect(res.status).toBe(200);
      expect(seen[0]!.PATH_INFO).toBe('/p/q');
      expect(seen[0]!.QUERY_STRING).toBe('x=1');
    });

    it.each([
      ['/%ff', 'bytes that are not UTF-8'],
      ['/%zz', 'a % not followed by two hex digits'],
      ['/%C0%AE', 'an overlong UTF-8 form'],
    ])('answers 400 to %s (%s) without calling the app', async (target) => {
      const { app, seen } = recorder();
      const server = await start(app);
      const res = await server.get(target);
      expect(res.status, hint(2, 'a path that cannot be decoded is a 400')).toBe(400);
      expect(seen).toHaveLength(0);
    });
  });

  describe('gateway.input', () => {
    it('delivers the request body (Content-Length)', async () => {
      const server = await start(echo());
      const res = await server.get('/', {}, { method: 'POST', body: 'the body' });
      expect(text(res)).toBe('the body');
    });

    it('delivers a chunked request body, decoded', async () => {
      const server = await start(echo());
      const res = await server.get(
        '/',
        { 'Transfer-Encoding': 'chunked' },
        {
          method: 'POST',
          body: '4\r\nthe \r\n4\r\nbody\r\n0\r\n\r\n',
        },
      );
      expect(text(res)).toBe('the body');
    });

    it('read(size) returns at most size bytes; an empty read means EOF', async () => {
      const server = await start(echo(3));
      const body = 'x'.repeat(100);
      const res = await server.get('/', {}, { method: 'POST', body });
      expect(res.status, hint(2, 'read(n) may return fewer than n bytes, never more')).toBe(200);
      expect(text(res)).toBe(body);
    });

    it('readLine returns one line with its LF, then the rest, then empty', async () => {
      const lines: string[] = [];
      const app: App = (environ, startResponse) =>
        (async function* () {
          for (;;) {
            const line = await environ['gateway.input'].readLine();
            if (line.length === 0) break;
            lines.push(Buffer.from(line).toString());
          }
          startResponse('204 No Content', []);
          yield new Uint8Array(0);
        })();
      const server = await start(app);
      await server.get('/', {}, { method: 'POST', body: 'a\nbb\nccc' });
      expect(lines).toEqual(['a\n', 'bb\n', 'ccc']);
    });

    it('readLine(limit) returns at most limit bytes, the rest of the line next', async () => {
      const lines: string[] = [];
      const app: App = (environ, startResponse) =>
        (async function* () {
          const input = environ['gateway.input'];
          for (const limit of [3, 10, 1, undefined, undefined]) {
            lines.push(Buffer.from(await input.readLine(limit)).toString());
          }
          startResponse('204 No Content', []);
          yield new Uint8Array(0);
        })();
      const server = await start(app);
      await server.get('/', {}, { method: 'POST', body: 'abcdef\ngh' });
      expect(lines, hint(2, 'stop at the LF or at limit bytes')).toEqual([
        'abc',
        'def\n',
        'g',
        'h',
        '',
      ]);
    });

    it('read(size) refuses a size that is not a non-negative integer; read(0) is empty', async () => {
      const outcomes: string[] = [];
      const app: App = (environ, startResponse) =>
        (async function* () {
          const input = environ['gateway.input'];
          for (const size of [-1, 1.5, 0]) {
            try {
              outcomes.push(String((await input.read(size)).length));
            } catch (error) {
              outcomes.push(codeOf(error));
            }
          }
          startResponse('204 No Content', []);
          yield new Uint8Array(0);
        })();
      const server = await start(app);
      await server.get('/', {}, { method: 'POST', body: 'abc' });
      expect(outcomes, hint(2, 'check the size before waiting for bytes')).toEqual([
        'ERR_GATEWAY_INPUT_READ_ARGUMENT',
        'ERR_GATEWAY_INPUT_READ_ARGUMENT',
        '0',
      ]);
    });

    it('reads at most the body: the next pipelined request is not part of it', async () => {
      const server = await start(echo());
      const socket = await connect(server.port);
      await socket.write(
        'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcPOST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nde',
      );
      const a = await socket.readResponse();
      const b = await socket.readResponse();
      expect([text(a), text(b)]).toEqual(['abc', 'de']);
    });

    it('is iterable with for await', async () => {
      const app: App = (environ, startResponse) =>
        (async function* () {
          let n = 0;
          for await (const chunk of environ['gateway.input']) n += chunk.length;
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          yield enc(String(n));
        })();
      const server = await start(app);
      const res = await server.get('/', {}, { method: 'POST', body: Buffer.alloc(100_000, 1) });
      expect(text(res)).toBe('100000');
    });
  });
});
