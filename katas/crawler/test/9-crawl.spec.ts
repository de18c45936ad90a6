import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CrawlerError, crawl, pageKey } from '../src/index.ts';
import { crawlAll, links } from './crawl-helpers.ts';
import {
  gapsAfterResponses,
  type Handler,
  otherHost,
  page,
  redirectTo,
  send,
  sleep,
  startSite,
  useFixtures,
} from './helpers.ts';

useFixtures();

const noRobots: Handler = (_q, res) => send(res, 404, 'text/plain', 'none');
const slow =
  (ms: number, body: string): Handler =>
  async (q, res) => {
    await sleep(ms);
    page(body)(q, res);
  };

/** / → a, b; a → c; b → c, d; c → e (depth 3); d, e leaf. */
const tree = (): Record<string, Handler> => ({
  '/robots.txt': noRobots,
  '/': page(`<title>Home</title>${links('/a', '/b')}`),
  '/a': page(links('/c')),
  '/b': page(links('/c', '/d')),
  '/c': page(links('/e')),
  '/d': page('leaf'),
  '/e': page('deep leaf'),
});

describe('9. Crawl', () => {
  describe('breadth-first, each page once', () => {
    it('visits every page once, breadth-first', async () => {
      const site = await startSite(tree());
      const run = await crawlAll(site.url('/'), { concurrency: 1 });
      expect(
        run.urls.map((u) => u.slice(site.origin.length)),
        hint(9, 'a FIFO queue, and a set of seen keys'),
      ).toEqual(['/', '/a', '/b', '/c', '/d', '/e']);
      expect(site.hits('/c'), hint(9, 'c is linked twice, fetched once')).toHaveLength(1);
    });

    it('reports depth, status, title, links and referrer of each page', async () => {
      const site = await startSite(tree());
      const run = await crawlAll(site.url('/'));
      const home = run.pages.find((p) => p.url === site.url('/'))!;
      expect(home).toMatchObject({
        depth: 0,
        status: 200,
        title: 'Home',
        referrer: undefined,
        links: [site.url('/a'), site.url('/b')],
      });
      expect(home.contentType).toMatch(/^text\/html/);
      expect(run.pages.find((p) => p.url === site.url('/e'))).toMatchObject({
        depth: 3,
        referrer: site.url('/c'),
      });
    });

    it('emits queued before page, and done last with the counts', async () => {
      const site = await startSite(tree());
      const run = await crawlAll(site.url('/'));
      const queuedAt = run.events.findIndex((e) => e.type === 'queued' && e.url === site.url('/d'));
      const pageAt = run.events.findIndex(
        (e) => e.type === 'page' && e.page.url === site.url('/d'),
      );
      expect(queuedAt).toBeGreaterThanOrEqual(0);
      expect(queuedAt).toBeLessThan(pageAt);
      expect(run.events.at(-1), hint(9, 'the last event is done')).toEqual({
        type: 'done',
        pages: 6,
        errors: 0,
        skipped: 0,
      });
    });

    it('treats links that differ only in fragment or spelling as one page', async () => {
      const spellings = (port: number): string =>
        links('/a#top', '/a#bottom', '/./a', '/%61', '/b/../a', `HTTP://127.0.0.1:${port}/a`);
      const site2 = await startSite({
        '/robots.txt': noRobots,
        '/': (q, res) => page(spellings(site2.port))(q, res),
        '/a': page('a'),
      });
      const run = await crawlAll(site2.url('/'));
      expect(site2.hits('/a'), hint(9, 'pageKey: normalize, then drop the fragment')).toHaveLength(
        1,
      );
      expect(run.urls).toEqual([site2.url('/'), site2.url('/a')]);
    });

    it('follows a, area and iframe links, not images, scripts or stylesheets', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(
          '<img src="/i"><script src="/s"></script><link href="/l"><map><area href="/area"></map><iframe src="/frame"></iframe>',
        ),
        '/area': page('x'),
        '/frame': page('y'),
      });
      const run = await crawlAll(site.url('/'));
      expect(run.urls.sort()).toEqual([site.url('/'), site.url('/area'), site.url('/frame')]);
    });

    it('reads links only from HTML', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': (_q, res) => send(res, 200, 'text/plain', '<a href="/x">not html</a>'),
      });
      const run = await crawlAll(site.url('/'));
      expect(run.pages[0]!.links, hint(9, 'check the Content-Type essence')).toEqual([]);
      expect(site.hits('/x')).toHaveLength(0);
    });

    it('follows no links of a page with <meta name="robots" content="nofollow">', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(`<meta name="robots" content="noindex, nofollow">${links('/x')}`),
      });
      await crawlAll(site.url('/'));
      expect(site.hits('/x')).toHaveLength(0);
    });

    it('throws CrawlerError at once for a start URL that is not http', () => {
      expectCode(
        () => crawl('javascript:alert(1)'),
        CrawlerError,
        'ERR_CRAWLER_UNSUPPORTED_SCHEME',
        hint(9, 'validate the start URL before returning'),
      );
    });

    it('stops when the consumer breaks out of the loop', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(links('/1', '/2', '/3', '/4')),
        '/1': slow(50, 'x'),
        '/2': slow(50, 'x'),
        '/3': slow(50, 'x'),
        '/4': slow(50, 'x'),
      });
      for await (const e of crawl(site.url('/'), { concurrency: 1 })) if (e.type === 'page') break;
      await sleep(200);
      expect(
        site.requests.length,
        hint(9, "the async iterator's return() must stop the scheduler"),
      ).toBeLessThanOrEqual(3);
      expect(site.openConnections(), hint(9, 'and close its sockets')).toBe(0);
    });
  });

  describe('limits', () => {
    it('does not fetch past maxDepth, and reports those links as skipped "depth"', async () => {
      const site = await startSite(tree());
      const run = await crawlAll(site.url('/'), { maxDepth: 1 });
      expect(run.urls.sort()).toEqual([site.url('/'), site.url('/a'), site.url('/b')]);
      expect(run.skipped).toContainEqual({ url: site.url('/c'), reason: 'depth' });
    });

    it('fetches at most maxPages pages', async () => {
      const site = await startSite(tree());
      const run = await crawlAll(site.url('/'), { maxPages: 3, concurrency: 1 });
      expect(run.urls, hint(9, 'count fetches started')).toEqual([
        site.url('/'),
        site.url('/a'),
        site.url('/b'),
      ]);
      expect(run.skipped.filter((s) => s.reason === 'max-pages').length).toBeGreaterThan(0);
    });

    it('reports a page that fails as an error event and goes on', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(links('/huge', '/ok')),
        '/huge': page('h'.repeat(50_000)),
        '/ok': page('ok'),
      });
      const run = await crawlAll(site.url('/'), { maxBodyBytes: 10_000 });
      expect(run.errors).toEqual([{ url: site.url('/huge'), code: 'ERR_CRAWLER_BODY_TOO_LARGE' }]);
      expect(run.urls).toContain(site.url('/ok'));
    });
  });

  describe('origins', () => {
    it('stays on the start origin by default: other origins are skipped "offsite"', async () => {
      const other = await startSite(
        { '/robots.txt': noRobots, '/x': page('x') },
        { host: await otherHost() },
      );
      const site = await startSite({ '/robots.txt': noRobots, '/': page(links(other.url('/x'))) });
      const run = await crawlAll(site.url('/'));
      expect(other.requests, hint(9, 'sameOrigin compares scheme, host and port')).toHaveLength(0);
      expect(run.skipped).toEqual([{ url: other.url('/x'), reason: 'offsite' }]);
    });

    it('crawls other origins with sameOrigin: false, fetching their robots.txt', async () => {
      const other = await startSite(
        { '/robots.txt': noRobots, '/x': page('x') },
        { host: await otherHost() },
      );
      const site = await startSite({ '/robots.txt': noRobots, '/': page(links(other.url('/x'))) });
      const run = await crawlAll(site.url('/'), { sameOrigin: false });
      expect(run.urls).toEqual([site.url('/'), other.url('/x')]);
      expect(other.requests.map((r) => r.target)).toEqual(['/robots.txt', '/x']);
    });

    it('skips links with other schemes as "scheme"', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(
          links('mailto:a@b.test', 'ftp://f.test/x', 'tel:+123', 'mailto:a@b.test', '/two'),
        ),
        '/two': page(links('mailto:a@b.test')),
      });
      const run = await crawlAll(site.url('/'));
      expect(run.skipped.map((s) => s.reason)).toEqual(['scheme', 'scheme', 'scheme']);
      expect(
        run.skipped.map((s) => s.url),
        hint(9, 'report each skipped link once, however many pages link it'),
      ).toEqual(['mailto:a@b.test', 'ftp://f.test/x', 'tel:+123']);
    });

    it('treats a redirect as a link to its target, one depth further', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': redirectTo('/home', 301),
        '/home': page('home'),
      });
      const run = await crawlAll(site.url('/'));
      expect(run.pages.map((p) => [p.url.slice(site.origin.length), p.status, p.depth])).toEqual([
        ['/', 301, 0],
        ['/home', 200, 1],
      ]);
    });
  });

  describe('robots.txt', () => {
    it('fetches /robots.txt first and obeys it', async () => {
      const site = await startSite({
        ...tree(),
        '/robots.txt': page('User-agent: *\nDisallow: /b\n'),
      });
      const run = await crawlAll(site.url('/'));
      expect(site.requests[0]!.target, hint(9, 'robots.txt before any page of its origin')).toBe(
        '/robots.txt',
      );
      expect(site.hits('/b')).toHaveLength(0);
      expect(run.skipped).toContainEqual({ url: site.url('/b'), reason: 'robots' });
      expect(site.hits('/robots.txt'), hint(9, 'once per origin')).toHaveLength(1);
    });

    it('matches its userAgent against the groups, and sends it', async () => {
      const site = await startSite({
        ...tree(),
        '/robots.txt': page('User-agent: mybot\nDisallow: /a\n\nUser-agent: *\nDisallow: /\n'),
      });
      await crawlAll(site.url('/'), { userAgent: 'MyBot/2.0' });
      expect(site.hits('/a')).toHaveLength(0);
      expect(site.hits('/b')).toHaveLength(1);
      expect(site.hits('/')[0]!.headers['user-agent']).toBe('MyBot/2.0');
    });

    it('allows everything when robots.txt is 404', async () => {
      const site = await startSite(tree());
      expect((await crawlAll(site.url('/'))).urls).toHaveLength(6);
    });

    it('fetches nothing when robots.txt answers 5xx (RFC 9309 §2.3.1.4)', async () => {
      const site = await startSite({
        ...tree(),
        '/robots.txt': (_q, res) => send(res, 503, 'text/plain', 'down'),
      });
      const run = await crawlAll(site.url('/'));
      expect(run.urls, hint(9, 'unreachable robots.txt = complete disallow')).toEqual([]);
      expect(run.skipped).toEqual([{ url: site.url('/'), reason: 'robots' }]);
    });

    it('does not ask for robots.txt with robots: false', async () => {
      const site = await startSite(tree());
      await crawlAll(site.url('/'), { robots: false });
      expect(site.hits('/robots.txt')).toHaveLength(0);
    });
  });

  describe('politeness (measured by the fixture site)', () => {
    const slowTree = (): Record<string, Handler> => ({
      '/robots.txt': noRobots,
      '/': page(links('/1', '/2', '/3', '/4', '/5', '/6')),
      ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`/${i}`, slow(100, 'x')])),
    });

    it('keeps one request in flight per origin by default, whatever the concurrency', async () => {
      const site = await startSite(slowTree());
      await crawlAll(site.url('/'), { concurrency: 4 });
      expect(site.maxInFlight, hint(9, 'perHostConcurrency defaults to 1')).toBe(1);
    });

    it('uses perHostConcurrency slots on one origin, and no more', async () => {
      const site = await startSite(slowTree());
      await crawlAll(site.url('/'), { concurrency: 8, perHostConcurrency: 3 });
      expect(site.maxInFlight).toBe(3);
    });

    it('crawls two origins in parallel, one request each at a time', async () => {
      let inFlight = 0;
      let most = 0;
      const counted =
        (body: string): Handler =>
        async (q, res) => {
          most = Math.max(most, ++inFlight);
          await sleep(120);
          inFlight--;
          page(body)(q, res);
        };
      const other = await startSite(
        { '/robots.txt': noRobots, '/x1': counted('x'), '/x2': counted('x'), '/x3': counted('x') },
        { host: await otherHost() },
      );
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(links('/1', '/2', '/3', other.url('/x1'), other.url('/x2'), other.url('/x3'))),
        '/1': counted('1'),
        '/2': counted('2'),
        '/3': counted('3'),
      });
      await crawlAll(site.url('/'), { sameOrigin: false, concurrency: 2 });
      expect([site.maxInFlight, other.maxInFlight]).toEqual([1, 1]);
      expect(most, hint(9, 'politeness is per origin: a busy origin must not block another')).toBe(
        2,
      );
    });

    const fastTree = (): Record<string, Handler> => ({
      '/robots.txt': noRobots,
      '/': page(links('/1', '/2', '/3', '/4')),
      ...Object.fromEntries([1, 2, 3, 4].map((i) => [`/${i}`, page('x')])),
    });

    it('waits delayMs after each request to one origin before the next (robots.txt included)', async () => {
      const site = await startSite(fastTree());
      await crawlAll(site.url('/'), { delayMs: 80, concurrency: 4 });
      expect(site.requests.length).toBe(6);
      expect(
        Math.min(...gapsAfterResponses(site.requests)),
        hint(9, 'delayMs counts from the end of the previous request, per origin'),
      ).toBeGreaterThanOrEqual(78);
    });

    it('honours Crawl-delay when it is longer than delayMs', async () => {
      const site = await startSite({
        ...fastTree(),
        '/robots.txt': page('User-agent: *\nCrawl-delay: 0.1\n'),
      });
      await crawlAll(site.url('/'), { maxPages: 3, concurrency: 4, delayMs: 10 });
      expect(site.requests.length).toBe(4);
      expect(
        Math.min(...gapsAfterResponses(site.requests)),
        hint(9, 'Crawl-delay is in seconds'),
      ).toBeGreaterThanOrEqual(98);
    });
  });

  describe('traps', () => {
    it('ends on a redirect loop, fetching each URL once', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': redirectTo('/a'),
        '/a': redirectTo('/b'),
        '/b': redirectTo('/a'),
      });
      const run = await crawlAll(site.url('/'), { maxDepth: 20 });
      expect(run.urls.map((u) => u.slice(site.origin.length))).toEqual(['/', '/a', '/b']);
    });

    it('ends an infinite calendar with maxQueryVariants', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/calendar': (q, res) => {
          const month = Number(/month=(\d+)/.exec(q.target)?.[1] ?? 0);
          page(links(`/calendar?month=${month + 1}`))(q, res);
        },
      });
      const run = await crawlAll(site.url('/calendar?month=0'), {
        maxDepth: 1000,
        maxPages: 1000,
        maxQueryVariants: 5,
      });
      expect(
        site.hits('/calendar').length,
        hint(9, 'count URLs per path that differ only in the query'),
      ).toBeLessThanOrEqual(6);
      expect(run.skipped.at(-1)?.reason).toBe('trap');
    });

    it('ends a soft-404 maze of ever longer URLs with maxUrlLength', async () => {
      const site = await startSite((q, res) =>
        q.target === '/robots.txt' ? noRobots(q, res) : page(links('more/'))(q, res),
      );
      const run = await crawlAll(site.url('/'), {
        maxDepth: 1000,
        maxPages: 1000,
        maxUrlLength: 120,
      });
      expect(run.urls.every((u) => u.length <= 120)).toBe(true);
      expect(run.skipped.at(-1)?.reason, hint(9, 'a URL longer than maxUrlLength is a trap')).toBe(
        'trap',
      );
    });
  });

  describe('pageKey', () => {
    it('normalizes (kata 6) and drops the fragment', () => {
      expect(pageKey('HTTP://Site.Test:80/a/./b/../%7Ec?x=%3f#frag')).toBe(
        'http://site.test/a/~c?x=%3F',
      );
    });

    it('keeps the query, which is part of the identity', () => {
      expect(pageKey('http://s.test/p?a=1')).not.toBe(pageKey('http://s.test/p?a=2'));
    });

    it('gives the root "/" a path', () => {
      expect(pageKey('http://s.test')).toBe('http://s.test/');
    });
  });

  describe('statuses, limits and counts at their edges', () => {
    const robotsAnswer =
      (status: number, body: string): Handler =>
      (_q, res) =>
        send(res, status, 'text/plain', body);

    it('reads robots.txt only from a 2xx: 300 and 500 disallow all, 400 and 404 allow all', async () => {
      const cases: Array<[number, string, boolean]> = [
        [300, 'User-agent: *\nDisallow:\n', false],
        [400, 'User-agent: *\nDisallow: /\n', true],
        [404, 'User-agent: *\nDisallow: /\n', true],
        [500, 'User-agent: *\nDisallow:\n', false],
      ];
      for (const [status, body, crawled] of cases) {
        const site = await startSite({ '/robots.txt': robotsAnswer(status, body), '/': page('x') });
        const run = await crawlAll(site.url('/'));
        expect(
          run.urls.length === 1,
          hint(9, `robots.txt ${status}: 2xx parse, 4xx allow all, anything else disallow all`),
        ).toBe(crawled);
      }
    });

    it('disallows all when robots.txt cannot be fetched', async () => {
      const site = await startSite({
        '/robots.txt': (_q, res) => {
          res.socket?.destroy();
        },
        '/': page('x'),
      });
      const run = await crawlAll(site.url('/'));
      expect(run.skipped, hint(9, 'unreachable = complete disallow')).toEqual([
        { url: site.url('/'), reason: 'robots' },
      ]);
    });

    it('follows at most 5 redirects for robots.txt, then allows all (RFC 9309 §2.3.1.2)', async () => {
      const hops: Record<string, Handler> = {};
      for (let i = 0; i < 7; i++) hops[`/r${i}`] = redirectTo(`/r${i + 1}`);
      const site = await startSite({
        ...hops,
        '/robots.txt': redirectTo('/r0'),
        '/r7': robotsAnswer(200, 'User-agent: *\nDisallow: /\n'),
        '/': page('x'),
      });
      const run = await crawlAll(site.url('/'));
      expect(run.urls, hint(9, 'more than 5 hops: treat as unavailable (allow all)')).toEqual([
        site.url('/'),
      ]);
      expect(site.hits('/r7')).toHaveLength(0);
    });

    it('passes timeoutMs to its requests, and counts the error in done', async () => {
      // The page answers after 1.5 s: well inside the client's default timeout, past the crawl's.
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(links('/never')),
        '/never': slow(1500, 'too late'),
      });
      const run = await crawlAll(site.url('/'), { timeoutMs: 300 });
      expect(run.errors, hint(9, 'every request gets the crawl’s timeoutMs')).toEqual([
        { url: site.url('/never'), code: 'ERR_CRAWLER_TIMEOUT' },
      ]);
      expect(run.events.at(-1)).toEqual({ type: 'done', pages: 1, errors: 1, skipped: 0 });
    });

    it('reads a redirect’s Location as its one link, for every 3xx and only a 3xx', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(links('/300', '/200', '/400', '/302', '/bad', '/404', '/300-no-location')),
        '/300': page('choices', 300, { Location: '/t300' }),
        '/200': page(links('/in-html'), 200, { Location: '/t200' }),
        '/400': page('no', 400, { Location: '/t400' }),
        '/302': page(links('/t302'), 302),
        '/bad': page('', 302, { Location: 'http://[bad' }),
        '/404': page(links('/t404'), 404),
        '/300-no-location': page(links('/t300b'), 300),
        '/t300': page('t'),
        '/in-html': page('t'),
      });
      const run = await crawlAll(site.url('/'), { maxDepth: 1 });
      const linksOf = (path: string): string[] | undefined =>
        run.pages.find((p) => p.url === site.url(path))?.links;
      expect(linksOf('/300'), hint(9, '300 with Location is a redirect too')).toEqual([
        site.url('/t300'),
      ]);
      expect(linksOf('/200'), hint(9, 'a 200’s Location is not a redirect')).toEqual([
        site.url('/in-html'),
      ]);
      expect(linksOf('/400')).toEqual([]);
      expect(linksOf('/302'), hint(9, 'a 3xx without Location has no links')).toEqual([]);
      expect(linksOf('/bad'), hint(9, 'a Location that is no URL is no link')).toEqual([]);
      expect(linksOf('/404'), hint(9, 'links only from a 2xx HTML page')).toEqual([]);
      expect(linksOf('/300-no-location')).toEqual([]);
      expect(run.skipped.filter((s) => s.reason !== 'depth')).toEqual([]);
    });

    it('counts skipped links in done', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(links('mailto:a@b.test', 'javascript:void(0)', 'mailto:a@b.test')),
      });
      const run = await crawlAll(site.url('/'));
      expect(run.skipped, hint(9, 'an unfetchable link is reported once')).toHaveLength(2);
      expect(run.events.at(-1)).toEqual({ type: 'done', pages: 1, errors: 0, skipped: 2 });
    });

    it('fetches a URL exactly maxUrlLength long', async () => {
      const site = await startSite({ '/robots.txt': noRobots, '/': page(links('/abc')) });
      const run = await crawlAll(site.url('/'), { maxUrlLength: site.url('/abc').length });
      expect(run.urls, hint(9, 'longer than maxUrlLength is a trap; as long is not')).toEqual([
        site.url('/'),
        site.url('/abc'),
      ]);
    });

    it('counts query variants per path, only for URLs with a query', async () => {
      const site = await startSite({
        '/robots.txt': noRobots,
        '/': page(links('/a1', '/a2', '/a3', '/p?x=1', '/p?x=2', '/p?x=3', '/q?x=1')),
      });
      const run = await crawlAll(site.url('/'), { maxQueryVariants: 2, robots: false });
      expect(run.urls.map((u) => u.slice(site.origin.length)).sort()).toEqual(
        ['/', '/a1', '/a2', '/a3', '/p?x=1', '/p?x=2', '/q?x=1'].sort(),
      );
      expect(run.skipped, hint(9, 'the third variant of /p is the trap')).toEqual([
        { url: site.url('/p?x=3'), reason: 'trap' },
      ]);
    });

    it('emits only events, starting with the start page', async () => {
      const site = await startSite({ '/robots.txt': noRobots, '/': page('x') });
      const run = await crawlAll(site.url('/'));
      expect(run.events.map((e) => e.type)).toEqual(['page', 'done']);
    });
  });
});
