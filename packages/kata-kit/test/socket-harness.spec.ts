import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeAll,
  connect,
  exchange,
  fetchFrom,
  formatRequest,
  HarnessProtocolError,
  HarnessTimeoutError,
  listen,
  loadTest,
  openFdCount,
  parseResponse,
  request,
  useSocketHarness,
} from '../src/socket-harness.ts';

useSocketHarness(afterEach);

/** A tiny fixed-answer server: enough HTTP to exercise the harness. */
function echoServer(answer: (head: string) => string) {
  return createServer((socket: Socket) => {
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) break;
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        socket.write(answer(head));
      }
    });
    socket.on('error', () => {});
  });
}

const ok = (body: string) =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-A: 1\r\nX-A: 2\r\n\r\n${body}`;

describe('socket harness', () => {
  it('listens on an ephemeral loopback port', async () => {
    const s = await listen(() => echoServer(() => ok('hi')));
    expect(s.host).toBe('127.0.0.1');
    expect(s.port).toBeGreaterThan(0);
    expect(s.origin).toBe(`http://127.0.0.1:${s.port}`);
  });

  it('reads a Content-Length response and joins repeated fields', async () => {
    const s = await listen(echoServer(() => ok('hello')));
    const res = await request(s.port, { target: '/' });
    expect(res).toMatchObject({ version: 'HTTP/1.1', status: 200, reason: 'OK' });
    expect(res.body.toString()).toBe('hello');
    expect(res.headers['x-a']).toBe('1, 2');
    expect(res.headerList).toContainEqual(['content-length', '5']);
  });

  it('reads pipelined responses one at a time, HEAD without a body', async () => {
    const s = await listen(
      echoServer((head) => (head.startsWith('HEAD') ? ok('xyz').replace(/xyz$/, '') : ok('xyz'))),
    );
    const socket = await connect(s.port);
    await socket.write('HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
    const first = await socket.readResponse({ method: 'HEAD' });
    const second = await socket.readResponse();
    expect(first.body.length).toBe(0);
    expect(second.body.toString()).toBe('xyz');
  });

  it('fails with a timeout error naming what it waited for when the server is silent', async () => {
    const s = await listen(createServer(() => {}));
    const socket = await connect(s.port);
    await expect(socket.readResponse({ timeoutMs: 100 })).rejects.toThrow(HarnessTimeoutError);
    await expect(socket.readResponse({ timeoutMs: 50 })).rejects.toThrow(/HTTP response/);
  });

  it('fails at once, not at the deadline, when the server closes without answering', async () => {
    const s = await listen(createServer((c) => c.end()));
    const socket = await connect(s.port);
    const started = Date.now();
    await expect(socket.readResponse({ timeoutMs: 2_000 })).rejects.toThrow(/closed/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('exchange returns every byte until the server closes', async () => {
    const s = await listen(createServer((c) => c.end('raw bytes')));
    expect((await exchange(s.port, 'x')).toString()).toBe('raw bytes');
  });

  it('reads chunked and close-delimited bodies', () => {
    const chunked = Buffer.from(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\nNEXT',
    );
    const res = parseResponse(chunked, false);
    expect(res?.body.toString()).toBe('abcde');
    expect(res?.raw.length).toBe(chunked.length - 4);
    const closeDelimited = Buffer.from('HTTP/1.0 200 OK\r\n\r\nall of it');
    expect(parseResponse(closeDelimited, false)).toBeUndefined();
    expect(parseResponse(closeDelimited, true)?.body.toString()).toBe('all of it');
    expect(
      parseResponse(Buffer.from('HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n'), false)
        ?.body.length,
    ).toBe(0);
  });

  it('rejects what is not an HTTP response', () => {
    expect(() => parseResponse(Buffer.from('SSH-2.0\r\n\r\n'), false)).toThrow(
      HarnessProtocolError,
    );
    expect(() =>
      parseResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab'), true),
    ).toThrow(HarnessProtocolError);
  });

  it('formats requests with Host and Content-Length', () => {
    const bytes = formatRequest(8080, { method: 'POST', target: '/x', body: 'abc' }).toString();
    expect(bytes).toBe('POST /x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 3\r\n\r\nabc');
  });

  it('fetches through Node fetch without following redirects', async () => {
    const s = await listen(
      echoServer(() => 'HTTP/1.1 301 Moved\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n'),
    );
    const res = await fetchFrom(s, '/a');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/b');
  });

  it('closeAll destroys open connections so the server closes', async () => {
    const s = await listen(createServer(() => {}));
    const socket = await connect(s.port);
    await closeAll();
    expect(s.server.listening).toBe(false);
    expect(socket.socket.destroyed).toBe(true);
  });

  it('runs a bounded keep-alive load and counts statuses', async () => {
    const s = await listen(echoServer(() => ok('x')));
    const result = await loadTest(s.port, {
      requests: 200,
      connections: 10,
      request: { target: '/' },
    });
    expect(result).toMatchObject({ requests: 200, errors: 0, statuses: { 200: 200 } });
    expect(openFdCount()).toBeGreaterThan(0);
  });
});
