import { connect as netConnect } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { createLineServer } from '../src/index.ts';
import { eventually, later, serve, useSockets } from './helpers.ts';

useSockets();

const BLOB = 'b'.repeat(64 * 1024);

describe('2. A line server', () => {
  describe('the default high-water mark (64 KiB)', () => {
    it('keeps handling lines while less than 64 KiB waits to be sent, and stops above', async () => {
      const queued: number[] = [];
      const server = await serve(() =>
        createLineServer((_line, conn) => {
          queued.push(conn.socket.writableLength);
          conn.send('q'.repeat(4096));
        }),
      );
      const client = netConnect({ port: server.port, host: '127.0.0.1' });
      client.pause();
      client.on('error', () => {});
      later(() => {
        client.destroy();
      });
      // 20000 replies of 4 KiB: 80 MiB, far more than the kernel buffers of a client that never
      // reads; once they are full, what the server writes waits in its own queue.
      client.write('go\r\n'.repeat(20_000));
      expect(
        await eventually(() => queued.some((n) => n > 16 * 1024), 20_000),
        hint(2, 'a queue under highWaterMark (64 KiB by default) is no reason to stop handling'),
      ).toBe(true);
      expect(
        Math.max(...queued),
        hint(2, 'a line is handled only while writableLength is at most highWaterMark'),
      ).toBeLessThanOrEqual(64 * 1024);
    });
  });

  describe('waiting for drain, again and again', () => {
    it('leaves no drain or close listener behind on the connection', async () => {
      const counts: Array<{ drain: number; close: number }> = [];
      const server = await serve(() =>
        createLineServer(
          (line, conn) => {
            if (line === 'flood') {
              // Write until the socket says "full": its queue is then past any small high-water
              // mark, and the server must wait for drain before the next line.
              for (let i = 0; i < 100_000 && conn.send(BLOB); i++);
              return;
            }
            counts.push({
              drain: conn.socket.listenerCount('drain'),
              close: conn.socket.listenerCount('close'),
            });
          },
          { highWaterMark: 1024 },
        ),
      );
      const reader = netConnect({ port: server.port, host: '127.0.0.1' });
      reader.on('error', () => {});
      reader.resume();
      later(() => {
        reader.destroy();
      });
      const rounds = 12;
      reader.write(`count\r\n${'flood\r\ncount\r\n'.repeat(rounds)}`);
      expect(
        await eventually(() => counts.length === rounds + 1, 20_000),
        hint(2, 'every line is handled once the reader has read the floods'),
      ).toBe(true);
      for (const after of counts.slice(1))
        expect(
          after,
          hint(
            2,
            'each wait for drain removes what it added: 12 waits must not pile up 12 listeners (MaxListenersExceededWarning)',
          ),
        ).toEqual(counts[0]);
    });
  });
});
