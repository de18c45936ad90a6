import { connect as netConnect, type Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { createLineServer, type LineConnection } from '../src/index.ts';
import { eventually, later, serve, useSockets } from './helpers.ts';

useSockets();

/** A raw client that never reads (paused from the start); destroyed after the test. */
function nonReader(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port, host: '127.0.0.1' });
    socket.pause();
    socket.on('error', () => {});
    later(() => {
      socket.destroy();
    });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('2. A line server', () => {
  describe('backpressure, all the way', () => {
    const REPLY = 'r'.repeat(64 * 1024);
    // 2000 x 64 KiB = 128 MiB of replies: more than loopback's kernel buffers hold, so the
    // server's own queue (writableLength) passes the high-water mark and it has to wait.
    const LINES = 2_000;

    it('waits for drain once the high-water mark is passed, then sends every reply', async () => {
      const conns: LineConnection[] = [];
      const server = await serve(() =>
        createLineServer((_line, conn) => void conn.send(REPLY), {
          onConnect: (conn) => conns.push(conn),
        }),
      );
      const client = await nonReader(server.port);
      client.write(Buffer.from('go\r\n'.repeat(LINES)));
      expect(
        await eventually(() => conns.some((c) => c.socket.writableLength > 64 * 1024), 10_000),
        'the server queue passes 64 KiB while the client does not read',
      ).toBe(true);
      let received = 0;
      client.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      client.resume();
      const total = LINES * (REPLY.length + 2);
      expect(
        await eventually(() => received >= total, 15_000),
        hint(2, "wait for 'drain' (or 'close'), then go on with the next line"),
      ).toBe(true);
      expect(received).toBe(total);
    }, 30_000);
  });
});
