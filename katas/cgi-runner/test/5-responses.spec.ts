import { hint } from '@hbu/kata-kit/expect-code';
import { connect, exchange } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { isNph, statusFor } from '../src/index.ts';
import { envOf, esc, get, text, useCgiServer } from './support.ts';

const start = useCgiServer();

/** Asks respond.sh to print `response` as its whole output. */
const respond = async (response: string, extra: Record<string, string> = {}, method = 'GET') => {
  const server = await start();
  return get(server, '/cgi-bin/respond.sh', { 'X-Response': esc(response), ...extra }, { method });
};

describe('5. Responses over HTTP', () => {
  describe('a document response (RFC 3875 §6.2.1)', () => {
    it('answers 200 with the script fields and body', async () => {
      const res = await respond('Content-Type: text/plain\nX-Custom: yes\n\nthe body');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain');
      expect(res.headers['x-custom']).toBe('yes');
      expect(text(res)).toBe('the body');
      expect(res.reason, hint(5, 'no Status: 200 with the standard reason')).toBe('OK');
    });
    it('frames the body with chunked coding on HTTP/1.1 (its length is unknown)', async () => {
      const res = await respond('Content-Type: text/plain\n\nabc');
      expect(
        res.headers['transfer-encoding'],
        hint(5, 'the script does not say how long its body is'),
      ).toBe('chunked');
    });
    it('adds a Date field', async () => {
      const res = await respond('Content-Type: text/plain\n\n');
      expect(Date.parse(res.headers.date ?? '')).not.toBeNaN();
    });
    it('uses the Status field for the status line', async () => {
      const res = await respond('Status: 404 Nothing Here\nContent-Type: text/plain\n\nno');
      expect(res.status).toBe(404);
      expect(res.reason).toBe('Nothing Here');
    });
    it('uses the standard reason phrase when Status gives none', async () => {
      const res = await respond('Status: 201\nContent-Type: text/plain\n\n');
      expect(res.status).toBe(201);
      expect(res.reason).toBe('Created');
    });
    it('sends no body and no chunked coding for a 204', async () => {
      const res = await respond('Status: 204 No Content\n\n');
      expect(res.status).toBe(204);
      expect(res.headers['transfer-encoding']).toBeUndefined();
    });
    it('sends no body for a 304 and keeps the connection usable', async () => {
      const server = await start();
      const socket = await connect(server.port);
      const notModified = esc('Status: 304 Not Modified\nETag: "v1"\n\n');
      await socket.write(
        `GET /cgi-bin/respond.sh HTTP/1.1\r\nHost: x\r\nX-Response: ${notModified}\r\n\r\n` +
          'GET /cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      const first = await socket.readResponse({ timeoutMs: 8_000 });
      expect(first.status).toBe(304);
      expect(
        first.headers['transfer-encoding'],
        hint(5, 'a 304 has no body (RFC 9110 §15.4.5)'),
      ).toBeUndefined();
      expect((await socket.readResponse({ timeoutMs: 8_000 })).body.toString()).toBe('hello\n');
      socket.close();
    });
    it('keeps repeated Set-Cookie fields as separate lines', async () => {
      const res = await respond('Content-Type: text/plain\nSet-Cookie: a=1\nSet-Cookie: b=2\n\n');
      expect(res.headerList.filter(([n]) => n === 'set-cookie').map(([, v]) => v)).toEqual([
        'a=1',
        'b=2',
      ]);
    });
    it('HTTP/1.0: no chunked coding, the body ends when the connection closes', async () => {
      const server = await start();
      const raw = await exchange(
        server.port,
        `GET /cgi-bin/hello.sh HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n`,
        8_000,
      );
      const textRaw = raw.toString('latin1');
      expect(textRaw.startsWith('HTTP/1.1 200')).toBe(true);
      expect(textRaw.toLowerCase(), hint(5, 'HTTP/1.0 has no chunked coding')).not.toContain(
        'transfer-encoding',
      );
      expect(textRaw.endsWith('\r\n\r\nhello\n')).toBe(true);
    });
    it('runs the script for HEAD and sends no body', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/env-json', {}, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      const socket = await connect(server.port);
      await socket.write(
        `HEAD /cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\n\r\nGET /cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\n\r\n`,
      );
      await socket.readResponse({ method: 'HEAD', timeoutMs: 8_000 });
      expect(
        (await socket.readResponse({ timeoutMs: 8_000 })).body.toString(),
        hint(5, 'no body bytes after a HEAD head'),
      ).toBe('hello\n');
      socket.close();
    });
    it("ignores the script's Content-Length for framing (a wrong one cannot desync the connection)", async () => {
      const server = await start();
      const socket = await connect(server.port);
      const lying = esc('Content-Type: text/plain\nContent-Length: 3\n\n0123456789');
      await socket.write(
        `GET /cgi-bin/respond.sh HTTP/1.1\r\nHost: x\r\nX-Response: ${lying}\r\n\r\n`,
      );
      expect((await socket.readResponse({ timeoutMs: 8_000 })).body.toString()).toBe('0123456789');
      await socket.write('GET /cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\n\r\n');
      expect((await socket.readResponse({ timeoutMs: 8_000 })).body.toString()).toBe('hello\n');
      socket.close();
    });
  });

  describe('the request body', () => {
    it('passes a Content-Length body and sets CONTENT_LENGTH', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/echo-body', {}, { method: 'POST', body: 'name=ada' });
      expect(res.headers['x-content-length']).toBe('8');
      expect(text(res)).toBe('name=ada');
    });
    it('de-chunks a chunked body and sets CONTENT_LENGTH to its decoded length', async () => {
      const server = await start();
      const res = await get(
        server,
        '/cgi-bin/echo-body',
        { 'Transfer-Encoding': 'chunked' },
        { method: 'POST', body: '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n' },
      );
      expect(
        res.headers['x-content-length'],
        hint(5, 'de-chunk, then CONTENT_LENGTH is the total'),
      ).toBe('11');
      expect(text(res)).toBe('hello world');
    });
    it('sets CONTENT_LENGTH to "0" for Content-Length: 0', async () => {
      const server = await start();
      const res = await get(
        server,
        '/cgi-bin/echo-body',
        { 'Content-Length': '0' },
        { method: 'POST' },
      );
      expect(res.headers['x-content-length']).toBe('0');
    });
    it('answers 413 for a body larger than maxBodyBytes, without running the script', async () => {
      const server = await start({ maxBodyBytes: 1000 });
      const res = await get(
        server,
        '/cgi-bin/echo-body',
        {},
        { method: 'POST', body: 'x'.repeat(2000) },
      );
      expect(res.status).toBe(413);
    });
  });

  describe('redirects (RFC 3875 §6.2.2 – §6.2.4)', () => {
    it('a client redirect answers 302 with the Location', async () => {
      const res = await respond('Location: https://example.com/next\n\n');
      expect(res.status).toBe(302);
      expect(res.reason, hint(5, "RFC 3875 §6.2.3: 302 'Found'")).toBe('Found');
      expect(res.headers.location).toBe('https://example.com/next');
    });
    it('a client redirect with a document keeps its status and body', async () => {
      const res = await respond(
        'Status: 301 Moved\nLocation: http://a.test/\nContent-Type: text/html\n\n<a href="http://a.test/">moved</a>',
      );
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe('http://a.test/');
      expect(text(res)).toContain('moved');
    });
    it('a local redirect is answered with the new path, fetched by the server as a GET', async () => {
      const res = await respond('Location: /cgi-bin/env-json/then?from=local\n\n', {}, 'GET');
      const env = envOf(res);
      expect(
        res.headers.location,
        hint(5, 'the client never sees a local Location'),
      ).toBeUndefined();
      expect(env.SCRIPT_NAME).toBe('/cgi-bin/env-json');
      expect(env.PATH_INFO).toBe('/then');
      expect(env.QUERY_STRING).toBe('from=local');
    });
    it('a local redirect after a POST becomes a GET without the body', async () => {
      const server = await start();
      const res = await get(
        server,
        '/cgi-bin/respond.sh',
        { 'X-Response': esc('Location: /cgi-bin/env-json\n\n'), 'Content-Type': 'text/plain' },
        { method: 'POST', body: 'data' },
      );
      const env = envOf(res);
      expect(env.REQUEST_METHOD).toBe('GET');
      expect(env).not.toHaveProperty('CONTENT_LENGTH');
      expect(env).not.toHaveProperty('CONTENT_TYPE');
    });
    it('a local redirect may land on a static file', async () => {
      const res = await respond('Location: /page.txt\n\n');
      expect(res.status).toBe(200);
      expect(text(res)).toBe('a static page\n');
    });
    it('a local redirect loop ends in a 500', async () => {
      const res = await respond('Location: /cgi-bin/respond.sh\n\n');
      expect(res.status, hint(5, 'count the internal redirects (maxRedirects)')).toBe(500);
    });
    it('follows at most maxRedirects local redirects', async () => {
      const location = { 'X-Response': esc('Location: /page.txt\n\n') };
      const none = await start({ maxRedirects: 0 });
      expect(
        (await get(none, '/cgi-bin/respond.sh', location)).status,
        hint(5, 'maxRedirects: 0 follows none'),
      ).toBe(500);
      const one = await start({ maxRedirects: 1 });
      expect(text(await get(one, '/cgi-bin/respond.sh', location))).toBe('a static page\n');
    });
  });

  describe('bad gateways', () => {
    it('502 for a malformed head, and nothing of it reaches the client', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/malformed.sh');
      expect(res.status).toBe(502);
      expect(text(res)).not.toContain('this is not a header');
    });
    it('502 for a head without any CGI field', async () => {
      expect((await respond('X-Only: 1\n\nbody')).status).toBe(502);
    });
    it('502 for a script that sends Transfer-Encoding, never passed through raw', async () => {
      const res = await respond(
        'Content-Type: text/plain\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\n\r\n',
      );
      expect(res.status).toBe(502);
    });
    it('502 for a script that dies before its head', async () => {
      const server = await start();
      expect((await get(server, '/cgi-bin/crash.sh')).status).toBe(502);
    });
    it('500 for a script that cannot be started', async () => {
      const server = await start();
      expect((await get(server, '/cgi-bin/bad-interpreter.sh')).status).toBe(500);
    });
    it('a script that failed frees its slot at once', async () => {
      const server = await start({ maxConcurrent: 1 });
      expect((await get(server, '/cgi-bin/crash.sh')).status).toBe(502);
      expect((await get(server, '/cgi-bin/bad-interpreter.sh')).status).toBe(500);
      expect(
        (await get(server, '/cgi-bin/hello.sh')).status,
        hint(5, 'a failed run is no longer running'),
      ).toBe(200);
    });
    it('an error answer to HEAD has no body: the next response on the connection is intact', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        'HEAD /cgi-bin/nope.sh HTTP/1.1\r\nHost: x\r\n\r\nGET /cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\n\r\n',
      );
      expect((await socket.readResponse({ method: 'HEAD', timeoutMs: 8_000 })).status).toBe(404);
      const next = await socket.readResponse({ timeoutMs: 8_000 });
      expect(next.status, hint(5, 'HEAD: the head only, also for 404')).toBe(200);
      expect(next.body.toString()).toBe('hello\n');
      socket.close();
    });
    it('statusFor: 504 for a timeout, 500 for a spawn failure, 502 for a bad head', () => {
      expect(statusFor('ERR_CGI_TIMEOUT')).toBe(504);
      expect(statusFor('ERR_CGI_SPAWN')).toBe(500);
      expect(statusFor('ERR_CGI_MALFORMED_HEADER')).toBe(502);
      expect(statusFor('ERR_CGI_FORBIDDEN_FIELD')).toBe(502);
      expect(statusFor('ERR_CGI_INCOMPLETE_HEADER')).toBe(502);
    });
  });

  describe('non-parsed-header scripts (RFC 3875 §5)', () => {
    it('isNph is true for a file name starting with "nph-"', () => {
      expect(isNph('/cgi-bin/nph-raw.sh')).toBe(true);
      expect(isNph('/cgi-bin/sub/nph-a')).toBe(true);
      expect(isNph('/cgi-bin/raw-nph.sh')).toBe(false);
      expect(isNph('/cgi-bin/nph/raw.sh')).toBe(false);
    });
    it('passes the output through byte for byte and closes the connection', async () => {
      const server = await start();
      const raw = await exchange(
        server.port,
        'GET /cgi-bin/nph-raw.sh HTTP/1.1\r\nHost: x\r\n\r\n',
        8_000,
      );
      expect(raw.toString('latin1'), hint(5, 'no status line, Date or framing of your own')).toBe(
        'HTTP/1.1 299 Custom\r\nX-Nph: yes\r\nContent-Type: text/plain\r\n\r\nraw bytes\n',
      );
    });
  });
});
