import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parseRange } from '../src/index.ts';
import { get, HELLO, HELLO_LAST_MODIFIED, text, useWebRoot } from './helpers.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  6,
  'an invalid Range header is ignored (200); a range past the end is unsatisfiable (416)',
);

const { web, start } = useWebRoot();
const SIZE = HELLO.length; // 14

/** Splits a multipart/byteranges body (RFC 9110 §14.6) into its parts. */
function parts(body: Buffer, contentType: string) {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  expect(boundary, 'multipart boundary').toBeDefined();
  const out: Array<{ headers: Record<string, string>; data: string }> = [];
  const chunks = body.toString('latin1').split(`--${boundary}`);
  expect(chunks.at(-1)?.startsWith('--'), STAGE_HINT).toBe(true);
  for (const chunk of chunks.slice(1, -1)) {
    const headEnd = chunk.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of chunk.slice(2, headEnd).split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    out.push({ headers, data: chunk.slice(headEnd + 4, -2) });
  }
  return out;
}

describe('6. Ranges', () => {
  describe('a single range (RFC 9110 §14.1.2)', () => {
    it('answers "bytes=0-4" with 206, the slice and Content-Range', async () => {
      const why = hint(6, '206 with Content-Range: bytes first-last/size and the slice');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=0-4' });
      expect(res.status, why).toBe(206);
      expect(res.reason, why).toBe('Partial Content');
      expect(text(res), why).toBe('Hello');
      expect(res.headers['content-range'], why).toBe(`bytes 0-4/${SIZE}`);
      expect(res.headers['content-length'], why).toBe('5');
      expect(res.headers['content-type'], why).toBe('text/plain; charset=utf-8');
    });

    it('answers a suffix range "bytes=-6" with the last 6 bytes', async () => {
      const why = hint(6, '"-n" is the last n bytes');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=-6' });
      expect(res.status, why).toBe(206);
      expect(text(res), why).toBe('world!\n'.slice(-6));
      expect(res.headers['content-range'], why).toBe(`bytes ${SIZE - 6}-${SIZE - 1}/${SIZE}`);
    });

    it('answers an open-ended range "bytes=7-" with the rest of the file', async () => {
      const why = hint(6, '"n-" runs to the end of the file');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=7-' });
      expect(text(res), why).toBe('world!\n');
      expect(res.headers['content-range'], why).toBe(`bytes 7-${SIZE - 1}/${SIZE}`);
    });

    it('clamps a last-pos beyond the end to the last byte', async () => {
      const why = hint(6, 'last = min(last, size - 1)');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=7-1000' });
      expect(text(res), why).toBe('world!\n');
      expect(res.headers['content-range'], why).toBe(`bytes 7-${SIZE - 1}/${SIZE}`);
    });

    it('serves the whole file for a suffix longer than the file', async () => {
      const why = hint(6, 'a suffix longer than the file is the whole file');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=-1000' });
      expect(res.status, why).toBe(206);
      expect(text(res), why).toBe(HELLO);
    });

    it('serves the last byte for "bytes=13-13" and the first for "bytes=0-0"', async () => {
      const why = hint(6, 'ranges are inclusive: first-last');
      const server = await start();
      expect(text(await get(server, '/hello.txt', { Range: 'bytes=13-13' })), why).toBe('\n');
      expect(text(await get(server, '/hello.txt', { Range: 'bytes=0-0' })), why).toBe('H');
    });

    it('serves a slice from the middle of the 5 MiB file', async () => {
      const why = hint(6, 'createReadStream(path, { start, end }) — end is inclusive');
      const server = await start();
      const start2 = 3 * 1024 * 1024 + 17;
      const res = await get(server, '/big.bin', { Range: `bytes=${start2}-${start2 + 99_999}` });
      expect(res.status, why).toBe(206);
      expect(res.body.equals(web().big.subarray(start2, start2 + 100_000)), why).toBe(true);
    });

    it('advertises "Accept-Ranges: bytes" on a full 200', async () => {
      const server = await start();
      expect(
        (await get(server, '/hello.txt')).headers['accept-ranges'],
        hint(6, 'send Accept-Ranges: bytes on 200s'),
      ).toBe('bytes');
    });
  });

  describe('unsatisfiable ranges', () => {
    it('answers "bytes=14-" on a 14-byte file with 416 and "Content-Range: bytes */14"', async () => {
      const why = hint(6, 'first >= size is unsatisfiable: 416 with Content-Range: bytes */size');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: `bytes=${SIZE}-` });
      expect(res.status, why).toBe(416);
      expect(res.headers['content-range'], why).toBe(`bytes */${SIZE}`);
    });

    it('answers any range of an empty file with 416 "bytes */0"', async () => {
      const why = hint(6, 'an empty file has no satisfiable range');
      const server = await start();
      const res = await get(server, '/empty.txt', { Range: 'bytes=0-' });
      expect(res.status, why).toBe(416);
      expect(res.headers['content-range'], why).toBe('bytes */0');
    });

    it('answers "bytes=-0" with 416', async () => {
      const server = await start();
      expect(
        (await get(server, '/hello.txt', { Range: 'bytes=-0' })).status,
        hint(6, 'a zero-length suffix is unsatisfiable'),
      ).toBe(416);
    });
  });

  describe('ranges that are ignored (200 with the whole file)', () => {
    it.each(['bytes=5-2', 'items=0-1', 'bytes=abc', 'bytes 0-4', 'bytes=', 'bytes=0-4,x'])(
      'ignores %j',
      async (range) => {
        const why = hint(6, 'an invalid Range header is ignored: 200 with the whole file');
        const server = await start();
        const res = await get(server, '/hello.txt', { Range: range });
        expect(res.status, why).toBe(200);
        expect(text(res), why).toBe(HELLO);
      },
    );

    it('ignores Range on HEAD: the fields of a full GET', async () => {
      const why = hint(6, 'Range applies to GET only');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=0-4' }, 'HEAD');
      expect(res.status, why).toBe(200);
      expect(res.headers['content-length'], why).toBe(String(SIZE));
    });
  });

  describe('If-Range (RFC 9110 §13.1.5)', () => {
    it('applies the Range when If-Range is the current ETag', async () => {
      const server = await start();
      const etag = (await get(server, '/hello.txt')).headers.etag!;
      const res = await get(server, '/hello.txt', { Range: 'bytes=0-4', 'If-Range': etag });
      expect(res.status, hint(6, 'If-Range with the current strong ETag: apply the Range')).toBe(
        206,
      );
    });

    it('sends the whole file when If-Range is another ETag', async () => {
      const why = hint(6, 'If-Range that does not match: ignore the Range');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=0-4', 'If-Range': '"old"' });
      expect(res.status, why).toBe(200);
      expect(text(res), why).toBe(HELLO);
    });

    it('sends the whole file for a weak If-Range tag, even the current one (strong comparison)', async () => {
      const server = await start();
      const etag = (await get(server, '/hello.txt')).headers.etag!;
      expect(
        (await get(server, '/hello.txt', { Range: 'bytes=0-4', 'If-Range': `W/${etag}` })).status,
        hint(6, 'If-Range uses strong comparison'),
      ).toBe(200);
    });

    it('applies the Range when If-Range is exactly Last-Modified, not another date', async () => {
      const why = hint(6, 'an If-Range date must equal Last-Modified exactly');
      const server = await start();
      const exact = await get(server, '/hello.txt', {
        Range: 'bytes=0-4',
        'If-Range': HELLO_LAST_MODIFIED,
      });
      expect(exact.status, why).toBe(206);
      const later = await get(server, '/hello.txt', {
        Range: 'bytes=0-4',
        'If-Range': 'Wed, 03 Jan 2024 00:00:00 GMT',
      });
      expect(later.status, why).toBe(200);
    });
  });

  describe('multiple ranges (RFC 9110 §14.6)', () => {
    it('answers "bytes=0-1,7-11" with multipart/byteranges, one part per range', async () => {
      const why = hint(
        6,
        'several ranges: multipart/byteranges with a boundary, one part per range',
      );
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=0-1,7-11' });
      expect(res.status, why).toBe(206);
      expect(res.headers['content-type'], why).toMatch(/^multipart\/byteranges; ?boundary=/);
      expect(res.headers['content-range'], why).toBeUndefined();
      const got = parts(res.body, res.headers['content-type']!);
      expect(
        got.map((p) => p.data),
        why,
      ).toEqual(['He', 'world']);
      expect(
        got.map((p) => p.headers['content-range']),
        why,
      ).toEqual([`bytes 0-1/${SIZE}`, `bytes 7-11/${SIZE}`]);
      expect(got[0]?.headers['content-type'], why).toBe('text/plain; charset=utf-8');
    });

    it('sends a Content-Length that is the exact multipart body length', async () => {
      const why = hint(6, 'build the part heads first and add up every length');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=-1, 0-0' });
      expect(res.headers['content-length'], why).toBe(String(res.body.length));
      expect(
        parts(res.body, res.headers['content-type']!).map((p) => p.data),
        why,
      ).toEqual(['\n', 'H']);
    });

    it('drops the unsatisfiable ranges of a set and sends the others', async () => {
      const why = hint(6, 'keep the satisfiable ranges; 416 only when none is');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=0-4,500-600' });
      expect(res.status, why).toBe(206);
      expect(text(res), why).toBe('Hello');
      expect(res.headers['content-range'], why).toBe(`bytes 0-4/${SIZE}`);
    });

    it('refuses overlapping ranges with the whole file (CVE-2011-3192)', async () => {
      const why = hint(6, 'overlapping ranges: send the whole file');
      const server = await start();
      const res = await get(server, '/hello.txt', { Range: 'bytes=0-5,3-8' });
      expect(res.status, why).toBe(200);
      expect(text(res), why).toBe(HELLO);
    });

    it('refuses hundreds of ranges with the whole file (CVE-2011-3192, "Apache Killer")', async () => {
      const why = hint(6, 'too many ranges (more than 16): send the whole file');
      const server = await start();
      const many = Array.from({ length: 200 }, () => '0-').join(',');
      const res = await get(server, '/big.bin', { Range: `bytes=${many}` });
      expect(res.status, why).toBe(200);
      expect(res.body.length, why).toBe(web().big.length);
    });
  });

  describe('parseRange', () => {
    it.each([
      ['bytes=0-4', 14, [{ start: 0, end: 4 }]],
      ['bytes=-3', 14, [{ start: 11, end: 13 }]],
      ['bytes=10-', 14, [{ start: 10, end: 13 }]],
      ['BYTES=0-0', 14, [{ start: 0, end: 0 }]],
      [
        'bytes=0-1, 4-5',
        14,
        [
          { start: 0, end: 1 },
          { start: 4, end: 5 },
        ],
      ],
      [
        'bytes=4-5,0-1',
        14,
        [
          { start: 4, end: 5 },
          { start: 0, end: 1 },
        ],
      ],
      [
        'bytes=0-1,,2-3',
        14,
        [
          { start: 0, end: 1 },
          { start: 2, end: 3 },
        ],
      ],
      [
        'bytes=0-1,2-3',
        14,
        [
          { start: 0, end: 1 },
          { start: 2, end: 3 },
        ],
      ],
      ['bytes=13-99999999999999999999', 14, [{ start: 13, end: 13 }]],
    ])('parseRange(%j, %i) gives the ranges %j', (header, size, ranges) => {
      expect(
        parseRange(header, size),
        hint(6, 'parseRange returns clamped inclusive ranges in request order'),
      ).toEqual({ type: 'ranges', ranges });
    });

    it.each([
      ['bytes=14-', 14],
      ['bytes=-0', 14],
      ['bytes=0-', 0],
      ['bytes=-5', 0],
      ['bytes=20-30,40-', 14],
    ])('parseRange(%j, %i) is unsatisfiable', (header, size) => {
      expect(parseRange(header, size), hint(6, 'no satisfiable range: "unsatisfiable"')).toEqual({
        type: 'unsatisfiable',
      });
    });

    it.each([
      ['bytes=5-4', 14],
      ['bytes=0-1,1-2', 14],
      ['bytes=-5,0-10', 14],
      ['bits=0-1', 14],
      ['bytes=1', 14],
      ['bytes=--1', 14],
      ['bytes=0-1-2', 14],
      ['bytes=,', 14],
      ['0-1', 14],
      [`bytes=${Array.from({ length: 17 }, (_, i) => `${i}-${i}`).join(',')}`, 100],
    ])('parseRange(%j, %i) is ignored', (header, size) => {
      expect(
        parseRange(header, size),
        hint(6, 'a syntax error anywhere: the header is ignored'),
      ).toEqual({ type: 'ignore' });
    });

    it('accepts exactly 16 disjoint ranges', () => {
      const header = `bytes=${Array.from({ length: 16 }, (_, i) => `${i}-${i}`).join(',')}`;
      expect(parseRange(header, 100), hint(6, '16 ranges are allowed')).toMatchObject({
        type: 'ranges',
      });
    });
  });
});
