import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { createUdpClient } from '../src/index.ts';
import { later, udpPeer, useSockets } from './helpers.ts';

useSockets();

describe('5. UDP', () => {
  describe('the timeout given', () => {
    it('waits timeoutMs for a reply, not a default: a reply after 600 ms with 5 s given', async () => {
      const { socket, port } = await udpPeer();
      let seen = 0;
      socket.on('message', (msg, rinfo) => {
        seen++;
        const timer = setTimeout(() => socket.send(msg, rinfo.port, rinfo.address), 600);
        later(() => clearTimeout(timer));
      });
      const c = createUdpClient({ port, timeoutMs: 5_000, retries: 0 });
      later(() => c.close());
      expect(
        (await c.request(Buffer.from('slow'))).toString(),
        hint(5, 'options.timeoutMs is the wait for each attempt'),
      ).toBe('slow');
      expect(seen, hint(5, 'one attempt: its timer had not run out')).toBe(1);
    });
  });
});
