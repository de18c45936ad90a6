import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { connectHappy, type LookupFunction } from '../src/index.ts';
import { later, plainListener, useSockets } from './helpers.ts';

useSockets();

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
        const { port } = await plainListener('127.0.0.1');
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
