import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hint, thrown } from '@hbu/kata-kit/expect-code';
import { activeHandles } from '@hbu/kata-kit/handles';
import { connect, exchange, request } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { createCgiServer, mapScript } from '../src/index.ts';
import { CGI_BIN, envOf, get, text, until, useCgiServer, WWW } from './support.ts';

const start = useCgiServer();
const DIR = realpathSync(CGI_BIN);
const map = (path: string, prefix = '/cgi-bin') => mapScript(DIR, prefix, path);

describe('4. The cgi-bin directory', () => {
  describe('mapScript: from a path to a script and its PATH_INFO', () => {
    it('finds a script directly under the prefix', async () => {
      expect(await map('/cgi-bin/hello.sh')).toEqual({
        status: 200,
        file: `${DIR}/hello.sh`,
        scriptName: '/cgi-bin/hello.sh',
        pathInfo: '',
      });
    });
    it('splits off PATH_INFO after the script', async () => {
      expect(await map('/cgi-bin/env-json/a/b')).toMatchObject({
        scriptName: '/cgi-bin/env-json',
        pathInfo: '/a/b',
      });
    });
    it('keeps a trailing slash and empty segments in PATH_INFO', async () => {
      expect(await map('/cgi-bin/env-json/')).toMatchObject({ pathInfo: '/' });
      expect(await map('/cgi-bin/env-json/a//b/')).toMatchObject({ pathInfo: '/a//b/' });
    });
    it('decodes PATH_INFO segment by segment (UTF-8)', async () => {
      expect(await map('/cgi-bin/env-json/a%20b/%C3%A9t%C3%A9')).toMatchObject({
        pathInfo: '/a b/été',
      });
    });
    it('decodes the script name: SCRIPT_NAME is not URL-encoded (§4.1.13)', async () => {
      expect(await map('/cgi-bin/with%20space.sh')).toMatchObject({
        scriptName: '/cgi-bin/with space.sh',
      });
    });
    it('walks down subdirectories to the first regular file', async () => {
      expect(await map('/cgi-bin/sub/inner.sh/x')).toMatchObject({
        file: `${DIR}/sub/inner.sh`,
        scriptName: '/cgi-bin/sub/inner.sh',
        pathInfo: '/x',
      });
    });
    it('404 for a script that does not exist', async () => {
      expect(await map('/cgi-bin/nope.sh')).toEqual({ status: 404 });
      expect(await map('/cgi-bin/nope/deeper.sh')).toEqual({ status: 404 });
    });
    it('404 for an empty segment before the script (no directory is named "")', async () => {
      expect(
        await map('/cgi-bin//hello.sh'),
        hint(4, 'only the last "/" may end on a directory'),
      ).toEqual({
        status: 404,
      });
    });
    it('403 for something that is neither a file nor a directory (a socket)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cgi-runner-4-'));
      const server = createNetServer();
      try {
        await new Promise<void>((done) => server.listen(join(dir, 'sock.sh'), done));
        expect(
          await mapScript(realpathSync(dir), '/cgi-bin', '/cgi-bin/sock.sh'),
          hint(4, 'only regular files run'),
        ).toEqual({ status: 403 });
      } finally {
        await new Promise((done) => server.close(done));
        rmSync(dir, { recursive: true, force: true });
      }
    });
    it('404 for a path outside the prefix, or one that only starts like it', async () => {
      expect(await map('/other/hello.sh')).toEqual({ status: 404 });
      expect(await map('/cgi-binx/hello.sh'), hint(4, 'the prefix ends at a "/"')).toEqual({
        status: 404,
      });
    });
    it('403 for a file that is not executable', async () => {
      expect(
        await map('/cgi-bin/not-executable.sh'),
        hint(4, 'only files with an x bit run'),
      ).toEqual({ status: 403 });
    });
    it('403 for a directory (never listed)', async () => {
      expect(await map('/cgi-bin/sub')).toEqual({ status: 403 });
      expect(await map('/cgi-bin/sub/')).toEqual({ status: 403 });
      expect(await map('/cgi-bin/')).toEqual({ status: 403 });
    });
    it('404 for a dotfile script', async () => {
      expect(
        await map('/cgi-bin/.hidden.sh'),
        hint(4, 'no segment up to the script starts with "."'),
      ).toEqual({
        status: 404,
      });
    });
    it('works with another prefix', async () => {
      expect(await map('/scripts/hello.sh', '/scripts')).toMatchObject({
        scriptName: '/scripts/hello.sh',
      });
    });
    it('400 for a segment that is not valid percent-encoded UTF-8', async () => {
      expect(await map('/cgi-bin/%zz.sh')).toEqual({ status: 400 });
      expect(await map('/cgi-bin/env-json/%C3')).toEqual({ status: 400 });
    });
  });

  describe('over HTTP', () => {
    it('runs GET /cgi-bin/hello.sh', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/hello.sh');
      expect(res.status).toBe(200);
      expect(text(res)).toBe('hello\n');
    });
    it('gives the script SCRIPT_NAME, PATH_INFO and the raw QUERY_STRING', async () => {
      const server = await start();
      const env = envOf(await get(server, '/cgi-bin/env-json/a%20b/c?x=%41&y'));
      expect(env.SCRIPT_NAME).toBe('/cgi-bin/env-json');
      expect(env.PATH_INFO).toBe('/a b/c');
      expect(env.QUERY_STRING, hint(4, 'the query stays encoded')).toBe('x=%41&y');
    });
    it('sets SERVER_NAME from Host, SERVER_PORT to the port, REMOTE_ADDR to the client', async () => {
      const server = await start();
      const env = envOf(await get(server, '/cgi-bin/env-json', { Host: 'site.test:8080' }));
      expect(env.SERVER_NAME).toBe('site.test');
      expect(env.SERVER_PORT).toBe(String(server.port));
      expect(env.REMOTE_ADDR).toBe('127.0.0.1');
      expect(env.HTTP_HOST).toBe('site.test:8080');
    });
    it('sets no CONTENT_LENGTH without a body, and QUERY_STRING "" without a query (§4.1.2, §4.1.7)', async () => {
      const server = await start();
      const env = envOf(await get(server, '/cgi-bin/env-json'));
      expect(env, hint(4, 'no body, no CONTENT_LENGTH')).not.toHaveProperty('CONTENT_LENGTH');
      expect(env.QUERY_STRING, hint(4, 'QUERY_STRING is always set')).toBe('');
    });
    it('SERVER_NAME is the host of Host: a name, an IP literal in brackets, else our address (§4.1.14)', async () => {
      const server = await start();
      const cases: Array<[string, string]> = [
        ['Site-1.Example.TEST', 'Site-1.Example.TEST'],
        ['site.test:', 'site.test'],
        ['[::1]:8080', '[::1]'],
        ['[2001:DB8::a]', '[2001:DB8::a]'],
        ['[::ffff:192.0.2.1]:80', '[::ffff:192.0.2.1]'],
        ['bad_host:80', '127.0.0.1'],
        ['site.test:80x', '127.0.0.1'],
        ['user@site.test', '127.0.0.1'],
      ];
      for (const [host, name] of cases) {
        const res = await get(server, '/cgi-bin/names.sh', { Host: host });
        expect(text(res), hint(4, `SERVER_NAME for Host: ${host}`)).toBe(`${name}\n`);
      }
    });
    it('accepts an absolute-form target: path and query from the URI, the host from its authority (RFC 9112 §3.2.2, §3.2.3)', async () => {
      const server = await start();
      const why = hint(4, 'absolute-form: the path and query come from the URI');
      const res = await get(server, 'http://site.test:8080/cgi-bin/env-json/a%20b?x=%41', {
        Host: 'other.test',
      });
      const env = envOf(res);
      expect(env.SCRIPT_NAME, why).toBe('/cgi-bin/env-json');
      expect(env.PATH_INFO, why).toBe('/a b');
      expect(env.QUERY_STRING, why).toBe('x=%41');
      const host = hint(4, 'absolute-form: the URI names the host, the Host field is ignored');
      expect(env.SERVER_NAME, host).toBe('site.test');
      expect(env.HTTP_HOST, host).toBe('site.test:8080');
      const page = await get(server, `http://127.0.0.1:${server.port}/page.txt`);
      expect(text(page), hint(4, 'absolute-form outside the prefix: the static server')).toBe(
        'a static page\n',
      );
      const index = await get(server, `HTTP://127.0.0.1:${server.port}?q`);
      expect(text(index), hint(4, 'an absolute URI with an empty path asks for "/"')).toContain(
        'static index',
      );
    });
    it('400 for an absolute-form target with an empty host or a userinfo (RFC 9110 §4.2.1, §4.2.4)', async () => {
      const server = await start();
      for (const target of ['http:///cgi-bin/hello.sh', 'http://user@site.test/cgi-bin/hello.sh']) {
        const res = await get(server, target);
        expect(res.status, hint(4, `${target} is not a valid http URI`)).toBe(400);
        expect(text(res)).not.toContain('hello');
      }
    });
    it('SERVER_PROTOCOL is HTTP/1.0 for an HTTP/1.0 request', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/env-json', {}, { version: 'HTTP/1.0' });
      expect(envOf(res).SERVER_PROTOCOL).toBe('HTTP/1.0');
    });
    it('404 for a missing script, 403 for a non-executable one, 404 for a dotfile', async () => {
      const server = await start();
      const missing = await get(server, '/cgi-bin/nope.sh');
      expect(missing.status).toBe(404);
      expect(text(missing), hint(4, 'an error answer says what went wrong')).not.toBe('');
      expect((await get(server, '/cgi-bin/not-executable.sh')).status).toBe(403);
      const hidden = await get(server, '/cgi-bin/.hidden.sh');
      expect(hidden.status).toBe(404);
      expect(text(hidden)).not.toContain('hidden script ran');
    });
    it('serves every other path with the static server', async () => {
      const server = await start();
      const res = await get(server, '/page.txt');
      expect(res.status, hint(4, 'hand paths outside the prefix to createStaticServer')).toBe(200);
      expect(text(res)).toBe('a static page\n');
      expect(text(await get(server, '/'))).toContain('static index');
    });
    it('never serves the scripts as files, even when the static root holds the cgi-bin directory', async () => {
      const server = await start({ static: { root: join(CGI_BIN, '..') } });
      const res = await get(server, '/cgi-bin/hello.sh');
      expect(
        text(res),
        hint(4, 'the prefix belongs to the scripts, whatever the static root'),
      ).toBe('hello\n');
      const listing = await get(server, '/cgi-bin');
      expect(listing.status).toBe(404);
      expect(text(listing)).not.toContain('hello.sh');
    });
    it('serves a large static file whole', async () => {
      const root = mkdtempSync(join(tmpdir(), 'cgi-runner-4-www-'));
      try {
        const big = Buffer.alloc(3 * 1024 * 1024, 0x62);
        writeFileSync(join(root, 'big.bin'), big);
        const server = await start({ static: { root } });
        const res = await get(server, '/big.bin');
        expect(res.body.length, hint(4, 'pipe the whole answer of the static server')).toBe(
          big.length,
        );
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
    it('answers 404 outside the prefix when there is no static root', async () => {
      const server = await start({ static: undefined });
      expect((await get(server, '/page.txt')).status).toBe(404);
    });
    it('uses another prefix when told', async () => {
      const server = await start({ prefix: '/scripts' });
      expect(text(await get(server, '/scripts/hello.sh'))).toBe('hello\n');
      expect((await get(server, '/cgi-bin/hello.sh')).status).toBe(404);
    });
    it('takes a prefix given with a trailing slash', async () => {
      const server = await start({ prefix: '/scripts/' });
      expect(text(await get(server, '/scripts/hello.sh')), hint(4, 'strip the trailing "/"')).toBe(
        'hello\n',
      );
    });
    it('keeps the connection open across script and file requests (HTTP/1.1)', async () => {
      const server = await start();
      const socket = await connect(server.port);
      const host = `Host: 127.0.0.1:${server.port}\r\n`;
      await socket.write(`GET /cgi-bin/hello.sh HTTP/1.1\r\n${host}\r\n`);
      expect((await socket.readResponse()).body.toString()).toBe('hello\n');
      await socket.write(`GET /page.txt HTTP/1.1\r\n${host}\r\n`);
      expect((await socket.readResponse()).body.toString()).toBe('a static page\n');
      await socket.write(`GET /cgi-bin/hello.sh HTTP/1.1\r\n${host}\r\n`);
      const third = await socket.readResponse();
      expect(
        third.body.toString(),
        hint(4, 'a chunked CGI body keeps the connection reusable'),
      ).toBe('hello\n');
      socket.close();
    });
    it('keeps an HTTP/1.0 keep-alive connection open for answers of known length', async () => {
      const server = await start();
      const socket = await connect(server.port);
      const ask = (target: string, method = 'GET') =>
        socket.write(`${method} ${target} HTTP/1.0\r\nHost: x\r\nConnection: Keep-Alive\r\n\r\n`);
      await ask('/cgi-bin/nope.sh');
      const missing = await socket.readResponse({ timeoutMs: 8_000 });
      expect(missing.status).toBe(404);
      expect(missing.headers.connection, hint(4, 'HTTP/1.0 persists only when told so')).toBe(
        'keep-alive',
      );
      await ask('/page.txt');
      const page = await socket.readResponse({ timeoutMs: 8_000 });
      expect(page.body.toString()).toBe('a static page\n');
      expect(page.headers.connection).toBe('keep-alive');
      await ask('/cgi-bin/hello.sh', 'HEAD');
      const head = await socket.readResponse({ method: 'HEAD', timeoutMs: 8_000 });
      expect(head.status).toBe(200);
      expect(head.headers.connection).toBe('keep-alive');
      // A script's body has no length on HTTP/1.0: only closing the connection can end it.
      await ask('/cgi-bin/hello.sh');
      const raw = (await socket.readUntilClose(8_000)).toString('latin1');
      expect(raw.toLowerCase(), hint(4, 'no chunked coding on 1.0: close-delimited')).toContain(
        'connection: close',
      );
      expect(raw.endsWith('\r\n\r\nhello\n')).toBe(true);
      socket.close();
    });
    it('keeps the connection across static 304 and HEAD answers (no body to frame)', async () => {
      const server = await start();
      const socket = await connect(server.port);
      const ask = async (method: string, extra = '') => {
        await socket.write(`${method} /page.txt HTTP/1.1\r\nHost: x\r\n${extra}\r\n`);
        return socket.readResponse({ method, timeoutMs: 8_000 });
      };
      const etag = (await ask('GET')).headers.etag;
      expect(etag).toBeDefined();
      expect((await ask('GET', `If-None-Match: ${etag}\r\n`)).status).toBe(304);
      expect((await ask('HEAD')).status).toBe(200);
      const last = await ask('GET');
      expect(last.body.toString(), hint(4, 'a 304 or a HEAD answer ends with its head')).toBe(
        'a static page\n',
      );
      socket.close();
    });
    it('closes after the answer when Connection lists "close", in any case and place', async () => {
      const server = await start();
      const raw = await exchange(
        server.port,
        'GET /cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n',
        8_000,
      );
      expect(raw.toString('latin1'), hint(4, 'Connection is a list of options')).toContain(
        'hello\n',
      );
    });
    it('answers a request that came with the end of the client side, then closes', async () => {
      const server = await start();
      const socket = await connect(server.port);
      socket.socket.end('GET /page.txt HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1');
      const raw = (await socket.readUntilClose(8_000)).toString('latin1');
      expect(raw, hint(4, 'a request complete before the end is still answered')).toContain(
        'a static page',
      );
    });
    it('answers 400 to a malformed request, then closes', async () => {
      const server = await start();
      const raw = await exchange(
        server.port,
        'GET /page.txt HTTP/1.1\r\nno colon here\r\n\r\n',
        8_000,
      );
      expect(raw.toString('latin1').slice(0, 12), hint(4, "the parser's status, then close")).toBe(
        'HTTP/1.1 400',
      );
    });
    it('waits for the whole body before running the script', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        'POST /cgi-bin/echo-body HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\n',
      );
      await new Promise((r) => setTimeout(r, 50));
      await socket.write('name=ada');
      const res = await socket.readResponse({ timeoutMs: 8_000 });
      expect(res.body.toString(), hint(4, 'a request is complete when its body is')).toBe(
        'name=ada',
      );
      socket.close();
    });
    it('closes an idle connection when the client ends its side', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /page.txt HTTP/1.1\r\nHost: x\r\n\r\n');
      expect((await socket.readResponse({ timeoutMs: 8_000 })).status).toBe(200);
      socket.socket.end();
      expect(await socket.closesWithin(3_000), hint(4, "end your side on the client's 'end'")).toBe(
        true,
      );
    });
    it('closing the server closes its static server too: no listening socket is left', async () => {
      const listening = () => activeHandles('TCPServerWrap');
      await until(() => listening() === 0, 1_000);
      const before = listening();
      const server = createCgiServer({ cgiBin: CGI_BIN, static: { root: WWW } });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const { port } = server.address() as AddressInfo;
      expect((await request(port, { target: '/page.txt' })).status).toBe(200);
      await new Promise((done) => server.close(done));
      expect(
        await until(() => listening() <= before),
        hint(4, "close the static server when the CGI server's 'close' fires"),
      ).toBe(true);
    });
    it('answers a static request with Connection: close, then closes', async () => {
      const server = await start();
      const raw = await exchange(
        server.port,
        'GET /page.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        8_000,
      );
      expect(raw.toString('latin1'), hint(4, 'the client asked to close')).toContain(
        'a static page',
      );
    });
    it('createCgiServer throws a TypeError when cgiBin is not a directory', () => {
      const notADirectory = hint(4, 'check cgiBin once, when the server is created');
      expect(
        thrown(() => createCgiServer({ cgiBin: `${CGI_BIN}/does-not-exist` })),
        notADirectory,
      ).toBeInstanceOf(TypeError);
      expect(
        thrown(() => createCgiServer({ cgiBin: `${CGI_BIN}/hello.sh` })),
        notADirectory,
      ).toBeInstanceOf(TypeError);
    });
  });
});
