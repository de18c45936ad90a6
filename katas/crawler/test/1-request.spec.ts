import { expectErrorCode, expectRejectCode, hint, rejected } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CrawlerError, request } from '../src/index.ts';
import {
  deadOrigin,
  echo,
  echoed,
  page,
  rawServer,
  send,
  startSite,
  useFixtures,
} from './helpers.ts';

const { agent } = useFixtures();

describe('1. Send a request', () => {
  describe('the request on the wire', () => {
    it('sends GET with the path and query as the request-target (RFC 9112 §3.2.1 origin-form)', async () => {
      const site = await startSite(echo);
      const res = await request(site.url('/a/b?q=1&r=x'), { agent: agent() });
      expect(echoed(res).method).toBe('GET');
      expect(echoed(res).target, hint(1, 'the target is the path plus "?" plus the query')).toBe(
        '/a/b?q=1&r=x',
      );
    });

    it('sends "/" when the URL has an empty path', async () => {
      const site = await startSite(echo);
      const res = await request(site.origin, { agent: agent() });
      expect(echoed(res).target, hint(1, 'an empty path is sent as "/"')).toBe('/');
    });

    it('sends Host with the port (RFC 9110 §7.2)', async () => {
      const site = await startSite(echo);
      const res = await request(site.url('/'), { agent: agent() });
      expect(echoed(res).headers.host, hint(1, 'Host is host ":" port unless the port is 80')).toBe(
        `127.0.0.1:${site.port}`,
      );
    });

    it('sends exactly one Host field, even when the caller passes one', async () => {
      const site = await startSite(echo);
      await request(site.url('/'), { agent: agent(), headers: { Host: 'evil.example' } });
      const hosts = site.requests[0]!.rawHeaders.filter(([n]) => n.toLowerCase() === 'host');
      expect(hosts, hint(1, 'Host comes from the URL')).toEqual([
        ['Host', `127.0.0.1:${site.port}`],
      ]);
    });

    it('sends a User-Agent', async () => {
      const site = await startSite(echo);
      const res = await request(site.url('/'), { agent: agent() });
      expect(echoed(res).headers['user-agent'], hint(1, 'identify your client')).toMatch(/\S/);
    });

    it('sends the caller’s headers, from a record', async () => {
      const site = await startSite(echo);
      const res = await request(site.url('/'), {
        agent: agent(),
        headers: { 'X-One': '1', Accept: 'text/html' },
      });
      expect(echoed(res).headers['x-one']).toBe('1');
      expect(echoed(res).headers.accept).toBe('text/html');
    });

    it('sends repeated fields from pairs, in order', async () => {
      const site = await startSite(echo);
      await request(site.url('/'), {
        agent: agent(),
        headers: [
          ['X-Tag', 'a'],
          ['X-Tag', 'b'],
        ],
      });
      const tags = site.requests[0]!.rawHeaders.filter(([n]) => n === 'X-Tag').map(([, v]) => v);
      expect(tags, hint(1, 'pairs keep every line')).toEqual(['a', 'b']);
    });

    it('keeps percent-escapes of the target byte for byte', async () => {
      const site = await startSite(echo);
      const res = await request(site.url('/a%20b/%E2%82%AC?x=%2F&y=a+b'), { agent: agent() });
      expect(echoed(res).target, hint(1, 'never decode the URL you send')).toBe(
        '/a%20b/%E2%82%AC?x=%2F&y=a+b',
      );
    });

    it('sends a string body as UTF-8 with Content-Length', async () => {
      const site = await startSite(echo);
      const res = await request(site.url('/form'), {
        agent: agent(),
        method: 'POST',
        body: 'name=é',
      });
      const e = echoed(res);
      expect(e.method).toBe('POST');
      expect(e.body).toBe('name=é');
      expect(
        e.headers['content-length'],
        hint(1, 'Content-Length counts bytes, not characters'),
      ).toBe('7');
    });

    it('sends a Uint8Array body as is', async () => {
      const site = await startSite(echo);
      await request(site.url('/bin'), {
        agent: agent(),
        method: 'PUT',
        body: new Uint8Array([0, 255, 10, 13]),
      });
      expect([...site.requests[0]!.body]).toEqual([0, 255, 10, 13]);
      expect(site.requests[0]!.method).toBe('PUT');
    });

    it('sends DELETE without a body', async () => {
      const site = await startSite(echo);
      const res = await request(site.url('/x'), { agent: agent(), method: 'DELETE' });
      expect(echoed(res).method).toBe('DELETE');
      expect(site.requests[0]!.body.length).toBe(0);
    });
  });

  describe('the response', () => {
    it('returns status, reason, headers and body', async () => {
      const site = await startSite({ '/': page('<p>hi</p>', 201, { 'X-Thing': 'yes' }) });
      const res = await request(site.url('/'), { agent: agent() });
      expect(res.status).toBe(201);
      expect(res.reason).toBe('Created');
      expect(res.headers.get('x-thing'), hint(1, 'headers are your kata 7 Headers')).toBe('yes');
      expect(new TextDecoder().decode(res.body)).toBe('<p>hi</p>');
      expect(res.text()).toBe('<p>hi</p>');
    });

    it('reports the URL it fetched, without the fragment', async () => {
      const site = await startSite({ '/p': page('x') });
      const res = await request(site.url('/p#part'), { agent: agent() });
      expect(res.url, hint(1, 'a fragment never reaches the server')).toBe(site.url('/p'));
      expect(site.requests[0]!.target).toBe('/p');
      expect(res.redirects).toEqual([]);
    });

    it('keeps every Set-Cookie line', async () => {
      const site = await startSite({
        '/': (_q, res) => send(res, 200, 'text/plain', 'ok', { 'Set-Cookie': ['a=1', 'b=2'] }),
      });
      const res = await request(site.url('/'), { agent: agent() });
      expect(res.headers.getAll('set-cookie')).toEqual(['a=1', 'b=2']);
    });

    it('reads a chunked body (RFC 9112 §7.1)', async () => {
      const site = await startSite({
        '/': (_q, res) => {
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          res.write('one,');
          res.write('two,');
          res.end('three');
        },
      });
      const res = await request(site.url('/'), { agent: agent() });
      expect(res.text(), hint(1, 'feed every byte to your ResponseParser')).toBe('one,two,three');
    });

    it('reads a body delimited by the connection closing (RFC 9112 §6.3 item 8)', async () => {
      const server = await rawServer((socket) => {
        socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end');
      });
      const res = await request(`${server.origin}/`, { agent: agent() });
      expect(res.text(), hint(1, 'at close, call parser.end() to complete the body')).toBe(
        'until the end',
      );
    });

    it('reads no body for HEAD, whatever Content-Length says', async () => {
      const server = await rawServer((socket) => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
      });
      const res = await request(`${server.origin}/`, {
        agent: agent(),
        method: 'HEAD',
        timeoutMs: 2000,
      });
      expect(res.status).toBe(200);
      expect(res.body.length, hint(1, 'parser.expectResponseTo("HEAD")')).toBe(0);
    });

    it('reads no body for 204 and 304', async () => {
      const server = await rawServer((socket, _head, i) => {
        socket.write(
          i === 0
            ? 'HTTP/1.1 204 No Content\r\n\r\n'
            : 'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n',
        );
      });
      const a = agent();
      expect((await request(`${server.origin}/`, { agent: a, timeoutMs: 2000 })).status).toBe(204);
      const res = await request(`${server.origin}/`, { agent: a, timeoutMs: 2000 });
      expect(res.status).toBe(304);
      expect(res.body.length).toBe(0);
    });

    it('skips an interim 100 Continue and returns the final response', async () => {
      const server = await rawServer((socket) => {
        socket.write(
          'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone',
        );
      });
      const res = await request(`${server.origin}/`, { agent: agent() });
      expect(res.status, hint(1, '1xx responses are interim')).toBe(200);
      expect(res.text()).toBe('done');
    });
  });

  describe('failures', () => {
    it('rejects with ERR_CRAWLER_CONNECTION when nothing listens', async () => {
      const origin = await deadOrigin();
      await expectRejectCode(
        request(`${origin}/`, { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_CONNECTION',
        hint(1, 'a refused connection is an error of its own'),
      );
    });

    it('rejects bytes that are not an HTTP response with ERR_CRAWLER_PROTOCOL', async () => {
      const server = await rawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
      await expectRejectCode(
        request(`${server.origin}/`, { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_PROTOCOL',
        hint(1, 'wrap HttpParseError'),
      );
    });

    it('rejects a body cut short by the server with ERR_CRAWLER_CONNECTION', async () => {
      const server = await rawServer((socket) =>
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this'),
      );
      await expectRejectCode(
        request(`${server.origin}/`, { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_CONNECTION',
        hint(1, 'a close before Content-Length bytes is not a complete response'),
      );
    });

    it('rejects a relative URL with ERR_CRAWLER_INVALID_URL', async () => {
      await expectRejectCode(
        () => request('/just/a/path', { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_INVALID_URL',
        hint(1, 'request() needs an absolute URL'),
      );
    });

    it('rejects an http URL without a host with ERR_CRAWLER_INVALID_URL', async () => {
      for (const url of ['http:/no-authority', 'http:///empty-host', 'http://:1/']) {
        await expectRejectCode(
          () => request(url, { agent: agent() }),
          CrawlerError,
          'ERR_CRAWLER_INVALID_URL',
          hint(1, `${url}: an http URL names a host`),
        );
      }
    });

    it('rejects a port outside 1–65535 with ERR_CRAWLER_INVALID_URL', async () => {
      for (const port of ['0', '65536', '99999']) {
        await expectRejectCode(
          () => request(`http://127.0.0.1:${port}/`, { agent: agent() }),
          CrawlerError,
          'ERR_CRAWLER_INVALID_URL',
          hint(1, `port ${port} is no TCP port`),
        );
      }
    });

    it('takes ports 1 and 65535, and an empty port as the default one', async () => {
      for (const url of ['http://127.0.0.1:1/', 'http://127.0.0.1:65535/', 'http://127.0.0.1:/']) {
        // Nothing should listen there (refused), but whatever answers, the URL itself is valid.
        const error = await rejected(() => request(url, { agent: agent(), timeoutMs: 2000 }));
        if (error === undefined) continue;
        expect(error, hint(1, 'every failure is a CrawlerError')).toBeInstanceOf(CrawlerError);
        expect(
          (error as CrawlerError).code,
          hint(1, `${url} is a valid URL: connect (whatever answers)`),
        ).not.toBe('ERR_CRAWLER_INVALID_URL');
      }
    });

    it('keeps the parser’s error as the cause of ERR_CRAWLER_INVALID_URL', async () => {
      const error = await rejected(() => request('http://a b/', { agent: agent() }));
      expectErrorCode(error, CrawlerError, 'ERR_CRAWLER_INVALID_URL');
      expect(
        (error as CrawlerError).cause,
        hint(1, 'new CrawlerError(code, message, { cause })'),
      ).toBeInstanceOf(Error);
    });

    it('connects to an IPv6 literal without its brackets, and sends its Host lower-cased', async () => {
      const site = await startSite(echo);
      const res = await request(`http://[::FFFF:127.0.0.1]:${site.port}/v6`, { agent: agent() });
      expect(echoed(res).target).toBe('/v6');
      expect(
        echoed(res).headers.host,
        hint(1, 'Host is the URL’s host (brackets kept), lower-cased'),
      ).toBe(`[::ffff:127.0.0.1]:${site.port}`);
    });

    it('sends no Accept-Encoding with decompress: false, and the caller’s one alone', async () => {
      const site = await startSite(echo);
      const plain = await request(site.url('/'), { agent: agent(), decompress: false });
      expect(
        echoed(plain).headers['accept-encoding'],
        hint(1, 'do not ask for codings you will not undo'),
      ).toBeUndefined();
      const own = await request(site.url('/'), {
        agent: agent(),
        headers: { 'Accept-Encoding': 'identity' },
      });
      expect(
        echoed(own).headers['accept-encoding'],
        hint(1, 'the caller’s field replaces ours'),
      ).toBe('identity');
    });

    it('sends only Host, User-Agent and Accept-Encoding when the caller passes no headers', async () => {
      const site = await startSite(echo);
      await request(site.url('/'), { agent: agent() });
      const names = site.requests[0]!.rawHeaders.map(([n]) => n.toLowerCase()).sort();
      expect(names).toEqual(['accept-encoding', 'host', 'user-agent']);
    });

    it('rejects a body announced larger than maxBodyBytes from its Content-Length, before reading it', async () => {
      const server = await rawServer((socket) => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n');
      });
      await expectRejectCode(
        () => request(`${server.origin}/`, { agent: agent(), maxBodyBytes: 10, timeoutMs: 5000 }),
        CrawlerError,
        'ERR_CRAWLER_BODY_TOO_LARGE',
        hint(1, 'Content-Length past the cap: fail at the head, do not wait for the body'),
      );
    });

    it('keeps the header check’s error as the cause of ERR_CRAWLER_INVALID_REQUEST', async () => {
      const error = await rejected(() =>
        request('http://127.0.0.1:1/', { agent: agent(), headers: { 'X-A': 'a\r\nB: b' } }),
      );
      expectErrorCode(error, CrawlerError, 'ERR_CRAWLER_INVALID_REQUEST');
      expect((error as CrawlerError).cause, hint(1, '{ cause }')).toBeInstanceOf(Error);
    });

    it('throws errors named CrawlerError', async () => {
      const error = await rejected(() => request('/relative', { agent: agent() }));
      expect((error as Error).name, hint(1, 'name = "CrawlerError", as the stack shows it')).toBe(
        'CrawlerError',
      );
    });

    it('rejects https: with ERR_CRAWLER_UNSUPPORTED_SCHEME (no TLS in this kata)', async () => {
      await expectRejectCode(
        () => request('https://127.0.0.1:1/', { agent: agent() }),
        CrawlerError,
        'ERR_CRAWLER_UNSUPPORTED_SCHEME',
        hint(1, 'only http is fetched'),
      );
    });

    it('rejects a method that is not a token with ERR_CRAWLER_INVALID_REQUEST', async () => {
      const site = await startSite(echo);
      await expectRejectCode(
        () => request(site.url('/'), { agent: agent(), method: 'GET /x HTTP/1.1\r\n' }),
        CrawlerError,
        'ERR_CRAWLER_INVALID_REQUEST',
        hint(1, 'method = token'),
      );
      expect(site.requests).toHaveLength(0);
    });
  });
});
