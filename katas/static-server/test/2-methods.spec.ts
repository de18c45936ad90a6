import { hint } from '@hbu/kata-kit/expect-code';
import { connect, exchange } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { get, HELLO, text, useWebRoot } from './helpers.ts';

const { start } = useWebRoot();

describe('2. Methods', () => {
  describe('HEAD (RFC 9110 §9.3.2)', () => {
    it('sends the same status and fields as GET', async () => {
      const why = hint(2, 'HEAD is GET without the body');
      const server = await start();
      const g = await get(server, '/hello.txt');
      const h = await get(server, '/hello.txt', {}, 'HEAD');
      const fields = (r: typeof g) => r.headerList.filter(([n]) => n !== 'date');
      expect(h.status, why).toBe(200);
      expect(fields(h), why).toEqual(fields(g));
    });

    it('sends no body: the next pipelined response starts right after the head', async () => {
      const why = hint(2, 'for HEAD write the head only; Content-Length is still the file size');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        'HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      const head = await socket.readResponse({ method: 'HEAD' });
      expect(head.headers['content-length'], why).toBe(String(HELLO.length));
      const next = await socket.readResponse();
      expect(next.status, why).toBe(200);
      expect(text(next), why).toBe(HELLO);
    });

    it('answers HEAD of a missing file with 404', async () => {
      const server = await start();
      expect(
        (await get(server, '/nope', {}, 'HEAD')).status,
        hint(2, 'HEAD follows the same path logic as GET'),
      ).toBe(404);
    });
  });

  describe('other methods', () => {
    it.each(['POST', 'PUT', 'DELETE', 'PATCH'])(
      'answers %s with 405 and "Allow: GET, HEAD, OPTIONS" (RFC 9110 §15.5.6)',
      async (method) => {
        const why = hint(
          2,
          'any method but GET, HEAD and OPTIONS: 405 with Allow: GET, HEAD, OPTIONS',
        );
        const server = await start();
        const res = await get(server, '/hello.txt', {}, method);
        expect(res.status, why).toBe(405);
        expect(res.headers.allow?.split(/\s*,\s*/).sort(), why).toEqual(['GET', 'HEAD', 'OPTIONS']);
      },
    );

    it('answers 405 even for a path that does not exist', async () => {
      const server = await start();
      expect(
        (await get(server, '/nope', {}, 'DELETE')).status,
        hint(2, 'check the method before looking for the file'),
      ).toBe(405);
    });

    it('treats methods as case-sensitive: "get" is not GET (RFC 9110 §9.1)', async () => {
      const server = await start();
      expect(
        (await get(server, '/hello.txt', {}, 'get')).status,
        hint(2, '"get" is not GET: 405'),
      ).toBe(405);
    });

    it('reads past the body of a refused POST and answers the next request on the connection', async () => {
      const why = hint(
        2,
        'skip the request body (its Content-Length) before reading the next request',
      );
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        'POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\nhello=world!',
      );
      expect((await socket.readResponse()).status, why).toBe(405);
      await socket.write('GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n');
      const next = await socket.readResponse();
      expect(next.status, why).toBe(200);
      expect(text(next), why).toBe(HELLO);
    });
  });

  describe('reason phrases (RFC 9110 §15)', () => {
    it.each([
      ['/sub', {}, 'GET', 301, 'Moved Permanently'],
      ['/hello.txt', { 'If-None-Match': '*' }, 'GET', 304, 'Not Modified'],
      ['/plain-dir/', {}, 'GET', 403, 'Forbidden'],
      ['/hello.txt', {}, 'PUT', 405, 'Method Not Allowed'],
      ['/hello.txt', { Range: 'bytes=99-' }, 'GET', 416, 'Range Not Satisfiable'],
      ['/%zz', {}, 'GET', 400, 'Bad Request'],
      [`/${'a'.repeat(9000)}`, {}, 'GET', 414, 'URI Too Long'],
      ['/hello.txt', { 'Transfer-Encoding': 'gzip, chunked' }, 'POST', 501, 'Not Implemented'],
      [
        '/hello.txt',
        { 'X-Big': 'b'.repeat(20_000) },
        'GET',
        431,
        'Request Header Fields Too Large',
      ],
    ] as const)(
      'answers %s (%s %s) with %i %s',
      async (target, headers, method, status, reason) => {
        const why = hint(2, 'map each parse error to its status; see the http-message error codes');
        const server = await start();
        const res = await get(server, target, headers, method);
        expect(res.status, why).toBe(status);
        expect(res.reason, why).toBe(reason);
      },
    );

    it('answers an unsupported version with "505 HTTP Version Not Supported"', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'GET / HTTP/1.2\r\nHost: x\r\n\r\n');
      expect(
        raw.toString('latin1'),
        hint(2, 'write the reason phrase that goes with the status'),
      ).toMatch(/^HTTP\/1\.1 505 HTTP Version Not Supported\r\n/);
    });
  });

  describe('malformed requests', () => {
    it('answers a garbage request line with 400 and closes the connection', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'HELLO THERE\r\n\r\n');
      expect(
        raw.toString('latin1'),
        hint(2, 'after a parse error, answer 400 and close: the framing is lost'),
      ).toMatch(/^HTTP\/1\.1 400 /);
    });

    it('answers a field line without a colon with 400 and closes', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nbroken field\r\n\r\n');
      expect(raw.toString('latin1'), hint(2, 'a bad field line is a 400, then close')).toMatch(
        /^HTTP\/1\.1 400 /,
      );
    });

    it('answers an HTTP/1.1 request without Host with 400 (RFC 9112 §3.2)', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'GET /hello.txt HTTP/1.1\r\n\r\n');
      expect(raw.toString('latin1'), hint(2, 'HTTP/1.1 requires Host')).toMatch(/^HTTP\/1\.1 400 /);
    });

    it('says "Connection: close" on the 400 it sends before closing', async () => {
      const why = hint(2, 'tell the client you close: Connection: close');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
      const res = await socket.readResponse();
      expect(res.status, why).toBe(400);
      expect(res.headers.connection, why).toBe('close');
      expect(await socket.closesWithin(2_000), why).toBe(true);
    });

    it('answers a request whose target does not start with "/" with 400', async () => {
      const server = await start();
      expect(
        (await get(server, 'hello.txt')).status,
        hint(2, 'only origin-form (or absolute-form) targets map to files: 400'),
      ).toBe(400);
    });

    it('answers an unsupported HTTP version with 505 (RFC 9110 §15.6.6)', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'GET /hello.txt HTTP/2.0\r\nHost: x\r\n\r\n');
      expect(raw.toString('latin1'), hint(2, 'a well-formed unsupported version is 505')).toMatch(
        /^HTTP\/1\.1 505 /,
      );
    });

    it('answers a header section larger than maxHeaderBytes with 431', async () => {
      const server = await start({ maxHeaderBytes: 1024 });
      const raw = await exchange(
        server.port,
        `GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(2048)}\r\n\r\n`,
      );
      expect(
        raw.toString('latin1'),
        hint(2, 'pass maxHeaderBytes to the parser; its error carries 431'),
      ).toMatch(/^HTTP\/1\.1 431 /);
    });

    it('answers a bad request that follows a good one on a kept-alive connection with 400', async () => {
      const why = hint(2, 'parse errors can come on any request of a connection');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n');
      expect((await socket.readResponse()).status, why).toBe(200);
      await socket.write('NOT HTTP AT ALL\r\n\r\n');
      expect((await socket.readResponse()).status, why).toBe(400);
      expect(await socket.closesWithin(2_000), why).toBe(true);
    });
  });
  describe('OPTIONS (RFC 9110 §9.3.7)', () => {
    const ALLOWED = hint(2, 'OPTIONS is answered, not refused: 200 with Allow, no content');

    it('answers "OPTIONS *" (asterisk-form, RFC 9112 §3.2.4) with 200, Allow and an empty body', async () => {
      const server = await start();
      const res = await get(server, '*', {}, 'OPTIONS');
      expect(res.status, ALLOWED).toBe(200);
      expect(res.headers.allow?.split(/\s*,\s*/).sort()).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(res.headers['content-length']).toBe('0');
    });

    it('answers OPTIONS on a file with 200 and Allow, and keeps the connection usable', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        'OPTIONS /hello.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      const options = await socket.readResponse();
      expect(options.status, ALLOWED).toBe(200);
      expect(options.headers.allow?.split(/\s*,\s*/).sort()).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(options.body.length).toBe(0);
      expect(text(await socket.readResponse())).toBe(HELLO);
    });

    it('keeps the path checks for OPTIONS: a traversal is still refused', async () => {
      const server = await start();
      const res = await get(server, '/%2e%2e/outside/secret.txt', {}, 'OPTIONS');
      expect(res.status, hint(2, 'OPTIONS goes through the same target checks as GET')).toBe(403);
    });

    it('answers only OPTIONS in asterisk-form: "GET *" is a 400', async () => {
      const server = await start();
      expect((await get(server, '*')).status, hint(2, 'only OPTIONS may target "*"')).toBe(400);
    });
  });
});
