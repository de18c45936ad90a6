/**
 * Edges of stage 7: answers stay whole and in order while a big answer is still being written,
 * a connection that stopped reading for a full pipeline reads again, and every way a request can
 * be cut (half-close, bad chunk, header timeout) is answered without losing the requests before it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { connect } from '@hbu/kata-kit/socket-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { HELLO, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

const GET = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

/** 32 MiB: more than loopback's socket buffers hold, so a client that does not read blocks us. */
const HUGE = 32 * 1024 * 1024;

beforeAll(() => {
  writeFileSync(join(web().root, 'huge-edges.bin'), Buffer.alloc(HUGE, 0x61));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `f()` is true or `ms` pass; returns the last value of `f()`. */
async function eventually(f: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!f() && Date.now() < deadline) await sleep(20);
  return f();
}

describe('7. Connections', () => {
  describe('pipelining edges', () => {
    it('answers a request that arrives while a big answer is still being written after it, whole', async () => {
      const why = hint(7, 'answer one request at a time, in order, on each connection');
      const server = await start();
      const socket = await connect(server.port);
      socket.socket.pause();
      await socket.write(GET('/huge-edges.bin'));
      // A separate write, while the big answer waits for the client to read.
      await sleep(200);
      await socket.write(GET('/hello.txt'));
      await sleep(100);
      socket.socket.resume();
      const big = await socket.readResponse({ timeoutMs: 15_000 });
      expect(big.status, why).toBe(200);
      expect(big.body.length, why).toBe(HUGE);
      expect(
        big.body.every((b) => b === 0x61),
        why,
      ).toBe(true);
      expect(text(await socket.readResponse()), why).toBe(HELLO);
    });

    it('reads on after a full pipeline of 32 requests was answered', async () => {
      const why = hint(7, 'answer one request at a time, in order, on each connection');
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(Array.from({ length: 32 }, () => GET('/hello.txt')).join(''));
      for (let i = 0; i < 32; i++) expect((await socket.readResponse()).status, why).toBe(200);
      await socket.write(GET('/data.json'));
      expect(text(await socket.readResponse()), why).toBe('{"ok":true}\n');
    });
  });

  describe('clients that do not read', () => {
    it('stops reading requests while many wait, so a client that never reads cannot queue without bound', async () => {
      const server = await start();
      const socket = await connect(server.port);
      socket.socket.pause();
      // 48 MiB of requests, more than the loopback buffers between us can hold (tcp_rmem allows
      // 32 MiB): a server that reads them all (and queues them) lets every byte through; one
      // that stops reading does not.
      const one = GET('/big.bin', `X-Pad: ${'p'.repeat(2_000)}\r\n`);
      socket.socket.write(one.repeat(Math.ceil((48 * 1024 * 1024) / one.length)), 'latin1');
      const flushed = await eventually(() => socket.socket.writableLength === 0, 3_000);
      expect(flushed, hint(7, "stop reading requests while the socket's buffer is full")).toBe(
        false,
      );
    });

    it('survives a client that resets the connection in the middle of an answer', async () => {
      const server = await start();
      const socket = await connect(server.port);
      socket.socket.pause();
      await socket.write(GET('/huge-edges.bin'));
      await sleep(200);
      socket.socket.resetAndDestroy();
      await sleep(200);
      const next = await connect(server.port);
      await next.write(GET('/hello.txt'));
      expect(text(await next.readResponse())).toBe(HELLO);
    });
  });

  describe('requests cut short', () => {
    it('answers 400 and closes when the client half-closes in the middle of a body', async () => {
      const server = await start({ bodyTimeoutMs: 10_000 });
      const socket = await connect(server.port);
      await socket.write(
        `${GET('/hello.txt')}POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhello`,
      );
      socket.socket.end();
      expect(text(await socket.readResponse())).toBe(HELLO);
      const cut = await socket.readResponse();
      expect(cut.status, hint(7, 'allowHalfOpen: answer what was read, then end')).toBe(400);
      expect(await socket.closesWithin(2_000)).toBe(true);
    });

    it('sends nothing after the answers to what came before a half-close', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write(GET('/hello.txt'));
      socket.socket.end();
      expect(text(await socket.readResponse())).toBe(HELLO);
      const rest = await socket.readUntilClose(2_000);
      expect(rest.length, hint(7, 'allowHalfOpen: answer what was read, then end')).toBe(0);
    });

    it('answers 400 when bad bytes cut a chunked body, after the requests before it', async () => {
      const server = await start({ bodyTimeoutMs: 10_000 });
      const socket = await connect(server.port);
      await socket.write(
        `${GET('/hello.txt')}POST /hello.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n`,
      );
      expect(text(await socket.readResponse())).toBe(HELLO);
      const bad = await socket.readResponse();
      expect(
        bad.status,
        hint(
          7,
          'HttpParseError.events holds the requests parsed before the error: answer them first',
        ),
      ).toBe(400);
      expect(await socket.closesWithin(2_000)).toBe(true);
    });

    it('a header timeout keeps the complete requests queued behind a slow answer', async () => {
      const server = await start({ headerTimeoutMs: 200 });
      const socket = await connect(server.port);
      socket.socket.pause();
      await socket.write(GET('/huge-edges.bin') + GET('/hello.txt'));
      await sleep(100);
      // A head that never completes: its 408 comes after the answers already owed.
      await socket.write('GET /hello.txt HTTP/1.1\r\nHost: x\r\n');
      await sleep(500);
      socket.socket.resume();
      const big = await socket.readResponse({ timeoutMs: 15_000 });
      expect(big.body.length).toBe(HUGE);
      expect(
        text(await socket.readResponse()),
        hint(7, 'start a timer when a head begins; at headerTimeoutMs answer 408 and close'),
      ).toBe(HELLO);
      expect((await socket.readResponse()).status).toBe(408);
    });
  });
});
