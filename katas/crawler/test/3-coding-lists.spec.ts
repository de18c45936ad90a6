/** Content-Encoding lists at their edges: empty members, stacked deflate, corrupt stacked bodies. */
import { deflateSync, gzipSync } from 'node:zlib';
import { expectErrorCode, expectRejectCode, hint, rejected } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CrawlerError, request } from '../src/index.ts';
import { type Handler, send, startSite, useFixtures } from './helpers.ts';

const { agent } = useFixtures();

const TEXT = 'Une liste de codages, défaite dans l’ordre inverse. '.repeat(20);
const coded =
  (encoding: string, body: Buffer): Handler =>
  (_q, res) =>
    send(res, 200, 'text/plain; charset=utf-8', body, { 'Content-Encoding': encoding });

describe('3. Content codings and charsets', () => {
  describe('Content-Encoding lists (RFC 9110 §8.4)', () => {
    it('skips empty members of the list', async () => {
      const site = await startSite({ '/': coded('gzip, ,', gzipSync(TEXT)) });
      expect(
        (await request(site.url('/'), { agent: agent() })).text(),
        hint(3, '#rule lists may have empty elements: ignore them'),
      ).toBe(TEXT);
    });

    it('undoes deflate under gzip: "deflate, gzip" is gzip(deflate(body))', async () => {
      const site = await startSite({
        '/': coded('deflate, gzip', gzipSync(deflateSync(TEXT))),
      });
      expect(
        (await request(site.url('/'), { agent: agent() })).text(),
        hint(3, 'each layer gets its own inflater: deflate is zlib.createInflate()'),
      ).toBe(TEXT);
    });

    it('rejects a corrupt layer of a stacked body with ERR_CRAWLER_DECODE', async () => {
      const inner = gzipSync(TEXT);
      inner.fill(0x41, 10, 40);
      const site = await startSite({ '/': coded('gzip, gzip', gzipSync(inner)) });
      await expectRejectCode(
        () => request(site.url('/'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_DECODE',
        hint(3, 'an inflater’s error is the response’s error'),
      );
    });

    it('keeps zlib’s error as the cause of ERR_CRAWLER_DECODE', async () => {
      const body = gzipSync(TEXT);
      body.fill(0x41, 10, 40);
      const site = await startSite({ '/': coded('gzip', body), '/2': coded('gzip, gzip', body) });
      for (const path of ['/', '/2']) {
        const error = await rejected(() => request(site.url(path), { agent: agent() }));
        expectErrorCode(error, CrawlerError, 'ERR_CRAWLER_DECODE');
        expect((error as CrawlerError).cause, hint(3, '{ cause: zlibError }')).toBeInstanceOf(
          Error,
        );
      }
    });
  });
});
