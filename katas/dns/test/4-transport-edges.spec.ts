import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { uncaughtDuring } from '@hbu/kata-kit/uncaught';
import * as dnsPacket from 'dns-packet';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type QueryOptions, query } from '../src/index.ts';
import { openHandles, reply, useDnsServers, zone } from './dns-server.ts';
import { expectDnsReject } from './helpers.ts';

const start = useDnsServers(afterEach);
afterAll(() => {
  expect(openHandles(), 'a DNS server outlived its test').toBe(0);
});

/** What this file opens itself (a spoofer, a UDP-only server, a TCP listener), closed after each test. */
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function bindUdp(address: string, port: number): Promise<UdpSocket> {
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => resolve());
  });
  closers.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return socket;
}

/** A UDP server on 127.0.0.1 that answers every query with TC set and nothing else. */
async function truncatingUdp(): Promise<UdpSocket> {
  const udp = await bindUdp('127.0.0.1', 0);
  udp.on('message', (bytes, from) => {
    udp.send(reply(dnsPacket.decode(bytes), { tc: true }), from.port, from.address);
  });
  return udp;
}

/**
 * The port of a truncating UDP server whose TCP side, on the same port, either refuses
 * connections (nothing listens there: a listener was opened to make sure, then closed) or
 * accepts each one and closes it at once, without a word.
 */
async function truncatingServer(tcp: 'refuses' | 'hangs up'): Promise<number> {
  for (let tries = 0; ; tries++) {
    const port = (await truncatingUdp()).address().port;
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
      socket.end();
    });
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!listening) {
      // Someone else has this port over TCP: take another.
      if (tries > 20) throw new Error('no port free for both UDP and TCP');
      continue;
    }
    const close = () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    if (tcp === 'refuses') await close();
    else closers.push(close);
    return port;
  }
}

/** Whether this machine can bind UDP on `address` (::1 needs IPv6; 127.0.0.2 is not on macOS's lo0). */
async function canBindUdp(address: string): Promise<boolean> {
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, address, () => resolve());
    });
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}
const hasUdp6 = await canBindUdp('::1');
const hasSecondLoopback = await canBindUdp('127.0.0.2');
if (!hasUdp6)
  console.warn('4. IPv6 loopback (::1) is not available here: the ::1 spec is skipped.');
if (!hasSecondLoopback) {
  console.warn('4. 127.0.0.2 is not a local address here: the spoofed-address spec is skipped.');
}

const opts = (port: number, more: Partial<QueryOptions> = {}): QueryOptions => ({
  server: { address: '127.0.0.1', port },
  timeout: 300,
  retries: 1,
  ...more,
});
// A wait far longer than any test may take: an attempt that ends must end for a reason.
const FOREVER = 600_000;

describe('4. Ask a server', () => {
  describe('transport edges: UDP', () => {
    it.skipIf(!hasSecondLoopback)(
      'ignores a reply from the right port on another address (127.0.0.2)',
      async () => {
        let spoofer: UdpSocket | undefined;
        const server = await start((q, seen, n) => {
          spoofer?.send(
            reply(q, { answers: [{ name: 'www.test', type: 'A', data: '6.6.6.6' }] }),
            seen.port,
            '127.0.0.1',
          );
          return zone([{ name: 'www.test', type: 'A', ttl: 300, data: '192.0.2.10' }])(
            q,
            seen,
            n,
          ).map((o) => ({ ...o, delayMs: 50 }));
        });
        // Same port as the server, another loopback address: only the address gives it away.
        spoofer = await bindUdp('127.0.0.2', server.port);
        const m = await query('www.test', 'A', opts(server.port));
        expect(
          m.answers[0]?.type === 'A' && m.answers[0].data,
          hint(4, 'a reply must come from the address and the port you sent to, both'),
        ).toBe('192.0.2.10');
      },
    );

    it.skipIf(!hasUdp6)('asks a server on the IPv6 loopback ::1 from a udp6 socket', async () => {
      const udp = await bindUdp('::1', 0);
      udp.on('message', (bytes, from) => {
        const answers: dnsPacket.Answer[] = [{ name: 'www.test', type: 'A', data: '192.0.2.6' }];
        udp.send(reply(dnsPacket.decode(bytes), { answers }), from.port, from.address);
      });
      const m = await query('www.test', 'A', {
        server: { address: '::1', port: udp.address().port },
        timeout: 300,
        retries: 1,
      });
      expect(
        m.answers[0]?.type === 'A' && m.answers[0].data,
        hint(4, 'an IPv6 server needs a udp6 socket'),
      ).toBe('192.0.2.6');
    });

    it('ends an attempt whose datagram cannot be sent (to 255.255.255.255) without waiting its timeout', async () => {
      await expectDnsReject(
        query('www.test', 'A', {
          server: { address: '255.255.255.255', port: 53 },
          timeout: FOREVER,
          retries: 1,
        }),
        'ERR_DNS_TIMEOUT',
        hint(4, 'a send that fails is a failed attempt: pass send() a callback and end it there'),
      );
    });
  });

  describe('transport edges: TCP after a truncated reply', () => {
    it('treats a refused TCP connection as a failed attempt, with no uncaught error', async () => {
      const port = await truncatingServer('refuses');
      const errors = await uncaughtDuring(async () => {
        await expectDnsReject(
          query('big.test', 'TXT', opts(port, { timeout: FOREVER, retries: 0 })),
          'ERR_DNS_TIMEOUT',
          hint(4, 'listen for the TCP socket\'s "error": ECONNREFUSED ends the attempt'),
        );
      });
      expect(errors, hint(4, 'an "error" event without a listener is thrown')).toEqual([]);
    });

    it('ends the attempt when the server closes the TCP connection without a reply', async () => {
      const port = await truncatingServer('hangs up');
      await expectDnsReject(
        query('big.test', 'TXT', opts(port, { timeout: FOREVER, retries: 0 })),
        'ERR_DNS_TIMEOUT',
        hint(
          4,
          'a TCP connection closed before the answer is a failed attempt: listen for "close"',
        ),
      );
    });

    it('skips a TCP message it cannot decode and takes the answer after it', async () => {
      const BIG = zone(
        [{ name: 'big.test', type: 'TXT', ttl: 60, data: ['0'.repeat(200), '1'.repeat(200)] }],
        { truncateUdp: true },
      );
      const server = await start((q, seen, n) => {
        if (seen.transport === 'udp') return BIG(q, seen, n);
        return [
          { bytes: Buffer.from([0xde, 0xad, 0xbe, 0xef]) },
          ...BIG(q, seen, n).map((o) => ({ ...o, delayMs: 50 })),
        ];
      });
      let answer: unknown;
      const errors = await uncaughtDuring(async () => {
        const m = await query('big.test', 'TXT', opts(server.port));
        answer = m.answers[0]?.type === 'TXT' && m.answers[0].data.length;
      });
      expect(
        [answer, errors],
        hint(4, 'a TCP message that does not decode is skipped, like a bad datagram'),
      ).toEqual([2, []]);
    });
  });
});
