import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { createUdpClient, UdpError } from '../src/index.ts';
import { later, udpPeer, uncaughtDuring, useSockets } from './helpers.ts';

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

  describe('a send the system refuses', () => {
    it('treats a host that cannot be resolved as a lost datagram: ERR_UDP_TIMEOUT, nothing thrown', async () => {
      // A name of 300 characters: getaddrinfo refuses it at once (a DNS name is at most 255),
      // and node:dgram reports that as an 'error' event of the socket.
      const c = createUdpClient({ port: 9, host: 'a'.repeat(300), timeoutMs: 50, retries: 1 });
      later(() => c.close());
      const uncaught = await uncaughtDuring(async () => {
        await expectRejectCode(
          c.request(Buffer.from('lost')),
          UdpError,
          'ERR_UDP_TIMEOUT',
          hint(5, 'no reply: give up after 1 + retries attempts'),
        );
      });
      expect(
        uncaught,
        hint(5, "a socket with no 'error' listener throws its errors at the whole process"),
      ).toEqual([]);
    });
  });
});
