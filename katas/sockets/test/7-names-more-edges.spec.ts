import { createServer, type Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { connectHappy, type LookupFunction } from '../src/index.ts';
import { later, useSockets } from './helpers.ts';

useSockets();

/** A server on 127.0.0.1 port 0 that holds what it accepts; closed after the test. */
async function listener(): Promise<number> {
  const accepted: Socket[] = [];
  const server = createServer((s) => {
    accepted.push(s);
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  later(
    () =>
      new Promise<void>((resolve) => {
        for (const s of accepted) s.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

describe('7. Names', () => {
  describe('connectHappy hands the socket over clean', () => {
    it.each([
      ['one address', [['127.0.0.1', 4]]],
      [
        'a refused address first',
        [
          ['127.0.0.2', 4],
          ['127.0.0.1', 4],
        ],
      ],
    ] as Array<[string, Array<[string, number]>]>)(
      'leaves none of its error or connect listeners on the winner (%s)',
      async (_, answers) => {
        const port = await listener();
        const lookup: LookupFunction = async () =>
          answers.map(([address, family]) => ({ address, family }));
        const socket = await connectHappy('h.test', port, { lookup, attemptDelayMs: 5_000 });
        later(() => socket.destroy());
        expect(socket.remoteAddress, hint(7, 'connected to the listener')).toBe('127.0.0.1');
        expect(
          [socket.listenerCount('error'), socket.listenerCount('connect')],
          hint(
            7,
            "an error after the connection is the caller's: a leftover 'error' listener would swallow it",
          ),
        ).toEqual([0, 0]);
      },
    );
  });
});
