import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { expectThrowClass, hint } from '@hbu/kata-kit/expect-code';
import { fetchFrom } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { contentType, createStaticServer } from '../src/index.ts';
import { get, HELLO, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

describe('1. Serve a file', () => {
  describe('when the file exists', () => {
    it('answers with the status line "HTTP/1.1 200 OK" (RFC 9112 §4)', async () => {
      const server = await start();
      const res = await get(server, '/hello.txt');
      expect(
        res.raw.subarray(0, 17).toString('latin1'),
        hint(1, 'write "HTTP/1.1 200 OK\\r\\n" for a file that exists'),
      ).toBe('HTTP/1.1 200 OK\r\n');
    });

    it('sends the exact bytes of the file', async () => {
      const server = await start();
      expect(
        text(await get(server, '/hello.txt')),
        hint(1, 'stream the file as bytes (createReadStream), never as text'),
      ).toBe(HELLO);
    });

    it('sends Content-Length equal to the file size (RFC 9110 §8.6)', async () => {
      const server = await start();
      const res = await get(server, '/hello.txt');
      expect(res.headers['content-length'], hint(1, 'Content-Length is stat().size')).toBe(
        String(Buffer.byteLength(HELLO)),
      );
    });

    it('sends a Date field (RFC 9110 §6.6.1: an origin server with a clock MUST)', async () => {
      const why = hint(1, 'Date: new Date().toUTCString() on every response');
      const server = await start();
      const res = await get(server, '/hello.txt');
      expect(res.headers.date, why).toMatch(
        /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
      );
      expect(Math.abs(Date.parse(res.headers.date!) - Date.now()), why).toBeLessThan(60_000);
    });

    it('serves an empty file as 200 with Content-Length: 0', async () => {
      const why = hint(1, 'an empty file is still 200, with Content-Length: 0');
      const server = await start();
      const res = await get(server, '/empty.txt');
      expect(res.status, why).toBe(200);
      expect(res.headers['content-length'], why).toBe('0');
      expect(res.body.length, why).toBe(0);
    });

    it('serves a file in a subdirectory', async () => {
      const server = await start();
      expect(
        text(await get(server, '/sub/page.html')),
        hint(1, 'join the decoded path under root'),
      ).toContain('sub page');
    });

    it('ignores the query string when choosing the file', async () => {
      const why = hint(1, 'cut the target at "?" before mapping it to a file');
      const server = await start();
      expect(text(await get(server, '/hello.txt?v=2&x=%2e%2e')), why).toBe(HELLO);
      expect(text(await get(server, '/hello.txt?next=http://example.com/x')), why).toBe(HELLO);
    });

    it('serves the 5 MiB file byte for byte (checked through Node fetch)', async () => {
      const why = hint(1, 'pipe the stream; do not read the whole file into one string');
      const server = await start();
      const res = await fetchFrom(server, '/big.bin', { timeoutMs: 10_000 });
      const body = Buffer.from(await res.arrayBuffer());
      expect(res.status, why).toBe(200);
      expect(body.length, why).toBe(web().big.length);
      expect(createHash('sha256').update(body).digest('hex'), why).toBe(
        createHash('sha256').update(web().big).digest('hex'),
      );
    });

    it('answers a request in absolute-form for its own files (RFC 9112 §3.2.2)', async () => {
      const why = hint(1, 'take the path of an absolute-form target');
      const server = await start();
      expect(text(await get(server, `http://127.0.0.1:${server.port}/hello.txt`)), why).toBe(HELLO);
      expect(text(await get(server, `http://127.0.0.1:${server.port}`)), why).toContain(
        'the root index page',
      );
    });
  });

  describe('Content-Type from the MIME table', () => {
    it.each([
      ['/index.html', 'text/html; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/app.js', 'application/javascript; charset=utf-8'],
      ['/data.json', 'application/json; charset=utf-8'],
      ['/logo.svg', 'image/svg+xml; charset=utf-8'],
      ['/pixel.png', 'image/png'],
      ['/hello.txt', 'text/plain; charset=utf-8'],
    ])('serves %s as %s', async (path, type) => {
      const server = await start();
      expect(
        (await get(server, path)).headers['content-type'],
        hint(1, 'look the extension up in the content-type table'),
      ).toBe(type);
    });

    it('matches extensions case-insensitively (UPPER.TXT is text/plain)', async () => {
      const server = await start();
      expect(
        (await get(server, '/UPPER.TXT')).headers['content-type'],
        hint(1, 'lower-case the extension before the lookup'),
      ).toBe('text/plain; charset=utf-8');
    });

    it('falls back to application/octet-stream for an unknown extension', async () => {
      const server = await start();
      expect(
        (await get(server, '/archive.unknownext')).headers['content-type'],
        hint(1, 'unknown extension: application/octet-stream'),
      ).toBe('application/octet-stream');
    });

    it('falls back to application/octet-stream for a file without an extension', async () => {
      const server = await start();
      expect(
        (await get(server, '/README')).headers['content-type'],
        hint(1, 'no extension: application/octet-stream'),
      ).toBe('application/octet-stream');
    });

    it.each([
      ['photo.JPEG', 'image/jpeg'],
      ['photo.jpg', 'image/jpeg'],
      ['module.mjs', 'application/javascript; charset=utf-8'],
      ['page.htm', 'text/html; charset=utf-8'],
      ['font.woff2', 'font/woff2'],
      ['app.wasm', 'application/wasm'],
      ['dir.d/name', 'application/octet-stream'],
      ['.hidden', 'application/octet-stream'],
      ['trailing.', 'application/octet-stream'],
      ['a.constructor', 'application/octet-stream'],
      ['archive.tar.gz', 'application/gzip'],
    ])('contentType(%j) is %j', (name, type) => {
      expect(
        contentType(name),
        hint(1, 'the extension is what follows the last "." of the last segment'),
      ).toBe(type);
    });

    it.each([
      ['a.css', 'text/css; charset=utf-8'],
      ['a.map', 'application/json; charset=utf-8'],
      ['a.md', 'text/markdown; charset=utf-8'],
      ['a.csv', 'text/csv; charset=utf-8'],
      ['a.xml', 'application/xml'],
      ['a.gif', 'image/gif'],
      ['a.webp', 'image/webp'],
      ['a.avif', 'image/avif'],
      ['a.ico', 'image/x-icon'],
      ['a.pdf', 'application/pdf'],
      ['a.woff', 'font/woff'],
      ['a.mp3', 'audio/mpeg'],
      ['a.mp4', 'video/mp4'],
      ['a.webm', 'video/webm'],
      ['a.zip', 'application/zip'],
    ])('knows the common web type %j → %j', (name, type) => {
      expect(
        contentType(name),
        hint(1, 'complete the content-type table with the common web types'),
      ).toBe(type);
    });
  });

  describe('the root option', () => {
    it('throws a TypeError at once when root is a file', () => {
      expectThrowClass(
        () => createStaticServer({ root: join(web().root, 'hello.txt') }),
        TypeError,
        hint(1, 'statSync the root in createStaticServer: not a directory is a TypeError'),
      );
    });

    it('throws a TypeError at once when root does not exist', () => {
      expectThrowClass(
        () => createStaticServer({ root: join(web().root, 'no-such-dir') }),
        TypeError,
        hint(1, 'a missing root is a TypeError at creation'),
      );
    });
  });

  describe('when the file does not exist', () => {
    it('answers 404 Not Found', async () => {
      const why = hint(1, 'a missing file is 404');
      const server = await start();
      const res = await get(server, '/nope.txt');
      expect(res.status, why).toBe(404);
      expect(res.reason, why).toBe('Not Found');
    });

    it('sends a short text body with Content-Length on a 404, so the connection stays usable', async () => {
      const why = hint(
        1,
        'error responses carry a body and its Content-Length, so the connection stays usable',
      );
      const server = await start();
      const res = await get(server, '/missing/deeper/nope.html');
      expect(res.status, why).toBe(404);
      expect(res.body.length, why).toBeGreaterThan(0);
      expect(res.headers['content-type'], why).toMatch(/^text\/(plain|html)/);
      expect(res.headers['content-length'], why).toBe(String(res.body.length));
    });

    it('answers 404 for a file name followed by a slash ("/hello.txt/")', async () => {
      const server = await start();
      expect(
        (await get(server, '/hello.txt/')).status,
        hint(1, 'a trailing slash names a directory: a file there is 404'),
      ).toBe(404);
    });
  });
});
