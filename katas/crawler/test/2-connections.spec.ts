import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CrawlerError, request } from '../src/index.ts';
import {
  otherHost,
  page,
  rawServer,
  send,
  sleep,
  slowPage,
  startSite,
  useFixtures,
} from './helpers.ts';

const { agent } = useFixtures();

describe('2. Connections and limits', () => {
  describe('keep-alive pool', () => {
    it('reuses one connection for requests one after the other (RFC 9112 §9.3)', async () => {
      const site = await startSite({ '/': page('a') });
      const a = agent();
      for (let i = 0; i < 5; i++) await request(site.url('/'), { agent: a });
      expect(
        site.connections,
        hint(2, 'give the socket back to the pool after the response ends'),
      ).toBe(1);
    });

    it('opens a new connection after "Connection: close"', async () => {
      const site = await startSite({ '/': page('a', 200, { Connection: 'close' }) });
      const a = agent();
      await request(site.url('/'), { agent: a });
      await request(site.url('/'), { agent: a });
      expect(
        site.connections,
        hint(2, 'isKeepAlive(head) says whether the socket may be reused'),
      ).toBe(2);
    });

    it('opens a new connection after an HTTP/1.0 response without keep-alive', async () => {
      const server = await rawServer((socket) =>
        socket.write('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok'),
      );
      const a = agent();
      expect((await request(`${server.origin}/`, { agent: a, timeoutMs: 2000 })).text()).toBe('ok');
      expect((await request(`${server.origin}/`, { agent: a, timeoutMs: 2000 })).text()).toBe('ok');
      expect(server.connections.length, hint(2, 'HTTP/1.0 closes unless it says keep-alive')).toBe(
        2,
      );
    });

    it('never has more than maxSocketsPerOrigin connections, and queues the rest', async () => {
      const site = await startSite({ '/': slowPage(40) });
      const a = agent({ maxSocketsPerOrigin: 2 });
      const all = await Promise.all(
        Array.from({ length: 6 }, () => request(site.url('/'), { agent: a })),
      );
      expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(
        site.connections,
        hint(2, 'a request waits for a free socket at the bound'),
      ).toBeLessThanOrEqual(2);
      expect(site.maxInFlight).toBeLessThanOrEqual(2);
    });

    it('uses all maxSocketsPerOrigin connections in parallel', async () => {
      const site = await startSite({ '/': slowPage(120) });
      const a = agent({ maxSocketsPerOrigin: 3 });
      await Promise.all(Array.from({ length: 6 }, () => request(site.url('/'), { agent: a })));
      expect(site.maxInFlight, hint(2, 'the bound is a bound, not one at a time')).toBe(3);
    });

    it('keeps one pool per origin: another port is another origin', async () => {
      const one = await startSite({ '/': page('1') });
      const two = await startSite({ '/': page('2') });
      const a = agent({ maxSocketsPerOrigin: 1 });
      expect((await request(one.url('/'), { agent: a })).text()).toBe('1');
      expect(
        (await request(two.url('/'), { agent: a })).text(),
        hint(2, 'the pool key is scheme, host and port'),
      ).toBe('2');
      expect((await request(one.url('/'), { agent: a })).text()).toBe('1');
      expect([one.connections, two.connections]).toEqual([1, 1]);
    });

    it('keeps one pool per origin: another host is another origin', async () => {
      const one = await startSite({ '/': page('1') });
      const two = await startSite({ '/': page('2') }, { host: await otherHost() });
      const a = agent();
      await Promise.all([request(one.url('/'), { agent: a }), request(two.url('/'), { agent: a })]);
      expect(one.requests.length + two.requests.length).toBe(2);
      expect([one.connections, two.connections]).toEqual([1, 1]);
    });

    it('counts its open sockets and closes them all on close()', async () => {
      const site = await startSite({ '/': page('a') });
      const a = agent();
      await Promise.all([
        request(site.url('/'), { agent: a }),
        request(site.url('/'), { agent: a }),
      ]);
      expect(a.openSockets, hint(2, 'idle sockets are still open')).toBe(2);
      a.close();
      await sleep(50);
      expect(site.openConnections(), hint(2, 'close() destroys idle sockets')).toBe(0);
      expect(a.openSockets).toBe(0);
    });

    // The server answers the first request of each connection and hangs up on the second one
    // without a byte: what a client meets when a server closes an idle connection just as it
    // sends the next request on it.
    const hangsUpOnSecond = (): ReturnType<typeof rawServer> =>
      rawServer((socket, _head, index) => {
        if (index === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        else socket.destroy();
      });

    it('retries a GET once on a fresh connection when a kept-alive socket dies before answering', async () => {
      const server = await hangsUpOnSecond();
      const a = agent();
      expect((await request(`${server.origin}/`, { agent: a })).text()).toBe('ok');
      const res = await request(`${server.origin}/`, { agent: a });
      expect(
        res.text(),
        hint(2, 'a reused socket that closes before any response byte: retry on a new one'),
      ).toBe('ok');
      expect(server.connections.length).toBe(2);
    });

    it('does not retry a POST (RFC 9110 §9.2.2: not idempotent)', async () => {
      const server = await hangsUpOnSecond();
      const a = agent();
      await request(`${server.origin}/`, { agent: a });
      await expectRejectCode(
        request(`${server.origin}/`, { agent: a, method: 'POST', body: 'x' }),
        CrawlerError,
        'ERR_CRAWLER_CONNECTION',
        hint(2, 'the server may have acted on it: only idempotent methods are retried'),
      );
      expect(server.connections.length).toBe(1);
    });

    it('drops a socket whose response ended in an error, and serves the next request', async () => {
      const site = await startSite({
        '/big': page('x'.repeat(5000)),
        '/ok': page('fine'),
      });
      const a = agent({ maxSocketsPerOrigin: 1 });
      await expectRejectCode(
        request(site.url('/big'), { agent: a, maxBodyBytes: 100 }),
        CrawlerError,
        'ERR_CRAWLER_BODY_TOO_LARGE',
      );
      expect(
        (await request(site.url('/ok'), { agent: a })).text(),
        hint(2, 'release the slot after a failure too'),
      ).toBe('fine');
    });
  });

  describe('timeoutMs', () => {
    it('rejects with ERR_CRAWLER_TIMEOUT when no response head comes', async () => {
      const server = await rawServer(() => {});
      await expectRejectCode(
        request(`${server.origin}/`, { agent: agent(), timeoutMs: 150 }),
        CrawlerError,
        'ERR_CRAWLER_TIMEOUT',
        hint(2, 'arm a timer when the request is written'),
      );
    });

    it('rejects with ERR_CRAWLER_TIMEOUT when the body stalls', async () => {
      const server = await rawServer((socket) =>
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'),
      );
      await expectRejectCode(
        request(`${server.origin}/`, { agent: agent(), timeoutMs: 150 }),
        CrawlerError,
        'ERR_CRAWLER_TIMEOUT',
        hint(2, 'the deadline restarts on every byte, and still fires mid-body'),
      );
    });

    it('is an idle deadline: a slow but steady body completes', async () => {
      const server = await rawServer((socket) => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n');
        let sent = 0;
        const tick = setInterval(() => {
          if (socket.destroyed) return clearInterval(tick);
          socket.write('x');
          if (++sent === 20) clearInterval(tick);
        }, 30);
      });
      const res = await request(`${server.origin}/`, { agent: agent(), timeoutMs: 450 });
      expect(
        res.text(),
        hint(2, 'restart the timer on each chunk: 20 × 30 ms is more than 450 ms in total'),
      ).toBe('x'.repeat(20));
    });

    it('frees the socket slot after a timeout', async () => {
      const site = await startSite({ '/slow': slowPage(400), '/fast': page('fast') });
      const a = agent({ maxSocketsPerOrigin: 1 });
      await expectRejectCode(
        request(site.url('/slow'), { agent: a, timeoutMs: 100 }),
        CrawlerError,
        'ERR_CRAWLER_TIMEOUT',
      );
      expect((await request(site.url('/fast'), { agent: a })).text()).toBe('fast');
    });
  });

  describe('maxBodyBytes', () => {
    it('rejects a Content-Length above the cap with ERR_CRAWLER_BODY_TOO_LARGE', async () => {
      const site = await startSite({ '/': page('x'.repeat(2000)) });
      await expectRejectCode(
        request(site.url('/'), { agent: agent(), maxBodyBytes: 1000 }),
        CrawlerError,
        'ERR_CRAWLER_BODY_TOO_LARGE',
        hint(2, 'Content-Length tells before any body byte'),
      );
    });

    it('rejects a chunked body that grows past the cap', async () => {
      const site = await startSite({
        '/': (_q, res) => {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          for (let i = 0; i < 20; i++) res.write('y'.repeat(100));
          res.end();
        },
      });
      await expectRejectCode(
        request(site.url('/'), { agent: agent(), maxBodyBytes: 1000 }),
        CrawlerError,
        'ERR_CRAWLER_BODY_TOO_LARGE',
        hint(2, 'count as the bytes arrive'),
      );
    });

    it('rejects a close-delimited body that grows past the cap', async () => {
      const server = await rawServer((socket) =>
        socket.end(`HTTP/1.1 200 OK\r\n\r\n${'z'.repeat(3000)}`),
      );
      await expectRejectCode(
        request(`${server.origin}/`, { agent: agent(), maxBodyBytes: 1000 }),
        CrawlerError,
        'ERR_CRAWLER_BODY_TOO_LARGE',
      );
    });

    it('accepts a body of exactly maxBodyBytes', async () => {
      const site = await startSite({
        '/': (_q, res) => send(res, 200, 'text/plain', 'k'.repeat(1000)),
      });
      const res = await request(site.url('/'), { agent: agent(), maxBodyBytes: 1000 });
      expect(res.body.length, hint(2, 'the cap is inclusive')).toBe(1000);
    });
  });
});
