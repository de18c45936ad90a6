import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { connect, loadTest, openFdCount } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { get, HELLO, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

const GET = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

/** Waits until `f()` is true or `ms` pass; returns the last value of `f()`. */
async function eventually(f: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!f() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return f();
}

describe('7. Connections', () => {
  describe('persistence (RFC 9112 §9.3)', () => {
    it('keeps an HTTP/1.1 connection open for a second request', async () => {
      const why = hint(7, 'HTTP/1.1 is persistent: keep reading after a response');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(GET('/hello.txt'));
      const first = await socket.readResponse();
      expect(first.headers.connection).not.toBe('close');
      await socket.write(GET('/style.css'));
      const second = await socket.readResponse();
      expect(second.status, why).toBe(200);
      expect(text(second), why).toContain('rebeccapurple');
      expect(server.connections.length, why).toBe(1);
    });

    it('answers pipelined requests in the order they were sent (§9.3.2)', async () => {
      const why = hint(7, 'answer one request at a time, in order, on each connection');
      const server = await start();
      const socket = await connect(server.port);
      // The big file first: a server that answers whatever is ready first gets the order wrong.
      await socket.write(
        GET('/big.bin', 'Range: bytes=0-999999\r\n') +
          GET('/hello.txt') +
          GET('/nope') +
          GET('/data.json'),
      );
      const a = await socket.readResponse({ timeoutMs: 5_000 });
      const b = await socket.readResponse();
      const c = await socket.readResponse();
      const d = await socket.readResponse();
      expect([a.status, b.status, c.status, d.status], why).toEqual([206, 200, 404, 200]);
      expect(a.body.equals(web().big.subarray(0, 1_000_000)), why).toBe(true);
      expect(text(b), why).toBe(HELLO);
      expect(text(d), why).toBe('{"ok":true}\n');
    });

    it('answers 100 requests pipelined in one write, all in order', async () => {
      const server = await start();
      const socket = await connect(server.port);
      const paths = Array.from({ length: 100 }, (_, i) =>
        i % 3 === 0 ? '/hello.txt' : i % 3 === 1 ? '/nope' : '/data.json',
      );
      await socket.write(paths.map((p) => GET(p)).join(''));
      for (const [i, p] of paths.entries()) {
        const res = await socket.readResponse();
        expect(res.status, `response ${i} (${p})`).toBe(p === '/nope' ? 404 : 200);
      }
    });

    it('answers "Connection: close" with "Connection: close" and closes after the response', async () => {
      const why = hint(7, 'Connection: close → say so and end the socket after the response');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(GET('/hello.txt', 'Connection: close\r\n'));
      const res = await socket.readResponse();
      expect(res.headers.connection?.toLowerCase(), why).toBe('close');
      expect(text(res), why).toBe(HELLO);
      expect(await socket.closesWithin(2_000), why).toBe(true);
    });

    it('reads Connection options case-insensitively, among others ("keep-alive, Close")', async () => {
      const why = hint(7, 'split Connection on commas, trim, lower-case');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(GET('/hello.txt', 'Connection: keep-alive, Close\r\n'));
      expect((await socket.readResponse()).headers.connection?.toLowerCase(), why).toBe('close');
      expect(await socket.closesWithin(2_000), why).toBe(true);
    });

    it('closes an HTTP/1.0 connection after the response', async () => {
      const why = hint(7, 'HTTP/1.0 closes by default');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /hello.txt HTTP/1.0\r\n\r\n');
      const res = await socket.readResponse();
      expect(text(res), why).toBe(HELLO);
      expect(await socket.closesWithin(2_000), why).toBe(true);
    });

    it('keeps an HTTP/1.0 connection open with "Connection: keep-alive", and says so', async () => {
      const why = hint(7, 'HTTP/1.0 with keep-alive stays open and answers Connection: keep-alive');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
      const res = await socket.readResponse();
      expect(res.headers.connection?.toLowerCase(), why).toBe('keep-alive');
      await socket.write('GET /style.css HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
      expect((await socket.readResponse()).status, why).toBe(200);
    });

    it('answers requests sent before the client shut down its side (half-close)', async () => {
      const why = hint(7, 'allowHalfOpen: answer what was read, then end');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(GET('/hello.txt') + GET('/data.json'));
      socket.socket.end();
      expect((await socket.readResponse()).status, why).toBe(200);
      expect(text(await socket.readResponse()), why).toBe('{"ok":true}\n');
      expect(await socket.closesWithin(2_000), why).toBe(true);
    });
  });

  describe('timeouts', () => {
    it('answers 408 and closes a connection whose head never completes after headerTimeoutMs (Slowloris)', async () => {
      const why = hint(
        7,
        'start a timer when a head begins; at headerTimeoutMs answer 408 and close',
      );
      const server = await start({ headerTimeoutMs: 200 });
      const socket = await connect(server.port);
      await socket.write('GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Slow: 1');
      const started = Date.now();
      const timer = setInterval(() => void socket.write('1'), 50);
      let rest: Buffer;
      try {
        rest = await socket.readUntilClose(3_000);
      } finally {
        clearInterval(timer);
      }
      expect(Date.now() - started, why).toBeLessThan(2_500);
      // §15.5.9: tell the client why before closing.
      expect(rest.toString('latin1'), why).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    });

    it('times the head of every request, not only the first one', async () => {
      const why = hint(7, 'restart the header timer for every request');
      const server = await start({ headerTimeoutMs: 200, keepAliveTimeoutMs: 10_000 });
      const socket = await connect(server.port);
      await socket.write(GET('/hello.txt'));
      expect((await socket.readResponse()).status, why).toBe(200);
      await socket.write('GET /hello.txt HTTP/1.1\r\nHost: x\r\n');
      expect(await socket.closesWithin(2_000), why).toBe(true);
    });

    it('closes a connection that sends nothing at all after headerTimeoutMs', async () => {
      const server = await start({ headerTimeoutMs: 200, keepAliveTimeoutMs: 10_000 });
      const socket = await connect(server.port);
      expect(
        await socket.closesWithin(2_000),
        hint(7, "the header timer runs from the connection's start"),
      ).toBe(true);
    });

    it('does not cut a slow but complete request: the header timeout restarts per request', async () => {
      const server = await start({ headerTimeoutMs: 300, keepAliveTimeoutMs: 5_000 });
      const socket = await connect(server.port);
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 150));
        await socket.write(GET('/hello.txt'));
        expect(
          (await socket.readResponse()).status,
          hint(7, 'clear the header timer when the head completes'),
        ).toBe(200);
      }
    });

    it('closes an idle keep-alive connection after keepAliveTimeoutMs', async () => {
      const why = hint(7, 'between requests, close after keepAliveTimeoutMs');
      const server = await start({ keepAliveTimeoutMs: 200 });
      const socket = await connect(server.port);
      await socket.write(GET('/hello.txt'));
      expect((await socket.readResponse()).status, why).toBe(200);
      expect(await socket.closesWithin(2_000), why).toBe(true);
    });

    it('keeps an idle keep-alive connection open before keepAliveTimeoutMs', async () => {
      const server = await start({ keepAliveTimeoutMs: 5_000, headerTimeoutMs: 5_000 });
      const socket = await connect(server.port);
      await socket.write(GET('/hello.txt'));
      await socket.readResponse();
      expect(
        await socket.closesWithin(400),
        hint(7, 'do not close before keepAliveTimeoutMs'),
      ).toBe(false);
    });
  });

  describe('large files', () => {
    it('streams with backpressure: a client that does not read leaves little buffered in the server', async () => {
      const why = hint(7, 'pipe the file: respect write() returning false and wait for drain');
      const server = await start();
      const size = 32 * 1024 * 1024;
      writeFileSync(join(web().root, 'huge.bin'), Buffer.alloc(size, 0x5a));
      const socket = await connect(server.port);
      socket.socket.pause();
      await socket.write(GET('/huge.bin'));
      await new Promise((r) => setTimeout(r, 600));
      const serverSide = server.connections[0]!;
      // Read whole and written at once, over 20 MiB would sit in the socket's user-space buffer.
      expect(serverSide.writableLength, why).toBeLessThan(4 * 1024 * 1024);
      socket.socket.resume();
      const res = await socket.readResponse({ timeoutMs: 15_000 });
      expect(res.body.length, why).toBe(size);
    });

    it('applies backpressure to pipelined answers: a client that never reads is not buffered for', async () => {
      const server = await start();
      const socket = await connect(server.port);
      socket.socket.pause();
      // 400 answers of 64 KiB each (25 MiB) asked for in 30 KiB of requests.
      await socket.write(GET('/big.bin', 'Range: bytes=0-65535\r\n').repeat(400));
      await new Promise((r) => setTimeout(r, 600));
      expect(
        server.connections[0]!.writableLength,
        hint(7, "stop reading requests while the socket's buffer is full"),
      ).toBeLessThan(4 * 1024 * 1024);
    });

    it('closes the connection instead of hanging when the file shrinks mid-stream', async () => {
      const server = await start();
      const path = join(web().root, 'shrinking.bin');
      writeFileSync(path, Buffer.alloc(16 * 1024 * 1024, 0x5a));
      const socket = await connect(server.port);
      socket.socket.pause();
      await socket.write(GET('/shrinking.bin'));
      await new Promise((r) => setTimeout(r, 300));
      truncateSync(path, 1000);
      socket.socket.resume();
      const received = await socket.readUntilClose(5_000);
      expect(
        received.length,
        hint(7, 'if the stream ends short of Content-Length, destroy the socket'),
      ).toBeLessThan(16 * 1024 * 1024);
    });

    it('releases the file descriptor when the client disconnects mid-file', async () => {
      const server = await start();
      const baseline = openFdCount();
      const socket = await connect(server.port);
      await socket.write(GET('/big.bin'));
      await socket.waitFor('some body bytes', (buf) => (buf.length > 100_000 ? true : undefined));
      socket.close();
      if (baseline !== undefined) {
        expect(
          await eventually(() => (openFdCount() ?? 0) <= baseline, 2_000),
          hint(7, 'destroy the file stream when the socket closes'),
        ).toBe(true);
      }
    });
  });

  describe('file descriptors', () => {
    it('closes every file it opens, whatever the answer (200, 206, 304, 412, 416, 301, index, listing)', async () => {
      const server = await start({ listing: true });
      const etag = (await get(server, '/hello.txt')).headers.etag!;
      const baseline = openFdCount();
      const cases: Array<[string, Record<string, string>, string]> = [
        ['/hello.txt', {}, 'GET'],
        ['/hello.txt', {}, 'HEAD'],
        ['/hello.txt', { Range: 'bytes=0-1' }, 'GET'],
        ['/hello.txt', { Range: 'bytes=0-1,4-5' }, 'GET'],
        ['/hello.txt', { 'If-None-Match': etag }, 'GET'],
        ['/hello.txt', { 'If-Match': '"x"' }, 'GET'],
        ['/hello.txt', { Range: 'bytes=99-' }, 'GET'],
        ['/hello.txt/', {}, 'GET'],
        ['/sub', {}, 'GET'],
        ['/sub/', {}, 'GET'],
        ['/listing/', {}, 'GET'],
        ['/plain-dir/', {}, 'GET'],
        ['/big.bin', { Range: 'bytes=0-99999' }, 'GET'],
      ];
      for (let round = 0; round < 20; round++) {
        for (const [target, headers, method] of cases) await get(server, target, headers, method);
      }
      if (baseline !== undefined) {
        expect(
          await eventually(() => (openFdCount() ?? 0) <= baseline, 2_000),
          hint(7, 'close every fd on every path: 200, 206, 304, 412, 416, 301, index, listing'),
        ).toBe(true);
      }
    });
  });

  describe('load', () => {
    it('serves 10,000 keep-alive requests over 100 connections with no error, fds back to baseline', async () => {
      const why = hint(7, 'no leak per request: fds, listeners and timers back to baseline');
      const server = await start();
      const baseline = openFdCount();
      const result = await loadTest(server.port, {
        requests: 10_000,
        connections: 100,
        request: { target: '/hello.txt' },
        check: (res) => res.status === 200 && res.body.toString() === HELLO,
        timeoutMs: 10_000,
      });
      expect(result.firstError, why).toBeUndefined();
      expect(result, why).toMatchObject({ requests: 10_000, errors: 0 });
      if (baseline !== undefined) {
        expect(await eventually(() => (openFdCount() ?? 0) <= baseline, 3_000), why).toBe(true);
      }
    }, 60_000);
  });
});
