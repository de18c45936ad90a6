import { hint } from '@hbu/kata-kit/expect-code';
import { connect, exchange } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { get, HELLO, text, useWebRoot } from './helpers.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(2, 'HEAD is GET without the body; 405 carries Allow');

const { start } = useWebRoot();

describe('2. Methods', () => {
  describe('HEAD (RFC 9110 §9.3.2)', () => {
    it('sends the same status and fields as GET', async () => {
      const server = await start();
      const g = await get(server, '/hello.txt');
      const h = await get(server, '/hello.txt', {}, 'HEAD');
      const fields = (r: typeof g) => r.headerList.filter(([n]) => n !== 'date');
      expect(h.status, STAGE_HINT).toBe(200);
      expect(fields(h), STAGE_HINT).toEqual(fields(g));
    });

    it('sends no body: the next pipelined response starts right after the head', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        'HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      const head = await socket.readResponse({ method: 'HEAD' });
      expect(head.headers['content-length'], STAGE_HINT).toBe(String(HELLO.length));
      const next = await socket.readResponse();
      expect(next.status, STAGE_HINT).toBe(200);
      expect(text(next), STAGE_HINT).toBe(HELLO);
    });

    it('answers HEAD of a missing file with 404', async () => {
      const server = await start();
      expect((await get(server, '/nope', {}, 'HEAD')).status, STAGE_HINT).toBe(404);
    });
  });

  describe('other methods', () => {
    it.each(['POST', 'PUT', 'DELETE', 'PATCH'])(
      'answers %s with 405 and "Allow: GET, HEAD, OPTIONS" (RFC 9110 §15.5.6)',
      async (method) => {
        const server = await start();
        const res = await get(server, '/hello.txt', {}, method);
        expect(res.status, STAGE_HINT).toBe(405);
        expect(res.headers.allow?.split(/\s*,\s*/).sort(), STAGE_HINT).toEqual([
          'GET',
          'HEAD',
          'OPTIONS',
        ]);
      },
    );

    it('answers 405 even for a path that does not exist', async () => {
      const server = await start();
      expect((await get(server, '/nope', {}, 'DELETE')).status, STAGE_HINT).toBe(405);
    });

    it('treats methods as case-sensitive: "get" is not GET (RFC 9110 §9.1)', async () => {
      const server = await start();
      expect((await get(server, '/hello.txt', {}, 'get')).status, STAGE_HINT).toBe(405);
    });

    it('reads past the body of a refused POST and answers the next request on the connection', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        'POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\nhello=world!',
      );
      expect((await socket.readResponse()).status, STAGE_HINT).toBe(405);
      await socket.write('GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n');
      const next = await socket.readResponse();
      expect(next.status, STAGE_HINT).toBe(200);
      expect(text(next), STAGE_HINT).toBe(HELLO);
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
        const server = await start();
        const res = await get(server, target, headers, method);
        expect(res.status, STAGE_HINT).toBe(status);
        expect(res.reason, STAGE_HINT).toBe(reason);
      },
    );

    it('answers an unsupported version with "505 HTTP Version Not Supported"', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'GET / HTTP/1.2\r\nHost: x\r\n\r\n');
      expect(raw.toString('latin1'), STAGE_HINT).toMatch(
        /^HTTP\/1\.1 505 HTTP Version Not Supported\r\n/,
      );
    });
  });

  describe('malformed requests', () => {
    it('answers a garbage request line with 400 and closes the connection', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'HELLO THERE\r\n\r\n');
      expect(raw.toString('latin1'), STAGE_HINT).toMatch(/^HTTP\/1\.1 400 /);
    });

    it('answers a field line without a colon with 400 and closes', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nbroken field\r\n\r\n');
      expect(raw.toString('latin1'), STAGE_HINT).toMatch(/^HTTP\/1\.1 400 /);
    });

    it('answers an HTTP/1.1 request without Host with 400 (RFC 9112 §3.2)', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'GET /hello.txt HTTP/1.1\r\n\r\n');
      expect(raw.toString('latin1'), STAGE_HINT).toMatch(/^HTTP\/1\.1 400 /);
    });

    it('says "Connection: close" on the 400 it sends before closing', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
      const res = await socket.readResponse();
      expect(res.status, STAGE_HINT).toBe(400);
      expect(res.headers.connection, STAGE_HINT).toBe('close');
      expect(await socket.closesWithin(2_000), STAGE_HINT).toBe(true);
    });

    it('answers a request whose target does not start with "/" with 400', async () => {
      const server = await start();
      expect((await get(server, 'hello.txt')).status, STAGE_HINT).toBe(400);
    });

    it('answers an unsupported HTTP version with 505 (RFC 9110 §15.6.6)', async () => {
      const server = await start();
      const raw = await exchange(server.port, 'GET /hello.txt HTTP/2.0\r\nHost: x\r\n\r\n');
      expect(raw.toString('latin1'), STAGE_HINT).toMatch(/^HTTP\/1\.1 505 /);
    });

    it('answers a header section larger than maxHeaderBytes with 431', async () => {
      const server = await start({ maxHeaderBytes: 1024 });
      const raw = await exchange(
        server.port,
        `GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(2048)}\r\n\r\n`,
      );
      expect(raw.toString('latin1'), STAGE_HINT).toMatch(/^HTTP\/1\.1 431 /);
    });

    it('answers a bad request that follows a good one on a kept-alive connection with 400', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n');
      expect((await socket.readResponse()).status, STAGE_HINT).toBe(200);
      await socket.write('NOT HTTP AT ALL\r\n\r\n');
      expect((await socket.readResponse()).status, STAGE_HINT).toBe(400);
      expect(await socket.closesWithin(2_000), STAGE_HINT).toBe(true);
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
