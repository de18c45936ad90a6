import { gzipSync } from 'node:zlib';
import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CrawlerError, request } from '../src/index.ts';
import { crawlAll, links } from './crawl-helpers.ts';
import {
  echo,
  echoed,
  gzipBomb,
  type Handler,
  otherHost,
  page,
  redirectTo,
  send,
  startSite,
  useFixtures,
} from './helpers.ts';

const { agent } = useFixtures();

const CREDENTIALS = {
  Authorization: 'Bearer secret',
  Cookie: 'session=secret',
  'Proxy-Authorization': 'Basic c2VjcmV0',
};
const noRobots: Handler = (_q, res) => send(res, 404, 'text/plain', 'none');
let bomb: Buffer | undefined;
/** About 1 MiB of gzip inflating to 1 GiB, made once per run (never committed). */
const theBomb = (): Buffer => {
  bomb ??= gzipBomb();
  return bomb;
};

/** A site that redirects /go to `target`, and the headers `target` received. */
async function redirectAcross(target: { url: (p: string) => string }) {
  const site = await startSite({ '/go': redirectTo(target.url('/landing')) });
  return site;
}

describe('10. Security', () => {
  describe('credentials never follow a redirect to another origin', () => {
    it('drops Cookie on a redirect to another host (undici CVE-2023-45143, follow-redirects CVE-2022-0155)', async () => {
      const other = await startSite(echo, { host: await otherHost() });
      const site = await redirectAcross(other);
      const e = echoed(await request(site.url('/go'), { agent: agent(), headers: CREDENTIALS }));
      expect(e.headers.cookie, hint(10, 'compare origins on every hop')).toBeUndefined();
    });

    it('drops Authorization on a redirect to another host (node-fetch CVE-2022-0235)', async () => {
      const other = await startSite(echo, { host: await otherHost() });
      const site = await redirectAcross(other);
      const e = echoed(await request(site.url('/go'), { agent: agent(), headers: CREDENTIALS }));
      expect(e.headers.authorization).toBeUndefined();
    });

    it('drops Proxy-Authorization on a redirect to another host (follow-redirects CVE-2024-28849, GHSA-3787-6prv-h9w3)', async () => {
      const other = await startSite(echo, { host: await otherHost() });
      const site = await redirectAcross(other);
      const e = echoed(await request(site.url('/go'), { agent: agent(), headers: CREDENTIALS }));
      expect(
        e.headers['proxy-authorization'],
        hint(10, 'Proxy-Authorization is a credential too'),
      ).toBeUndefined();
    });

    it('drops all three when only the port changes (urllib3 CVE-2018-20060: an origin is scheme, host and port)', async () => {
      const other = await startSite(echo);
      const site = await redirectAcross(other);
      expect(other.host).toBe(site.host);
      const e = echoed(await request(site.url('/go'), { agent: agent(), headers: CREDENTIALS }));
      expect(
        [e.headers.authorization, e.headers.cookie, e.headers['proxy-authorization']],
        hint(10, 'an origin is scheme, host AND port'),
      ).toEqual([undefined, undefined, undefined]);
    });

    it('drops credentials given as pairs in any case', async () => {
      const other = await startSite(echo);
      const site = await redirectAcross(other);
      const e = echoed(
        await request(site.url('/go'), {
          agent: agent(),
          headers: [
            ['AUTHORIZATION', 'x'],
            ['cookie', 'a=1'],
            ['cookie', 'b=2'],
          ],
        }),
      );
      expect([e.headers.authorization, e.headers.cookie]).toEqual([undefined, undefined]);
    });

    it('does not follow a redirect to file:, data: or javascript:', async () => {
      for (const location of [
        'file:///etc/passwd',
        'data:text/html,<h1>x</h1>',
        'javascript:alert(1)',
      ]) {
        const site = await startSite({ '/': redirectTo(location) });
        await expectRejectCode(
          request(site.url('/'), { agent: agent() }),
          CrawlerError,
          'ERR_CRAWLER_UNSUPPORTED_SCHEME',
          hint(10, 'a redirect may only lead to http'),
        );
      }
    });

    it('stops an endless chain of fresh redirects with the default maxRedirects', async () => {
      const site = await startSite((q, res) =>
        redirectTo(`/r${Number(q.target.slice(2) || 0) + 1}`)(q, res),
      );
      await expectRejectCode(
        request(site.url('/r0'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_TOO_MANY_REDIRECTS',
      );
      expect(site.requests.length, hint(10, 'the default is finite (10)')).toBeLessThanOrEqual(21);
    });
  });

  describe('nothing reaches the wire that could split a request (CVE-2019-9740 class)', () => {
    it('rejects a URL with CR LF before connecting', async () => {
      const site = await startSite(echo);
      const url = `${site.url('/?a=1')} HTTP/1.1\r\nX-Injected: header\r\nTEST: 123`;
      await expectRejectCode(
        () => request(url, { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_INVALID_URL',
        hint(10, 'parse the URL; never paste it into the request line'),
      );
      expect(site.connections, hint(10, 'reject before connecting')).toBe(0);
    });

    it('rejects a URL with a space or a tab', async () => {
      const site = await startSite(echo);
      await expectRejectCode(
        () => request(site.url('/a b'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_INVALID_URL',
      );
      await expectRejectCode(
        () => request(site.url('/a\tb'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_INVALID_URL',
      );
      expect(site.connections).toBe(0);
    });

    it('rejects CR LF in the host', async () => {
      await expectRejectCode(
        () => request('http://127.0.0.1\r\nX: y/', { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_INVALID_URL',
      );
    });

    it('rejects a header value with CR LF (ERR_CRAWLER_INVALID_REQUEST)', async () => {
      const site = await startSite(echo);
      await expectRejectCode(
        () => request(site.url('/'), { agent: agent(), headers: { 'X-A': 'ok\r\nX-Injected: 1' } }),
        CrawlerError,
        'ERR_CRAWLER_INVALID_REQUEST',
        hint(10, 'your Headers validates; map its error'),
      );
      expect(site.connections).toBe(0);
    });

    it('rejects a header name that is not a token', async () => {
      const site = await startSite(echo);
      await expectRejectCode(
        () => request(site.url('/'), { agent: agent(), headers: { 'X-A: 1\r\nX-B': '2' } }),
        CrawlerError,
        'ERR_CRAWLER_INVALID_REQUEST',
      );
      expect(site.connections).toBe(0);
    });

    it('sends a percent-encoded CR LF as it is', async () => {
      const site = await startSite(echo);
      await request(site.url('/a%0D%0AX-Injected:%201'), { agent: agent() });
      expect(site.requests[0]!.target).toBe('/a%0D%0AX-Injected:%201');
      expect(site.requests[0]!.headers['x-injected']).toBeUndefined();
    });

    it('does not fetch file:, data: or javascript: URLs', async () => {
      for (const url of [
        'file:///etc/passwd',
        'data:text/plain,hi',
        'javascript:alert(document.domain)',
      ]) {
        await expectRejectCode(
          () => request(url, { agent: agent() }),
          CrawlerError,
          'ERR_CRAWLER_UNSUPPORTED_SCHEME',
        );
      }
    });
  });

  describe('decompression', () => {
    const layers = (n: number, text: string): Buffer => {
      let body = Buffer.from(text);
      for (let i = 0; i < n; i++) body = gzipSync(body);
      return body;
    };

    it('decodes five stacked gzip layers', async () => {
      const site = await startSite({
        '/': (_q, res) =>
          send(res, 200, 'text/plain', layers(5, 'five'), {
            'Content-Encoding': 'gzip, gzip, gzip, gzip, gzip',
          }),
      });
      expect((await request(site.url('/'), { agent: agent() })).text()).toBe('five');
    });

    it('rejects six stacked codings with ERR_CRAWLER_TOO_MANY_ENCODINGS (undici CVE-2026-22036)', async () => {
      const site = await startSite({
        '/': (_q, res) =>
          send(res, 200, 'text/plain', layers(6, 'six'), {
            'Content-Encoding': 'gzip, gzip, gzip, gzip, gzip, gzip',
          }),
      });
      await expectRejectCode(
        request(site.url('/'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_TOO_MANY_ENCODINGS',
        hint(10, 'more than 5 layers is an attack'),
      );
    });

    it('counts codings over several Content-Encoding lines (undici CVE-2026-22036)', async () => {
      const site = await startSite({
        '/': (_q, res) =>
          send(res, 200, 'text/plain', layers(6, 'six'), {
            'Content-Encoding': ['gzip, gzip', 'gzip, gzip', 'gzip, gzip'],
          }),
      });
      await expectRejectCode(
        request(site.url('/'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_TOO_MANY_ENCODINGS',
        hint(10, 'get() joins the lines; count them all'),
      );
    });

    it('stops a 1 GiB gzip bomb at maxBodyBytes while streaming (urllib3 CVE-2025-66471)', async () => {
      const site = await startSite({
        '/': (_q, res) => send(res, 200, 'text/html', theBomb(), { 'Content-Encoding': 'gzip' }),
      });
      await expectRejectCode(
        request(site.url('/'), { agent: agent(), maxBodyBytes: 1024 * 1024 }),
        CrawlerError,
        'ERR_CRAWLER_BODY_TOO_LARGE',
        hint(10, 'check the cap on each inflated chunk and destroy the inflater'),
      );
    });

    it('stops the bomb with the default maxBodyBytes too', async () => {
      const site = await startSite({
        '/': (_q, res) => send(res, 200, 'text/html', theBomb(), { 'Content-Encoding': 'gzip' }),
      });
      await expectRejectCode(
        request(site.url('/'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_BODY_TOO_LARGE',
        hint(10, 'the default cap is 10 MiB'),
      );
    });

    it('does not inflate the body of a redirect it follows', async () => {
      const site = await startSite({
        '/': (_q, res) =>
          send(res, 302, 'text/html', theBomb(), { 'Content-Encoding': 'gzip', Location: '/ok' }),
        '/ok': page('safe'),
      });
      const res = await request(site.url('/'), { agent: agent(), maxBodyBytes: 1024 * 1024 });
      expect(res.text(), hint(10, 'a 3xx body you follow is never decoded')).toBe('safe');
    });
  });

  describe('a crawl restricted to its origin stays there', () => {
    it('never fetches another origin a redirect points to', async () => {
      const other = await startSite(
        { '/robots.txt': noRobots, '/x': page('x') },
        { host: await otherHost() },
      );
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': redirectTo(other.url('/x'), 301),
      });
      const run = await crawlAll(site.url('/'));
      expect(
        other.requests,
        hint(10, 'crawl with redirect: manual, and check each hop like a link'),
      ).toHaveLength(0);
      expect(run.skipped).toEqual([{ url: other.url('/x'), reason: 'offsite' }]);
    });

    it('counts another port on the same host as another origin', async () => {
      const other = await startSite({ '/robots.txt': noRobots, '/x': page('x') });
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(links(other.url('/x'), `//127.0.0.1:${other.port}/y`)),
      });
      await crawlAll(site.url('/'));
      expect(other.requests).toHaveLength(0);
    });

    it('never fetches file:, data: or javascript: links, whatever their spelling', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(
          links(
            'file:///etc/passwd',
            'data:text/html,x',
            'javascript:alert(1)',
            'JavaScript:alert(2)',
            'java\nscript:alert(3)',
            ' javascript:alert(4)',
          ),
        ),
      });
      const run = await crawlAll(site.url('/'));
      expect(run.errors).toEqual([]);
      expect(
        run.skipped.map((s) => s.reason),
        hint(10, 'browsers strip whitespace and newlines before reading the scheme'),
      ).toEqual(['scheme', 'scheme', 'scheme', 'scheme', 'scheme', 'scheme']);
      expect(site.requests.map((r) => r.target)).toEqual(['/robots.txt', '/']);
    });
  });
});
