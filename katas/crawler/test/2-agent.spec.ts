/** The Agent once closed: no new connection, and the requests waiting for a slot fail. */
import { expectErrorCode, expectRejectCode, hint, rejected } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CrawlerError, request } from '../src/index.ts';
import { echo, startSite, useFixtures } from './helpers.ts';

const { agent } = useFixtures();

describe('2. Connections and limits', () => {
  describe('a closed agent', () => {
    it('refuses new requests with ERR_CRAWLER_ABORTED', async () => {
      const site = await startSite(echo);
      const a = agent();
      a.close();
      await expectRejectCode(
        () => request(site.url('/'), { agent: a }),
        CrawlerError,
        'ERR_CRAWLER_ABORTED',
        hint(2, 'a closed agent opens no connection'),
      );
      expect(site.connections).toBe(0);
    });

    it('fails the requests waiting for a slot with ERR_CRAWLER_ABORTED', async () => {
      let arrived: () => void = () => {};
      const first = new Promise<void>((r) => {
        arrived = r;
      });
      const site = await startSite({
        '/hang': () => arrived(),
        '/next': echo,
      });
      const a = agent({ maxSocketsPerOrigin: 1 });
      const hanging = rejected(() => request(site.url('/hang'), { agent: a }));
      await Promise.race([first, hanging]);
      const waiting = rejected(() => request(site.url('/next'), { agent: a }));
      a.close();
      const error = await waiting;
      expect(error, hint(2, 'close() rejects the queued requests too')).toBeInstanceOf(
        CrawlerError,
      );
      expectErrorCode(error, CrawlerError, 'ERR_CRAWLER_ABORTED');
      expect(await hanging).toBeInstanceOf(CrawlerError);
      expect(site.hits('/next')).toHaveLength(0);
    });
  });
});
