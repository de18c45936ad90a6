/**
 * Edges of answering one request over the wire: the connection fields of the server's own
 * answers, what a document response says about its type, field bytes, a client that goes away
 * before the script speaks, targets that are neither origin- nor absolute-form, and a body
 * larger than the socket buffers sent to a client that stops reading for a while.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { esc, get, text, useCgiServer } from './support.ts';

const start = useCgiServer();

/** Field names of a response, in order, lower-cased. */
const names = (res: { headerList: Array<[string, string]> }): string[] =>
  res.headerList.map(([name]) => name);

describe('5. Responses over HTTP', () => {
  describe("the server's own answers", () => {
    it('a 404 carries Date, Content-Type and Content-Length, and nothing else on a kept HTTP/1.1 connection', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/nope.sh');
      expect(res.status).toBe(404);
      expect(
        names(res),
        hint(5, 'no Connection field on HTTP/1.1 when the connection stays open'),
      ).toEqual(['date', 'content-type', 'content-length']);
    });
    it('a 400 for an absolute-form target with an empty host closes the connection', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        'GET http:///cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\n\r\n' +
          'GET /cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      const raw = (await socket.readUntilClose(8_000)).toString('latin1');
      expect(raw.slice(0, 12)).toBe('HTTP/1.1 400');
      expect(raw.toLowerCase(), hint(4, 'after a 400 the connection cannot be trusted')).toContain(
        '\r\nconnection: close\r\n',
      );
      expect(raw, hint(4, 'no request after a bad target is served')).not.toContain('hello');
      socket.close();
    });
    it('the 500 that ends a local redirect loop closes the connection', async () => {
      const server = await start();
      const socket = await connect(server.port);
      const loop = esc('Location: /cgi-bin/respond.sh\n\n');
      await socket.write(
        `GET /cgi-bin/respond.sh HTTP/1.1\r\nHost: x\r\nX-Response: ${loop}\r\n\r\n` +
          'GET /cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      const raw = (await socket.readUntilClose(8_000)).toString('latin1');
      expect(raw.slice(0, 12)).toBe('HTTP/1.1 500');
      expect(raw.toLowerCase(), hint(5, 'a redirect loop ends the connection')).toContain(
        '\r\nconnection: close\r\n',
      );
      expect(raw).not.toContain('hello');
      socket.close();
    });
  });

  describe('a document response', () => {
    it('adds "X-Content-Type-Options: nosniff" only when the script gives no Content-Type', async () => {
      const server = await start();
      const ask = (response: string, method = 'GET') =>
        get(server, '/cgi-bin/respond.sh', { 'X-Response': esc(response) }, { method });
      const untyped = await ask('Status: 200 OK\nX-Other: 1\n\n<b>body</b>');
      expect(
        untyped.headers['x-content-type-options'],
        hint(5, 'another field is not a Content-Type'),
      ).toBe('nosniff');
      const typed = await ask('X-Other: 1\nContent-Type: text/html\n\n<b>body</b>');
      expect(
        typed.headers['x-content-type-options'],
        hint(5, 'a script that names its type needs no nosniff'),
      ).toBeUndefined();
      const lower = await ask('content-type: text/plain\n\nbody');
      expect(
        lower.headers['x-content-type-options'],
        hint(5, 'field names are case-insensitive'),
      ).toBeUndefined();
      const noBody = await ask('Status: 204 No Content\nX-Other: 1\n\n');
      expect(noBody.status).toBe(204);
      expect(
        noBody.headers['x-content-type-options'],
        hint(5, 'no body, nothing to sniff'),
      ).toBeUndefined();
    });
    it('no Connection field on a kept HTTP/1.1 connection', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/hello.sh');
      expect(res.status).toBe(200);
      expect(
        res.headers.connection,
        hint(5, '"Connection: keep-alive" is for HTTP/1.0 only'),
      ).toBeUndefined();
    });
    it("passes the bytes of the script's field values unchanged (latin1, not re-encoded)", async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/respond.sh', {
        'X-Response': esc('Content-Type: text/plain\nX-Name: caf\u00e9\n\nok'),
      });
      expect(res.status).toBe(200);
      expect(
        res.raw.includes(Buffer.from('\r\nX-Name: caf\xe9\r\n', 'latin1')),
        hint(5, 'one byte out for one byte in: write the head as latin1'),
      ).toBe(true);
    });
  });

  describe('request targets', () => {
    it('400 for a target that is neither origin-form nor absolute-form', async () => {
      const server = await start();
      // An absolute URI of another form: what follows the scheme's ':' is not '//' authority.
      for (const target of ['cgi-bin/hello.sh', 'urn:http://127.0.0.1/cgi-bin/hello.sh']) {
        const res = await get(server, target);
        expect(res.status, hint(4, `${target} is no request-target of a GET`)).toBe(400);
        expect(text(res)).not.toContain('hello');
      }
    });
    it('400 for an absolute-form target with a fragment (RFC 9112 §3.2.2: no "#")', async () => {
      const server = await start();
      const res = await get(server, 'http://127.0.0.1/cgi-bin/hello.sh#top');
      expect(res.status, hint(4, 'a fragment is never part of a request-target')).toBe(400);
      expect(text(res)).not.toContain('hello');
    });
  });

  describe('a client that goes away', () => {
    it('a client that ends its side before the script answers gets nothing, not an error answer', async () => {
      const server = await start();
      const socket = await connect(server.port);
      socket.socket.end('GET /cgi-bin/slow.sh HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1');
      const raw = await socket.readUntilClose(8_000);
      expect(
        raw.toString('latin1'),
        hint(6, 'the client is gone: kill the script, write nothing'),
      ).toBe('');
      socket.close();
    });
  });

  describe('a large body', () => {
    it('arrives whole when the client stops reading for a while, then reads again', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /cgi-bin/flood.sh HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.socket.pause();
      // Not a timing assertion: the pause only lets the socket buffers fill, so that the server
      // meets backpressure; the result must be the same however long it lasts.
      await new Promise((r) => setTimeout(r, 300));
      socket.socket.resume();
      const res = await socket.readResponse({ timeoutMs: 15_000 });
      expect(res.status).toBe(200);
      expect(res.body.length, hint(6, 'pause the body on backpressure, resume it on drain')).toBe(
        4 * 1024 * 1024,
      );
      socket.close();
    });
  });
});
