import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  createUdpClient,
  createUdpEchoServer,
  type UdpClient,
  type UdpClientOptions,
  UdpError,
} from '../src/index.ts';
import { bindUdp, later, lossyRelay, udpPeer, useSockets } from './helpers.ts';

useSockets();

/** An echo server bound on 127.0.0.1; its port. */
async function echoServer(): Promise<number> {
  return bindUdp(createUdpEchoServer());
}

function client(options: UdpClientOptions): UdpClient {
  const c = createUdpClient(options);
  later(() => c.close());
  return c;
}

/** Sends one raw datagram to the port and resolves with the first datagram back. */
async function roundTrip(port: number, payload: Buffer): Promise<Buffer> {
  const { socket } = await udpPeer();
  return new Promise((resolve) => {
    socket.once('message', (msg) => resolve(msg));
    socket.send(payload, port, '127.0.0.1');
  });
}

const id = (n: number, payload: string): Buffer => {
  const b = Buffer.alloc(4 + Buffer.byteLength(payload));
  b.writeUInt32BE(n, 0);
  b.write(payload, 4);
  return b;
};

describe('5. UDP', () => {
  describe('the echo server', () => {
    it('sends a datagram back to its sender, byte for byte', async () => {
      const port = await echoServer();
      const payload = Buffer.from([1, 2, 3, 0, 255]);
      expect(
        await roundTrip(port, payload),
        hint(5, 'socket.send(msg, rinfo.port, rinfo.address)'),
      ).toEqual(payload);
    });

    it('keeps datagram boundaries: three sends, three datagrams of the same sizes', async () => {
      const port = await echoServer();
      const { socket } = await udpPeer();
      const sizes: number[] = [];
      const done = new Promise<void>((resolve) => {
        socket.on('message', (msg) => {
          sizes.push(msg.length);
          if (sizes.length === 3) resolve();
        });
      });
      for (const n of [1, 1000, 10]) socket.send(Buffer.alloc(n, 0x41), port, '127.0.0.1');
      await done;
      expect(
        sizes.sort((a, b) => a - b),
        hint(5, 'one message event per datagram'),
      ).toEqual([1, 10, 1000]);
    });

    it('echoes an empty datagram', async () => {
      const port = await echoServer();
      expect((await roundTrip(port, Buffer.alloc(0))).length).toBe(0);
    });

    it('echoes a 60 000-byte datagram whole', async () => {
      const port = await echoServer();
      const big = Buffer.alloc(60_000, 7);
      expect((await roundTrip(port, big)).length).toBe(60_000);
    });
  });

  describe('the client', () => {
    it('resolves a request with the echoed payload', async () => {
      const port = await echoServer();
      const c = client({ port });
      expect(
        (await c.request(Buffer.from('ping'))).toString(),
        hint(5, 'strip the 4-byte id from the reply'),
      ).toBe('ping');
    });

    it('puts a 4-byte big-endian request id before the payload', async () => {
      const { socket, port } = await udpPeer();
      const seen = new Promise<Buffer>((resolve) => socket.once('message', (m) => resolve(m)));
      const c = client({ port, timeoutMs: 50, retries: 0 });
      void c.request(Buffer.from('abc')).catch(() => {});
      const datagram = await seen;
      expect(datagram.length, hint(5, 'id (UInt32BE) + payload')).toBe(7);
      expect(datagram.subarray(4).toString()).toBe('abc');
    });

    it('matches concurrent requests by id, not by order of arrival', async () => {
      const port = await echoServer();
      const c = client({ port });
      const replies = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((p) => c.request(Buffer.from(p))),
      );
      expect(replies.map(String)).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('ignores a reply whose id it did not send', async () => {
      const { socket, port } = await udpPeer();
      socket.on('message', (msg, rinfo) => {
        socket.send(id(msg.readUInt32BE(0) + 1000, 'stray'), rinfo.port, '127.0.0.1');
        socket.send(id(msg.readUInt32BE(0), 'mine'), rinfo.port, '127.0.0.1');
      });
      const c = client({ port });
      expect(
        (await c.request(Buffer.from('x'))).toString(),
        hint(5, 'look the id up; drop what does not match'),
      ).toBe('mine');
    });

    it('survives replies arriving in another order than the requests', async () => {
      const echo = await echoServer();
      const relay = await lossyRelay(echo, (n) => (n < 3 ? 'hold' : 'pass'));
      const c = client({ port: relay.port, timeoutMs: 300 });
      const replies = await Promise.all(['1', '2', '3', '4'].map((p) => c.request(Buffer.from(p))));
      expect(replies.map(String), hint(5, 'each request waits for its own id')).toEqual([
        '1',
        '2',
        '3',
        '4',
      ]);
    });

    it('sends a lost request again after timeoutMs', async () => {
      const echo = await echoServer();
      const relay = await lossyRelay(echo, (n) => (n === 0 ? 'drop' : 'pass'));
      const c = client({ port: relay.port, timeoutMs: 300, retries: 2 });
      expect(
        (await c.request(Buffer.from('again'))).toString(),
        hint(5, 'a timer per attempt; send the same datagram again'),
      ).toBe('again');
      expect(relay.seen()).toBe(2);
    });

    it('ignores the second copy of a duplicated reply', async () => {
      const echo = await echoServer();
      const relay = await lossyRelay(echo, () => 'twice');
      const c = client({ port: relay.port });
      const a = await c.request(Buffer.from('one'));
      const b = await c.request(Buffer.from('two'));
      expect([a.toString(), b.toString()], hint(5, 'a duplicate answers nothing new')).toEqual([
        'one',
        'two',
      ]);
    });

    it('gives up with ERR_UDP_TIMEOUT after 1 + retries attempts', async () => {
      const echo = await echoServer();
      const relay = await lossyRelay(echo, () => 'drop');
      const c = client({ port: relay.port, timeoutMs: 40, retries: 2 });
      await expectRejectCode(
        c.request(Buffer.from('lost')),
        UdpError,
        'ERR_UDP_TIMEOUT',
        hint(5, 'count the attempts'),
      );
      expect(relay.seen()).toBe(3);
    });

    it('refuses a payload too big for one datagram with ERR_UDP_TOO_LARGE', async () => {
      const port = await echoServer();
      const c = client({ port });
      await expectRejectCode(
        () => c.request(Buffer.alloc(65_504)),
        UdpError,
        'ERR_UDP_TOO_LARGE',
        hint(5, '65 507 bytes, the id included'),
      );
    });

    it('accepts the largest payload that fits (65 503 bytes)', async () => {
      const port = await echoServer();
      const c = client({ port });
      expect((await c.request(Buffer.alloc(65_503, 1))).length).toBe(65_503);
    });

    it('rejects pending requests with ERR_UDP_CLOSED on close', async () => {
      const { port } = await udpPeer();
      const c = createUdpClient({ port, timeoutMs: 1_000 });
      const pending = c.request(Buffer.from('never'));
      c.close();
      await expectRejectCode(
        pending,
        UdpError,
        'ERR_UDP_CLOSED',
        hint(5, 'close settles what waits'),
      );
    });
  });
});
