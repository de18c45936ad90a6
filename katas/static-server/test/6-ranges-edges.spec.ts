/**
 * Edges of stage 6 the main spec leaves open: a multipart/byteranges answer bigger than one
 * read, with a one-byte part, and a suffix range with trailing junk.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { get, HELLO, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

describe('6. Ranges', () => {
  describe('multipart/byteranges of a large file (RFC 9110 §14.6)', () => {
    it('sends a one-byte part and a 70000-byte part of big.bin, each with its boundary', async () => {
      const why = hint(
        6,
        'each part: boundary, Content-Type, Content-Range, blank line, the bytes',
      );
      const server = await start();
      const res = await get(server, '/big.bin', { Range: 'bytes=0-0,10-70009' });
      expect(res.status, why).toBe(206);
      const boundary = /boundary=("?)([^";]+)\1/.exec(res.headers['content-type'] ?? '')?.[2];
      expect(boundary, why).toBeDefined();
      expect(Number(res.headers['content-length']), why).toBe(res.body.length);
      const big = web().big;
      // Each part: "--boundary", its fields, a blank line, the bytes, CRLF (RFC 2046 §5.1.1).
      const body = res.body.toString('latin1');
      const chunks = body.split(`--${boundary}`);
      expect(chunks.at(-1)?.startsWith('--'), why).toBe(true);
      const got = chunks.slice(1, -1).map((chunk) => {
        const headEnd = chunk.indexOf('\r\n\r\n');
        const range = /\r\ncontent-range:[ \t]*([^\r]*)/i.exec(chunk.slice(0, headEnd))?.[1];
        return { range, data: Buffer.from(chunk.slice(headEnd + 4, -2), 'latin1') };
      });
      expect(
        got.map((p) => p.range),
        why,
      ).toEqual([`bytes 0-0/${big.length}`, `bytes 10-70009/${big.length}`]);
      expect(got[0]?.data.equals(big.subarray(0, 1)), why).toBe(true);
      expect(got[1]?.data.equals(big.subarray(10, 70010)), why).toBe(true);
    });
  });

  describe('an invalid range-spec is ignored (RFC 9110 §14.2)', () => {
    it('answers "bytes=-5x" with the whole file (200)', async () => {
      const why = hint(6, 'suffix-range is "-" 1*DIGIT and nothing after it');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=-5x' });
      expect(res.status, why).toBe(200);
      expect(text(res), why).toBe(HELLO);
    });
  });

  describe('If-Range is one validator, compared strongly (RFC 9110 §13.1.5)', () => {
    it.each([
      ['a weak tag, then the current tag', (etag: string) => `W/"x", ${etag}`],
      ['another tag, then the current tag made weak', (etag: string) => `"zz", W/${etag}`],
    ])('sends the whole file for "%s": it does not match', async (_, value) => {
      const why = hint(
        6,
        'If-Range matches only its one strong ETag, equal to the current one, or the exact Last-Modified date',
      );
      const server = await start();
      const etag = (await get(server, '/hello.txt')).headers.etag ?? '';
      const res = await get(server, '/hello.txt', { Range: 'bytes=0-4', 'If-Range': value(etag) });
      expect(res.status, why).toBe(200);
      expect(text(res), why).toBe(HELLO);
    });
  });
});
