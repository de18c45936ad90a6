import { connect as netConnect } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { createLineServer } from '../src/index.ts';
import { eventually, later, serve, useSockets } from './helpers.ts';

useSockets();

const BLOB = 'b'.repeat(64 * 1024);

describe('2. A line server', () => {
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
