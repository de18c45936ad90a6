/**
 * Round two of stage 7: no client may hold a connection forever, and bad bytes do not cost the
 * good requests sent before them their answers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { HELLO, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

/** 32 MiB: more than loopback's socket buffers hold, so a client that never reads blocks us. */
function hugeFile(): string {
  writeFileSync(join(web().root, 'huge-unread.bin'), Buffer.alloc(32 * 1024 * 1024, 0x5a));
  return '/huge-unread.bin';
}

const GET = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

/** Waits until `f()` is true or `ms` pass; returns the last value of `f()`. */
async function eventually(f: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!f() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return f();
}

describe('7. Connections', () => {
  describe('pipelined requests before bad bytes', () => {
    it('answers the good requests sent in the same write before a bad one, then 400 and close', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        `${GET('/hello.txt')}${GET('/data.json')}GET /hello.txt HTTP/1.1\r\nBad Header: y\r\n\r\n`,
      );
      const first = await socket.readResponse();
      expect(
        first.status,
        hint(
          7,
          'HttpParseError.events holds the requests parsed before the error: answer them first',
        ),
      ).toBe(200);
      expect(text(first)).toBe(HELLO);
      expect(text(await socket.readResponse())).toBe('{"ok":true}\n');
      const last = await socket.readResponse();
      expect(last.status).toBe(400);
      expect(last.headers.connection?.toLowerCase()).toBe('close');
      expect(await socket.closesWithin(2_000)).toBe(true);
    });

    it('answers a good request with a body before the bad bytes that follow it', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        `POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello${GET('/hello.txt')}\0bad\r\n\r\n`,
      );
      expect((await socket.readResponse()).status, hint(7, 'events before the error')).toBe(405);
      expect(text(await socket.readResponse())).toBe(HELLO);
      expect((await socket.readResponse()).status).toBe(400);
      expect(await socket.closesWithin(2_000)).toBe(true);
    });

    it('does not answer bad bytes that follow a "Connection: close" request', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(
        `${GET('/hello.txt', 'Connection: close\r\n')}GET / HTTP/1.1\r\nBad: \0\r\n\r\n`,
      );
      const first = await socket.readResponse();
      expect(text(first)).toBe(HELLO);
      const rest = await socket.readUntilClose(2_000);
      expect(rest.length, hint(7, 'nothing is read after a request that closes')).toBe(0);
    });
  });

  describe('bodies that never arrive', () => {
    it('answers 408 and closes when a Content-Length body does not come within bodyTimeoutMs', async () => {
      const server = await start({ bodyTimeoutMs: 200, headerTimeoutMs: 10_000 });
      const socket = await connect(server.port);
      await socket.write('POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n');
      const rest = await socket.readUntilClose(3_000).catch(() => undefined);
      expect(
        rest?.toString('latin1'),
        hint(7, 'a head that promises a body and sends none must not hold the connection'),
      ).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    });

    it('cuts a body trickled a byte at a time: the body timeout is a deadline, not an idle timer', async () => {
      const server = await start({ bodyTimeoutMs: 300, headerTimeoutMs: 10_000 });
      const socket = await connect(server.port);
      await socket.write('POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n');
      const timer = setInterval(() => void socket.write('x'), 50);
      try {
        expect(
          await socket.closesWithin(3_000),
          hint(7, 'count the body time from the head, not from the last byte (slow POST)'),
        ).toBe(true);
      } finally {
        clearInterval(timer);
      }
    });

    it('still answers a body that arrives in time, and keeps the connection', async () => {
      const server = await start({ bodyTimeoutMs: 1_000 });
      const socket = await connect(server.port);
      await socket.write('POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhe');
      await new Promise((r) => setTimeout(r, 200));
      await socket.write(`llo${GET('/hello.txt')}`);
      expect((await socket.readResponse()).status).toBe(405);
      expect(text(await socket.readResponse())).toBe(HELLO);
    });
  });

  describe('clients that never read', () => {
    it('destroys a connection whose client stops reading a big file for sendTimeoutMs', async () => {
      const server = await start({ sendTimeoutMs: 300, keepAliveTimeoutMs: 10_000 });
      const path = hugeFile();
      const socket = await connect(server.port);
      socket.socket.pause();
      await socket.write(GET(path));
      expect(await eventually(() => server.connections.length === 1, 2_000)).toBe(true);
      expect(
        await eventually(() => server.connections[0]!.destroyed, 4_000),
        hint(
          7,
          'a write that waits for "drain" forever holds the connection (and the file) forever',
        ),
      ).toBe(true);
    });

    it('releases a closed keep-alive connection the client neither reads nor closes', async () => {
      const server = await start({ keepAliveTimeoutMs: 100, sendTimeoutMs: 300 });
      const socket = await connect(server.port);
      socket.socket.pause();
      await socket.write(GET('/hello.txt'));
      expect(await eventually(() => server.connections.length === 1, 2_000)).toBe(true);
      expect(
        await eventually(() => server.connections[0]!.destroyed, 4_000),
        hint(
          7,
          'with allowHalfOpen, end() waits for the client to close its side: bound that wait',
        ),
      ).toBe(true);
    });

    it('keeps a slow reader that does read: the timeout is for a stall, not for the whole response', async () => {
      const server = await start({ sendTimeoutMs: 1_000 });
      const path = hugeFile();
      const socket = await connect(server.port);
      // Three pauses of 400 ms with reading in between: over a second in all, never a 1 s stall.
      await socket.write(GET(path));
      for (let i = 0; i < 3; i++) {
        socket.socket.pause();
        await new Promise((r) => setTimeout(r, 400));
        socket.socket.resume();
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await socket.readResponse({ timeoutMs: 15_000 });
      expect(res.status).toBe(200);
      expect(
        res.body.length,
        hint(
          7,
          'measure the time without progress (no "drain"), not the time since the response began',
        ),
      ).toBe(32 * 1024 * 1024);
    });
  });
});
