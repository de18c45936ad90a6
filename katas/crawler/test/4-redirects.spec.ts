import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CrawlerError, request } from '../src/index.ts';
import {
  echo,
  echoed,
  otherHost,
  page,
  redirectTo,
  send,
  startSite,
  useFixtures,
} from './helpers.ts';

const { agent } = useFixtures();

describe('4. Redirects', () => {
  describe('following (RFC 9110 §15.4)', () => {
    it('follows a 301 and reports the final URL and the chain', async () => {
      const site = await startSite({ '/old': redirectTo('/new', 301), '/new': page('new') });
      const res = await request(site.url('/old'), { agent: agent() });
      expect(res.status).toBe(200);
      expect(res.text()).toBe('new');
      expect(res.url, hint(4, 'url is where the response came from')).toBe(site.url('/new'));
      expect(res.redirects).toEqual([site.url('/old')]);
    });

    it('follows a chain of 302s', async () => {
      const site = await startSite({
        '/1': redirectTo('/2'),
        '/2': redirectTo('/3'),
        '/3': page('end'),
      });
      const res = await request(site.url('/1'), { agent: agent() });
      expect(res.text()).toBe('end');
      expect(res.redirects).toEqual([site.url('/1'), site.url('/2')]);
    });

    it('resolves a relative Location against the URL that was requested (§10.2.2)', async () => {
      const site = await startSite({ '/a/b/c': redirectTo('../d?x=1'), '/a/d': echo });
      const res = await request(site.url('/a/b/c'), { agent: agent() });
      expect(echoed(res).target, hint(4, 'use your resolve() from kata 6')).toBe('/a/d?x=1');
    });

    it('follows a Location that is only a query', async () => {
      const site = await startSite({
        '/p': (q, res) => (q.target === '/p' ? redirectTo('?page=2')(q, res) : echo(q, res)),
      });
      const res = await request(site.url('/p'), { agent: agent() });
      expect(echoed(res).target).toBe('/p?page=2');
    });

    it('percent-encodes spaces and non-ASCII in a Location', async () => {
      const site = await startSite((q, res) =>
        q.target === '/' ? redirectTo('/a b/é')(q, res) : echo(q, res),
      );
      const res = await request(site.url('/'), { agent: agent() });
      expect(
        echoed(res).target,
        hint(4, 'servers send raw Location values; encode what a URI may not contain'),
      ).toBe('/a%20b/%C3%A9');
    });

    it('follows to another origin', async () => {
      const other = await startSite({ '/there': page('there') }, { host: await otherHost() });
      const site = await startSite({ '/': redirectTo(other.url('/there')) });
      const res = await request(site.url('/'), { agent: agent() });
      expect(res.text()).toBe('there');
      expect(other.requests[0]!.headers.host, hint(4, 'Host changes with the origin')).toBe(
        `${other.host}:${other.port}`,
      );
    });

    it('returns a 3xx without Location as it is', async () => {
      const site = await startSite({ '/': (_q, res) => send(res, 302, 'text/plain', 'nowhere') });
      const res = await request(site.url('/'), { agent: agent() });
      expect(res.status).toBe(302);
      expect(res.text()).toBe('nowhere');
    });

    it('does not follow 300 Multiple Choices or 304', async () => {
      const site = await startSite({
        '/': (_q, res) => send(res, 300, 'text/plain', 'pick', { Location: '/x' }),
      });
      expect(
        (await request(site.url('/'), { agent: agent() })).status,
        hint(4, 'only 301 302 303 307 308'),
      ).toBe(300);
    });

    it("returns the 3xx with redirect: 'manual'", async () => {
      const site = await startSite({ '/': redirectTo('/next', 307) });
      const res = await request(site.url('/'), { agent: agent(), redirect: 'manual' });
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toBe('/next');
      expect(site.requests).toHaveLength(1);
    });
  });

  describe('methods and bodies', () => {
    const chain = (status: number) => ({ '/from': redirectTo('/to', status), '/to': echo });
    const post = {
      method: 'POST',
      body: 'a=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    };

    it('turns POST into GET without a body on 301', async () => {
      const site = await startSite(chain(301));
      const e = echoed(await request(site.url('/from'), { agent: agent(), ...post }));
      expect(e.method, hint(4, '301/302: POST becomes GET')).toBe('GET');
      expect(e.body).toBe('');
    });

    it('turns POST into GET without a body on 302, and drops Content-Type', async () => {
      const site = await startSite(chain(302));
      const e = echoed(await request(site.url('/from'), { agent: agent(), ...post }));
      expect(e.method).toBe('GET');
      expect(e.headers['content-length'] ?? '0').toBe('0');
      expect(
        e.headers['content-type'],
        hint(4, 'without a body, its Content-* fields go too'),
      ).toBeUndefined();
    });

    it('keeps PUT on 301 (only POST is rewritten)', async () => {
      const site = await startSite(chain(301));
      const e = echoed(
        await request(site.url('/from'), { agent: agent(), method: 'PUT', body: 'x' }),
      );
      expect(e.method).toBe('PUT');
      expect(e.body).toBe('x');
    });

    it('turns any method into GET on 303 (See Other)', async () => {
      const site = await startSite(chain(303));
      const e = echoed(await request(site.url('/from'), { agent: agent(), method: 'DELETE' }));
      expect(e.method, hint(4, '303 means: GET the other resource')).toBe('GET');
    });

    it('keeps HEAD on 303', async () => {
      const site = await startSite({ '/from': redirectTo('/to', 303), '/to': page('x') });
      await request(site.url('/from'), { agent: agent(), method: 'HEAD' });
      expect(site.requests[1]!.method).toBe('HEAD');
    });

    it('keeps the method and the body on 307', async () => {
      const site = await startSite(chain(307));
      const e = echoed(await request(site.url('/from'), { agent: agent(), ...post }));
      expect(e.method, hint(4, '307 and 308 repeat the request as it was')).toBe('POST');
      expect(e.body).toBe('a=1');
      expect(e.headers['content-type']).toBe('application/x-www-form-urlencoded');
    });

    it('keeps the method and the body on 308', async () => {
      const site = await startSite(chain(308));
      const e = echoed(
        await request(site.url('/from'), { agent: agent(), method: 'PATCH', body: 'p' }),
      );
      expect(e.method).toBe('PATCH');
      expect(e.body).toBe('p');
    });

    it('keeps Authorization and Cookie on a same-origin redirect', async () => {
      const site = await startSite(chain(302));
      const e = echoed(
        await request(site.url('/from'), {
          agent: agent(),
          headers: { Authorization: 'Bearer t', Cookie: 'sid=1' },
        }),
      );
      expect(e.headers.authorization, hint(4, 'same origin: credentials stay')).toBe('Bearer t');
      expect(e.headers.cookie).toBe('sid=1');
    });

    it('keeps other caller headers across origins', async () => {
      const other = await startSite(echo, { host: await otherHost() });
      const site = await startSite({ '/': redirectTo(other.url('/x')) });
      const e = echoed(
        await request(site.url('/'), { agent: agent(), headers: { 'X-Trace': 'abc' } }),
      );
      expect(e.headers['x-trace']).toBe('abc');
    });
  });

  describe('limits', () => {
    it('stops after maxRedirects with ERR_CRAWLER_TOO_MANY_REDIRECTS', async () => {
      const site = await startSite({
        '/1': redirectTo('/2'),
        '/2': redirectTo('/3'),
        '/3': redirectTo('/4'),
        '/4': page('end'),
      });
      await expectRejectCode(
        request(site.url('/1'), { agent: agent(), maxRedirects: 2 }),
        CrawlerError,
        'ERR_CRAWLER_TOO_MANY_REDIRECTS',
        hint(4, 'count the hops'),
      );
      expect(site.requests.length, hint(4, 'do not request the hop past the limit')).toBe(3);
    });

    it('follows exactly maxRedirects redirects', async () => {
      const site = await startSite({
        '/1': redirectTo('/2'),
        '/2': redirectTo('/3'),
        '/3': page('end'),
      });
      expect((await request(site.url('/1'), { agent: agent(), maxRedirects: 2 })).text()).toBe(
        'end',
      );
    });

    it('detects a loop with ERR_CRAWLER_REDIRECT_LOOP before maxRedirects', async () => {
      const site = await startSite({ '/a': redirectTo('/b'), '/b': redirectTo('/a') });
      await expectRejectCode(
        request(site.url('/a'), { agent: agent(), maxRedirects: 50 }),
        CrawlerError,
        'ERR_CRAWLER_REDIRECT_LOOP',
        hint(4, 'remember the (method, URL) pairs of the chain'),
      );
      expect(site.requests.length).toBe(2);
    });

    it('detects a redirect to itself', async () => {
      const site = await startSite({ '/self': redirectTo('/self', 301) });
      await expectRejectCode(
        request(site.url('/self'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_REDIRECT_LOOP',
      );
    });

    it('does not call a POST → 303 → GET of the same URL a loop', async () => {
      const site = await startSite({
        '/form': (q, res) =>
          q.method === 'POST' ? redirectTo('/form', 303)(q, res) : page('thanks')(q, res),
      });
      const res = await request(site.url('/form'), { agent: agent(), method: 'POST', body: 'x=1' });
      expect(res.text(), hint(4, 'the loop key is method and URL')).toBe('thanks');
    });
  });

  describe('Location edges', () => {
    it('rejects a Location that is not a URI reference with ERR_CRAWLER_INVALID_REDIRECT', async () => {
      const site = await startSite({ '/': redirectTo('http://[bad') });
      await expectRejectCode(
        () => request(site.url('/'), { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_INVALID_REDIRECT',
        hint(4, 'resolve Location against the request URL; no URL, no redirect'),
      );
    });

    it('keeps the body of a redirect it does not follow', async () => {
      const site = await startSite({ '/': redirectTo('/next') });
      const res = await request(site.url('/'), { agent: agent(), redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.text(), hint(4, 'redirect: "manual" returns the 3xx as it came')).toBe(
        '<a href="/next">moved</a>',
      );
    });
  });
});
