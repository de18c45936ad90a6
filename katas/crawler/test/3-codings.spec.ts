import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CrawlerError, charsetOf, request } from '../src/index.ts';
import { type Handler, send, startSite, useFixtures } from './helpers.ts';

const { agent } = useFixtures();

const TEXT = 'Ceci est une page encodée. '.repeat(20);
const coded =
  (encoding: string, body: Buffer, type = 'text/plain; charset=utf-8'): Handler =>
  (_q, res) =>
    send(res, 200, type, body, { 'Content-Encoding': encoding });

const latin = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('3. Content codings and charsets', () => {
  describe('Content-Encoding (RFC 9110 §8.4)', () => {
    it('asks for gzip, deflate and br in Accept-Encoding', async () => {
      const site = await startSite({ '/': coded('gzip', gzipSync(TEXT)) });
      await request(site.url('/'), { agent: agent() });
      const accept = site.requests[0]!.headers['accept-encoding'] ?? '';
      expect(accept, hint(3, 'say what you can decode')).toMatch(/gzip/);
      expect(accept).toMatch(/br/);
    });

    it('decodes gzip', async () => {
      const site = await startSite({ '/': coded('gzip', gzipSync(TEXT)) });
      expect(
        (await request(site.url('/'), { agent: agent() })).text(),
        hint(3, 'zlib.createGunzip()'),
      ).toBe(TEXT);
    });

    it('decodes x-gzip as gzip', async () => {
      const site = await startSite({ '/': coded('x-gzip', gzipSync(TEXT)) });
      expect((await request(site.url('/'), { agent: agent() })).text()).toBe(TEXT);
    });

    it('decodes deflate (the zlib format, RFC 1950)', async () => {
      const site = await startSite({ '/': coded('deflate', deflateSync(TEXT)) });
      expect(
        (await request(site.url('/'), { agent: agent() })).text(),
        hint(3, 'zlib.createInflate()'),
      ).toBe(TEXT);
    });

    it('decodes br', async () => {
      const site = await startSite({ '/': coded('br', brotliCompressSync(TEXT)) });
      expect(
        (await request(site.url('/'), { agent: agent() })).text(),
        hint(3, 'zlib.createBrotliDecompress()'),
      ).toBe(TEXT);
    });

    it('decodes a coding name in any case', async () => {
      const site = await startSite({ '/': coded('GZip', gzipSync(TEXT)) });
      expect(
        (await request(site.url('/'), { agent: agent() })).text(),
        hint(3, 'content-coding names are case-insensitive'),
      ).toBe(TEXT);
    });

    it('undoes stacked codings in reverse order: "gzip, br" is br(gzip(body))', async () => {
      const site = await startSite({ '/': coded('gzip, br', brotliCompressSync(gzipSync(TEXT))) });
      expect(
        (await request(site.url('/'), { agent: agent() })).text(),
        hint(3, 'the list is in the order applied: undo the last first'),
      ).toBe(TEXT);
    });

    it('ignores identity', async () => {
      const site = await startSite({ '/': coded('identity', Buffer.from(TEXT)) });
      expect((await request(site.url('/'), { agent: agent() })).text()).toBe(TEXT);
    });

    it('decodes a gzip body sent in chunks', async () => {
      const zipped = gzipSync(TEXT);
      const site = await startSite({
        '/': (_q, res) => {
          res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' });
          for (let i = 0; i < zipped.length; i += 7) res.write(zipped.subarray(i, i + 7));
          res.end();
        },
      });
      expect(
        (await request(site.url('/'), { agent: agent() })).text(),
        hint(3, 'feed the inflater chunk by chunk'),
      ).toBe(TEXT);
    });

    it('decodes nothing for HEAD, 204 or 304: those have no body, whatever Content-Encoding says', async () => {
      const zipped = gzipSync(TEXT);
      const site = await startSite({
        '/page': coded('gzip', zipped),
        '/empty': (_q, res) => {
          res.writeHead(204, { 'Content-Encoding': 'gzip' });
          res.end();
        },
        '/cached': (_q, res) => {
          res.writeHead(304, { 'Content-Encoding': 'gzip', ETag: '"v1"' });
          res.end();
        },
      });
      const head = await request(site.url('/page'), { agent: agent(), method: 'HEAD' });
      expect(
        [head.status, head.body.length],
        hint(3, 'an empty body is not a corrupt gzip stream: do not inflate what is not there'),
      ).toEqual([200, 0]);
      const empty = await request(site.url('/empty'), { agent: agent() });
      expect([empty.status, empty.body.length]).toEqual([204, 0]);
      const cached = await request(site.url('/cached'), {
        agent: agent(),
        headers: { 'If-None-Match': '"v1"' },
      });
      expect([cached.status, cached.body.length]).toEqual([304, 0]);
    });

    it('returns the coded bytes with decompress: false', async () => {
      const zipped = gzipSync(TEXT);
      const site = await startSite({ '/': coded('gzip', zipped) });
      const res = await request(site.url('/'), { agent: agent(), decompress: false });
      expect(
        Buffer.from(res.body).equals(zipped),
        hint(3, 'decompress: false leaves the body alone'),
      ).toBe(true);
    });

    it('rejects an unknown coding with ERR_CRAWLER_UNSUPPORTED_ENCODING', async () => {
      const site = await startSite({ '/': coded('compress', Buffer.from('whatever')) });
      await expectRejectCode(
        request(site.url('/'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_UNSUPPORTED_ENCODING',
        hint(3, 'never hand coded bytes over as if they were the body'),
      );
    });

    it('rejects a corrupt gzip body with ERR_CRAWLER_DECODE', async () => {
      const broken = gzipSync(TEXT);
      broken.fill(0x41, 10, 30);
      const site = await startSite({ '/': coded('gzip', broken) });
      await expectRejectCode(
        request(site.url('/'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_DECODE',
        hint(3, "listen to the inflater's error event"),
      );
    });

    it('applies maxBodyBytes to the decoded body', async () => {
      const site = await startSite({ '/': coded('gzip', gzipSync(Buffer.alloc(200_000, 0x61))) });
      await expectRejectCode(
        request(site.url('/'), { agent: agent(), maxBodyBytes: 50_000 }),
        CrawlerError,
        'ERR_CRAWLER_BODY_TOO_LARGE',
        hint(3, 'count what comes out of the inflater, not what goes in'),
      );
    });
  });

  describe('maxBodyBytes on the decoded body, at the boundary', () => {
    // Small: the coded body arrives in one read. Noise: 300 kB that gzip cannot shrink, so the
    // coded body spans several reads (of at most 64 KiB) and is inflated chunk by chunk.
    const small = Buffer.alloc(5000, 0x61);
    const noise = randomBytes(300_000);

    for (const [name, body] of [
      ['a body coded in one chunk', small],
      ['a body coded over many chunks', noise],
    ] as const) {
      it(`accepts ${name} that decodes to exactly maxBodyBytes, and rejects it under a cap one byte smaller`, async () => {
        const site = await startSite({ '/': coded('gzip', gzipSync(body)) });
        const res = await request(site.url('/'), { agent: agent(), maxBodyBytes: body.length });
        expect(
          Buffer.from(res.body).equals(body),
          hint(3, 'the cap allows maxBodyBytes bytes, not one less'),
        ).toBe(true);
        await expectRejectCode(
          request(site.url('/'), { agent: agent(), maxBodyBytes: body.length - 1 }),
          CrawlerError,
          'ERR_CRAWLER_BODY_TOO_LARGE',
          hint(3, 'count what comes out of the inflater, not what goes in'),
        );
      });
    }

    it('lifts the cap with maxBodyBytes: Infinity', async () => {
      const site = await startSite({
        '/plain': (_q, res) => send(res, 200, 'text/plain', small),
        '/coded': coded('gzip', gzipSync(small)),
      });
      for (const path of ['/plain', '/coded']) {
        const res = await request(site.url(path), { agent: agent(), maxBodyBytes: Infinity });
        expect(res.body.length, hint(3, 'Infinity is a cap nothing passes')).toBe(small.length);
      }
    });
  });

  describe('charset (RFC 9110 §8.3.1, WHATWG Encoding)', () => {
    it('decodes windows-1252 from the Content-Type charset', async () => {
      const site = await startSite({
        '/': (_q, res) =>
          send(res, 200, 'text/html; charset=windows-1252', latin('<p>caf\xe9 \xa3 5</p>')),
      });
      const res = await request(site.url('/'), { agent: agent() });
      expect(res.charset).toBe('windows-1252');
      expect(res.text(), hint(3, 'new TextDecoder(charset)')).toBe('<p>café £ 5</p>');
    });

    it('reads a quoted, upper-case charset parameter', async () => {
      const site = await startSite({
        '/': (_q, res) => send(res, 200, 'text/plain; CHARSET="ISO-8859-1"', latin('na\xefve')),
      });
      const res = await request(site.url('/'), { agent: agent() });
      expect(
        res.text(),
        hint(3, 'parameter names are case-insensitive; values may be quoted'),
      ).toBe('naïve');
      expect(res.charset, hint(3, 'ISO-8859-1 is windows-1252 to TextDecoder')).toBe(
        'windows-1252',
      );
    });

    it('finds <meta charset> in an HTML body when the header has none', async () => {
      const site = await startSite({
        '/': (_q, res) =>
          send(res, 200, 'text/html', latin('<meta charset="windows-1252"><p>\xe9t\xe9</p>')),
      });
      const res = await request(site.url('/'), { agent: agent() });
      expect(res.text(), hint(3, 'look for <meta charset> in the first 1024 bytes')).toBe(
        '<meta charset="windows-1252"><p>été</p>',
      );
    });

    it('finds <meta http-equiv="Content-Type" content="…; charset=…">', async () => {
      const body = latin(
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1"><p>\xfc</p>',
      );
      const site = await startSite({ '/': (_q, res) => send(res, 200, 'text/html', body) });
      expect((await request(site.url('/'), { agent: agent() })).text()).toContain('<p>ü</p>');
    });

    it('prefers the header charset to the meta one', async () => {
      const body = Buffer.from('<meta charset="windows-1252"><p>é</p>');
      const site = await startSite({
        '/': (_q, res) => send(res, 200, 'text/html; charset=utf-8', body),
      });
      expect(
        (await request(site.url('/'), { agent: agent() })).text(),
        hint(3, 'the header comes first'),
      ).toContain('<p>é</p>');
    });

    it('defaults to UTF-8', async () => {
      const site = await startSite({
        '/': (_q, res) => send(res, 200, 'text/plain', Buffer.from('ünïcödé ✓')),
      });
      const res = await request(site.url('/'), { agent: agent() });
      expect(res.charset).toBe('utf-8');
      expect(res.text()).toBe('ünïcödé ✓');
    });
  });

  describe('charsetOf', () => {
    const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
    it('lets a UTF-8 byte order mark win over the header', () => {
      expect(
        charsetOf('text/html; charset=windows-1252', new Uint8Array([0xef, 0xbb, 0xbf, 0x41])),
        hint(3, 'BOM first'),
      ).toBe('utf-8');
    });

    it('recognises UTF-16 byte order marks', () => {
      expect(charsetOf(undefined, new Uint8Array([0xff, 0xfe, 0x41, 0]))).toBe('utf-16le');
      expect(charsetOf(undefined, new Uint8Array([0xfe, 0xff, 0, 0x41]))).toBe('utf-16be');
    });

    it('falls back to UTF-8 for an unknown label', () => {
      expect(
        charsetOf('text/plain; charset=klingon', bytes('x')),
        hint(3, 'TextDecoder throws RangeError on unknown labels'),
      ).toBe('utf-8');
    });

    it('maps labels to their encoding name (latin1 → windows-1252, sjis → shift_jis)', () => {
      expect(charsetOf('text/plain; charset=latin1', bytes('x'))).toBe('windows-1252');
      expect(charsetOf('text/plain; charset=sjis', bytes('x'))).toBe('shift_jis');
    });

    it('reads <meta charset> only for text/html', () => {
      expect(charsetOf('text/plain', bytes('<meta charset="windows-1252">'))).toBe('utf-8');
      expect(charsetOf('text/html', bytes('<meta charset="windows-1252">'))).toBe('windows-1252');
    });

    it('ignores a meta charset past the first 1024 bytes', () => {
      expect(
        charsetOf('text/html', bytes(`${' '.repeat(1100)}<meta charset="windows-1252">`)),
        hint(3, 'the prescan reads 1024 bytes'),
      ).toBe('utf-8');
    });

    it('reads a meta that claims UTF-16 as UTF-8 (it was read as ASCII, so it cannot be)', () => {
      expect(charsetOf('text/html', bytes('<meta charset="utf-16">'))).toBe('utf-8');
    });
  });
});
