import { hint } from '@hbu/kata-kit/expect-code';
import { connect, exchange } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { type App, type Header, readForm } from '../src/index.ts';
import { codeOf, enc, recorder, text, useGateway } from './helpers.ts';

const start = useGateway();
const H = (t: string) => hint(7, t);

/** An app that puts `value` in a response field (as an app echoing user input would). */
const reflect =
  (headers: Header[], status = '200 OK'): App =>
  (_e, startResponse) => {
    startResponse(status, [['Content-Type', 'text/plain'], ...headers]);
    return [enc('body')];
  };

describe('7. Security', () => {
  describe('response splitting: an app must not be able to write a second message', () => {
    it.each([
      ['CR LF', 'a\r\nSet-Cookie: admin=1'],
      ['a bare LF', 'a\nSet-Cookie: admin=1'],
      ['a bare CR', 'a\rSet-Cookie: admin=1'],
      ['NUL', 'a\u0000b'],
      [
        'CVE-2016-2216: U+010D U+010A (their low bytes are CR LF)',
        'a\u010d\u010aSet-Cookie: admin=1',
      ],
    ])(
      'a field value with %s is refused (500, nothing of it on the wire)',
      async (_name, value) => {
        const server = await start(reflect([['X-Echo', value]]));
        const socket = await connect(server.port);
        await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
        const res = await socket.readResponse();
        expect(res.status, H('validate field values before writing the head')).toBe(500);
        expect(res.raw.toString('latin1')).not.toMatch(/admin=1/);
        expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_HEADER_VALUE']);
      },
    );

    it('a field name with CR LF or a colon is refused', async () => {
      const server = await start(reflect([['X-A\r\nSet-Cookie', 'admin=1']]));
      const res = await server.get('/');
      expect(res.status).toBe(500);
      expect(server.errors.map(codeOf)).toEqual(['ERR_GATEWAY_HEADER_NAME']);
    });

    it('a status with CR LF is refused', async () => {
      const server = await start(reflect([], '200 OK\r\nSet-Cookie: admin=1'));
      const res = await server.get('/');
      expect(res.status).toBe(500);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('a Content-Length that is not digits is refused', async () => {
      const server = await start(reflect([['Content-Length', '4, 4']]));
      const res = await server.get('/');
      expect(res.status, H('the app cannot choose a framing the client reads differently')).toBe(
        500,
      );
    });
  });

  describe('request smuggling: the app never sees a request the front end did not', () => {
    it.each([
      [
        'Content-Length and Transfer-Encoding together (CVE-2022-32213 class)',
        'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n',
      ],
      [
        'Transfer-Encoding twice (CVE-2024-1135, gunicorn)',
        'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n',
      ],
      ['Transfer-Encoding not ending in chunked', 'Transfer-Encoding: chunked, identity\r\n'],
      ['Content-Length with a sign (CVE-2022-24761, waitress)', 'Content-Length: +4\r\n'],
      ['two different Content-Lengths', 'Content-Length: 4\r\nContent-Length: 5\r\n'],
      ['a space before the colon (CVE-2021-22959)', 'Content-Length : 4\r\n'],
    ])('%s: 400, closed, no app call', async (_name, fields) => {
      const { app, seen } = recorder();
      const server = await start(app);
      const raw = await exchange(
        server.port,
        `POST / HTTP/1.1\r\nHost: a\r\n${fields}\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n`,
      );
      expect(
        raw.toString('latin1').startsWith('HTTP/1.1 400 '),
        H('answer the parser’s error and close'),
      ).toBe(true);
      expect(seen.map((e) => e.PATH_INFO)).toEqual([]);
    });

    it('an invalid chunk size (CVE-2022-24761, waitress: "0x" prefixes) is a 400', async () => {
      const { app } = recorder();
      const server = await start(app);
      const raw = await exchange(
        server.port,
        'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x4\r\nabcd\r\n0\r\n\r\n',
      );
      expect(raw.toString('latin1')).toMatch(/^HTTP\/1\.1 400 /);
    });

    it('fields with "_" are dropped: X_Forwarded_For cannot pose as X-Forwarded-For', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get(
        '/',
        {},
        {
          headers: [
            ['X_Forwarded_For', '6.6.6.6'],
            ['X-Real-Thing', 'ok'],
          ],
        },
      );
      expect(
        seen[0]!.HTTP_X_FORWARDED_FOR,
        H('both spellings map to one key: drop the underscore one'),
      ).toBeUndefined();
      expect(seen[0]!.HTTP_X_REAL_THING).toBe('ok');
    });

    it('httpoxy (CVE-2016-5385): a Proxy field never becomes HTTP_PROXY', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get('/', { Proxy: 'http://evil.example:8080' });
      expect('HTTP_PROXY' in seen[0]!).toBe(false);
    });
  });

  describe('multipart parsing that cannot be turned against the server', () => {
    const B = 'b0undary';
    /** An app that reads a form and answers the part count, or the error code. */
    const formApp: App = (environ, startResponse) =>
      (async function* () {
        let answer: string;
        try {
          let n = 0;
          for await (const part of readForm(environ, {
            maxHeaderBytes: 1024,
            maxPartBytes: 64 * 1024,
          })) {
            await part.bytes();
            n++;
          }
          answer = `parts ${n}`;
        } catch (error) {
          answer = codeOf(error);
        }
        startResponse('200 OK', [['Content-Type', 'text/plain']]);
        yield enc(answer);
      })();
    const post = (body: string | Buffer) => ({
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${B}` },
      body,
    });

    it('CVE-2022-24434 (dicer): a malformed part head is an error, and the server keeps serving', async () => {
      const server = await start(formApp);
      const bad = `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\u0000\r\n--${B}\r\n:\r\n\r\n\r\n--${B}--`;
      const res = await server.get('/', {}, post(bad));
      expect(text(res)).toBe('ERR_GATEWAY_FORM_MALFORMED');
      const ok = await server.get(
        '/',
        {},
        post(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${B}--`),
      );
      expect(text(ok)).toBe('parts 1');
    });

    it('a part head that never ends is cut at maxHeaderBytes (memory stays bounded)', async () => {
      const server = await start(formApp);
      const res = await server.get(
        '/',
        {},
        post(`--${B}\r\nContent-Disposition: form-data; name="a"\r\nX: ${'a'.repeat(200_000)}`),
      );
      expect(text(res)).toBe('ERR_GATEWAY_FORM_HEADER_TOO_LARGE');
    });

    it('a part over maxPartBytes is cut while it streams', async () => {
      const server = await start(formApp);
      const body = `--${B}\r\nContent-Disposition: form-data; name="f"; filename="x"\r\n\r\n${'z'.repeat(200_000)}\r\n--${B}--`;
      expect(text(await server.get('/', {}, post(body)))).toBe('ERR_GATEWAY_FORM_PART_TOO_LARGE');
    });

    it('a body of many tiny parts is cut at maxParts', async () => {
      const server = await start((environ, startResponse) =>
        (async function* () {
          let answer = 'none';
          try {
            for await (const _ of readForm(environ, { maxParts: 100 })) answer = 'some';
          } catch (error) {
            answer = codeOf(error);
          }
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          yield enc(answer);
        })(),
      );
      const part = `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\n\r\n`;
      const res = await server.get('/', {}, post(`${part.repeat(1000)}--${B}--`));
      expect(text(res)).toBe('ERR_GATEWAY_FORM_TOO_MANY_PARTS');
    });
  });
});
