import { createSocket } from 'node:dgram';
import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  createUdpClient,
  createUdpEchoServer,
  type UdpClient,
  type UdpClientOptions,
  UdpError,
} from '../src/index.ts';
import { bindUdp, later, udpPeer, uncaughtDuring, useSockets } from './helpers.ts';

useSockets();

function client(options: UdpClientOptions): UdpClient {
  const c = createUdpClient(options);
  later(() => c.close());
  return c;
}

/** Whether this machine can bind UDP on the IPv6 loopback ::1. */
async function udp6LoopbackAvailable(): Promise<boolean> {
  const socket = createSocket('udp6');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '::1', () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}

const hasUdp6 = await udp6LoopbackAvailable();
if (!hasUdp6) {
  console.warn('5. UDP: IPv6 loopback (::1) is not available here: the udp6 spec is skipped.');
}

describe('5. UDP', () => {
  describe('the client, at the edges', () => {
    it('ignores a datagram too short to hold a request id', async () => {
      const { socket, port } = await udpPeer();
      socket.on('message', (msg, rinfo) => {
        socket.send(Buffer.from([1, 2]), rinfo.port, rinfo.address);
        socket.send(msg, rinfo.port, rinfo.address);
      });
      const c = client({ port, timeoutMs: 1_000 });
      const uncaught = await uncaughtDuring(async () => {
        expect((await c.request(Buffer.from('ping'))).toString()).toBe('ping');
      });
      expect(uncaught, hint(5, 'a reply shorter than 4 bytes has no id: ignore it')).toEqual([]);
    });

    it('rejects a request made after close() with ERR_UDP_CLOSED', async () => {
      const port = await bindUdp(createUdpEchoServer());
      const c = createUdpClient({ port });
      c.close();
      await expectRejectCode(
        () => c.request(Buffer.from('late')),
        UdpError,
        'ERR_UDP_CLOSED',
        hint(5, 'remember that the client is closed'),
      );
    });

    it('may be closed twice', async () => {
      const port = await bindUdp(createUdpEchoServer());
      const c = createUdpClient({ port });
      c.close();
      expect(() => c.close(), hint(5, 'a second close() does nothing')).not.toThrow();
    });

    it('rejects with a UdpError by that name', async () => {
      const port = await bindUdp(createUdpEchoServer());
      const c = client({ port });
      const error = await expectRejectCode(
        c.request(Buffer.alloc(65_504)),
        UdpError,
        'ERR_UDP_TOO_LARGE',
      );
      expect(error.name, hint(5, 'the error classes are given in src/index.ts')).toBe('UdpError');
    });

    it.skipIf(!hasUdp6)('talks to an IPv6 host over udp6', async () => {
      const server = createSocket('udp6');
      server.on('message', (msg, rinfo) => server.send(msg, rinfo.port, rinfo.address));
      later(() => server.close());
      const port = await new Promise<number>((resolve) =>
        server.bind(0, '::1', () => resolve(server.address().port)),
      );
      const c = client({ port, host: '::1', timeoutMs: 1_000 });
      expect(
        (await c.request(Buffer.from('v6'))).toString(),
        hint(5, "createSocket('udp6') for a host with ':'"),
      ).toBe('v6');
    });
  });
});
