import { createSocket } from 'node:dgram';
import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type QueryOptions, query } from '../src/index.ts';
import { openHandles, reply, useDnsServers, zone } from './dns-server.ts';
import { expectDnsReject } from './helpers.ts';

const start = useDnsServers(afterEach);
afterAll(() => {
  expect(openHandles(), 'a DNS server outlived its test').toBe(0);
});

const ZONE = zone([
  { name: 'www.test', type: 'A', ttl: 300, data: '192.0.2.10' },
  { name: 'www.test', type: 'AAAA', ttl: 300, data: '2001:db8::10' },
]);
const opts = (port: number, more: Partial<QueryOptions> = {}): QueryOptions => ({
  server: { address: '127.0.0.1', port },
  timeout: 300,
  retries: 1,
  ...more,
});
const VALIDATE = hint(4, 'take a reply only if its id, QR bit and question match what you asked');

describe('4. Ask a server', () => {
  it('sends one question with RD set and resolves the reply', async () => {
    const server = await start(ZONE);
    const m = await query('www.test', 'A', opts(server.port));
    expect(m.answers, hint(4, 'encode a query, send it over UDP, decode the reply')).toEqual([
      { name: 'www.test', type: 'A', class: 'IN', ttl: 300, data: '192.0.2.10' },
    ]);
    expect(m.flags.qr).toBe(true);
    expect(server.queries.map((s) => [s.name, s.type, s.transport, s.rd])).toEqual([
      ['www.test', 'A', 'udp', true],
    ]);
  });

  it('asks for the type it is given', async () => {
    const server = await start(ZONE);
    const m = await query('www.test', 'AAAA', opts(server.port));
    expect(m.answers[0]?.type === 'AAAA' && m.answers[0].data).toBe('2001:db8::10');
    expect(server.queries[0]?.type, hint(4, 'QTYPE 28 for AAAA')).toBe('AAAA');
  });

  it('clears RD when recursionDesired is false', async () => {
    const server = await start(ZONE);
    await query('www.test', 'A', opts(server.port, { recursionDesired: false }));
    expect(server.queries[0]?.rd, hint(4, 'RD is bit 8 of the flags')).toBe(false);
  });

  it('adds an OPT record when udpPayloadSize is set (RFC 6891)', async () => {
    const server = await start(ZONE);
    await query('www.test', 'A', opts(server.port, { udpPayloadSize: 1232 }));
    expect(
      server.queries[0]?.udpPayloadSize,
      hint(4, 'OPT in the additional section, CLASS = size'),
    ).toBe(1232);
  });

  it('resolves an NXDOMAIN reply as a message, not an error', async () => {
    const server = await start(ZONE);
    const m = await query('nope.test', 'A', opts(server.port));
    expect(m.flags.rcode, hint(4, 'query returns whatever RCODE the answer has')).toBe(3);
  });

  it('uses a new random id for every query', async () => {
    const server = await start(ZONE);
    for (let i = 0; i < 12; i++) await query('www.test', 'A', opts(server.port));
    const ids = server.queries.map((s) => s.id);
    expect(
      new Set(ids).size,
      hint(4, 'crypto.randomInt(0, 65536) for each query'),
    ).toBeGreaterThanOrEqual(10);
    const steps = ids.slice(1).filter((id, i) => id === ((ids[i] as number) + 1) % 65536).length;
    expect(steps, hint(4, 'a counter is guessable; draw the id at random')).toBeLessThan(3);
  });

  it('sends each query from its own source port', async () => {
    const server = await start(ZONE);
    for (let i = 0; i < 6; i++) await query('www.test', 'A', opts(server.port));
    expect(
      new Set(server.queries.map((s) => s.port)).size,
      hint(
        4,
        'bind a new socket to port 0 for each query: the port is the other half of the secret',
      ),
    ).toBeGreaterThanOrEqual(5);
  });

  it('retries a dropped query and resolves the answer to the retry', async () => {
    const server = await start((q, seen, n) => (n < 3 ? [] : ZONE(q, seen, n)));
    const m = await query('www.test', 'A', opts(server.port, { timeout: 100, retries: 2 }));
    expect(m.answers, hint(4, 'after a timeout, send again')).toHaveLength(1);
    expect(server.queries, hint(4, '1 + retries attempts')).toHaveLength(3);
  });

  it('gives up with ERR_DNS_TIMEOUT after 1 + retries attempts', async () => {
    const server = await start(() => []);
    await expectDnsReject(
      query('www.test', 'A', opts(server.port, { timeout: 50, retries: 2 })),
      'ERR_DNS_TIMEOUT',
      hint(4, 'reject once every attempt has timed out'),
    );
    expect(server.queries, hint(4, 'retries: 2 means three queries in all')).toHaveLength(3);
  });

  it('makes exactly 1 + retries attempts with retries: 1', async () => {
    const server = await start(() => []);
    await expectDnsReject(
      query('www.test', 'A', opts(server.port, { timeout: 50, retries: 1 })),
      'ERR_DNS_TIMEOUT',
      hint(4, 'reject once every attempt has timed out'),
    );
    expect(server.queries, hint(4, 'retries: 1 means two queries in all')).toHaveLength(2);
  });

  it('makes three attempts when retries is not given (default 2)', async () => {
    const server = await start(() => []);
    await expectDnsReject(
      query('www.test', 'A', { server: { address: '127.0.0.1', port: server.port }, timeout: 50 }),
      'ERR_DNS_TIMEOUT',
      hint(4, 'retries defaults to 2'),
    );
    expect(server.queries, hint(4, 'three queries in all')).toHaveLength(3);
  });

  it('stops listening after timeout: an answer four timeouts late is not taken', async () => {
    const server = await start((q, seen, n) =>
      ZONE(q, seen, n).map((o) => ({ ...o, delayMs: 400 })),
    );
    await expectDnsReject(
      query('www.test', 'A', opts(server.port, { timeout: 100, retries: 0 })),
      'ERR_DNS_TIMEOUT',
      hint(4, 'wait `timeout` ms for the first attempt, not a fixed time'),
    );
  });

  it('doubles the wait on each retry (an answer 1.5 timeouts late still arrives in the second wait)', async () => {
    // The server answers every query after 450 ms. Attempt 1 waits 300, attempt 2 waits 600.
    const server = await start((q, seen, n) =>
      ZONE(q, seen, n).map((o) => ({ ...o, delayMs: 450 })),
    );
    const m = await query('www.test', 'A', opts(server.port, { timeout: 300, retries: 1 }));
    expect(
      m.answers,
      hint(4, 'wait timeout × 2^attempt: a fixed wait never hears a slow server'),
    ).toHaveLength(1);
  });

  it('ignores a reply with another id and waits for the right one', async () => {
    const server = await start((q, seen, n) => [
      {
        bytes: reply(
          { ...q, id: ((q.id ?? 0) + 1) % 65536 },
          { answers: [{ name: 'www.test', type: 'A', data: '6.6.6.6' }] },
        ),
      },
      ...ZONE(q, seen, n).map((o) => ({ ...o, delayMs: 50 })),
    ]);
    const m = await query('www.test', 'A', opts(server.port));
    expect(m.answers[0]?.type === 'A' && m.answers[0].data, VALIDATE).toBe('192.0.2.10');
  });

  it.each([
    ['another name', { name: 'evil.test', type: 'A' as const }],
    ['another type', { name: 'www.test', type: 'MX' as const }],
    ['another class', { name: 'www.test', type: 'A' as const, class: 'CH' as const }],
    ['ours and a second one after it', 'second' as const],
  ])('ignores a reply whose question has %s', async (_what, question) => {
    const server = await start((q, seen, n) => [
      {
        bytes: reply(
          {
            ...q,
            questions:
              question === 'second'
                ? [...(q.questions ?? []), { name: 'evil.test', type: 'A' }]
                : [question],
          },
          { answers: [{ name: 'www.test', type: 'A', data: '6.6.6.6' }] },
        ),
      },
      ...ZONE(q, seen, n).map((o) => ({ ...o, delayMs: 50 })),
    ]);
    const m = await query('www.test', 'A', opts(server.port));
    expect(m.answers[0]?.type === 'A' && m.answers[0].data, VALIDATE).toBe('192.0.2.10');
  });

  it('ignores a message with QR clear (a query is not an answer)', async () => {
    const server = await start((q, seen, n) => [
      { bytes: Buffer.from(q.id !== undefined ? reply(q, { type: 'query' }) : []) },
      ...ZONE(q, seen, n).map((o) => ({ ...o, delayMs: 50 })),
    ]);
    const m = await query('www.test', 'A', opts(server.port));
    expect(m.answers, VALIDATE).toHaveLength(1);
  });

  it('ignores a datagram it cannot decode and keeps waiting', async () => {
    const server = await start((q, seen, n) => [
      { bytes: Buffer.from([0xde, 0xad, 0xbe, 0xef]) },
      ...ZONE(q, seen, n).map((o) => ({ ...o, delayMs: 50 })),
    ]);
    const m = await query('www.test', 'A', opts(server.port));
    expect(
      m.answers,
      hint(4, 'a decode error on one datagram is not the end of the query'),
    ).toHaveLength(1);
  });

  it('times out when only wrong replies come', async () => {
    const server = await start((q) => [
      { bytes: reply({ ...q, id: ((q.id ?? 0) + 7) % 65536 }, { answers: [] }) },
    ]);
    await expectDnsReject(
      query('www.test', 'A', opts(server.port, { timeout: 50, retries: 0 })),
      'ERR_DNS_TIMEOUT',
      VALIDATE,
    );
  });

  it('matches the question name without regard to case', async () => {
    const server = await start((q, seen, n) =>
      ZONE(
        { ...q, questions: q.questions?.map((x) => ({ ...x, name: x.name.toLowerCase() })) },
        seen,
        n,
      ),
    );
    const m = await query('WWW.Test', 'A', opts(server.port));
    expect(m.answers, hint(4, 'names compare case-insensitively (RFC 4343)')).toHaveLength(1);
  });

  describe('when the reply is truncated', () => {
    const BIG = zone(
      [
        {
          name: 'big.test',
          type: 'TXT',
          ttl: 60,
          data: Array.from({ length: 8 }, (_, i) => `${i}${'t'.repeat(200)}`),
        },
      ],
      { truncateUdp: true },
    );

    it('asks again over TCP and resolves the full answer (RFC 7766 §5)', async () => {
      const server = await start(BIG);
      const m = await query('big.test', 'TXT', opts(server.port));
      expect(
        m.answers[0]?.type === 'TXT' && m.answers[0].data.length,
        hint(4, 'TC set: same question over TCP'),
      ).toBe(8);
      expect(server.queries.map((s) => s.transport)).toEqual(['udp', 'tcp']);
    });

    it('frames the TCP query with a two-octet length (RFC 1035 §4.2.2)', async () => {
      const server = await start(BIG);
      await query('big.test', 'TXT', opts(server.port));
      expect(
        server.queries[1]?.name,
        hint(4, 'prefix the message with its length, big-endian'),
      ).toBe('big.test');
    });

    it('ignores a TCP message that does not answer (another id) and takes the next', async () => {
      const server = await start((q, seen, n) => {
        if (seen.transport === 'udp') return BIG(q, seen, n);
        return [
          {
            bytes: reply(
              { ...q, id: ((q.id ?? 0) + 1) % 65536 },
              { answers: [{ name: 'big.test', type: 'TXT', data: ['forged'] }] },
            ),
          },
          ...BIG(q, seen, n).map((o) => ({ ...o, delayMs: 100 })),
        ];
      });
      const m = await query('big.test', 'TXT', opts(server.port));
      expect(
        m.answers[0]?.type === 'TXT' && m.answers[0].data.length,
        hint(4, 'over TCP too, a reply counts only if it answers this query'),
      ).toBe(8);
    });

    it('tries again from the start when the TCP retry hears nothing', async () => {
      // Attempt 1: UDP truncated, TCP silent. Attempt 2: a UDP answer that fits.
      const server = await start((q, seen, n) => {
        if (seen.transport === 'tcp') return [];
        if (n === 1) return BIG(q, seen, n);
        return [
          { bytes: reply(q, { answers: [{ name: 'big.test', type: 'TXT', data: ['small'] }] }) },
        ];
      });
      const m = await query('big.test', 'TXT', opts(server.port, { timeout: 100, retries: 1 }));
      expect(
        [m.answers[0]?.type === 'TXT' && m.answers[0].data, server.queries.map((s) => s.transport)],
        hint(4, 'a TCP retry that fails is a failed attempt: the next attempt starts over UDP'),
      ).toEqual([['small'], ['udp', 'tcp', 'udp']]);
    });

    it('reassembles a TCP reply that arrives in pieces', async () => {
      const server = await start(BIG);
      // The harness writes the first 7 octets of every TCP reply, and the rest 20 ms later.
      const m = await query('big.test', 'TXT', opts(server.port));
      expect(m.flags.tc, hint(4, 'read until you have 2 + length octets')).toBe(false);
    });
  });

  it('ignores a reply from another address or port (a spoofer on the same host)', async () => {
    const spoofer = createSocket('udp4');
    await new Promise<void>((resolve) => spoofer.bind(0, '127.0.0.1', () => resolve()));
    try {
      const server = await start((q, seen, n) => {
        // The spoofer knows the id and the port: it only gets the source address wrong.
        spoofer.send(
          reply(q, { answers: [{ name: 'www.test', type: 'A', data: '6.6.6.6' }] }),
          seen.port,
          '127.0.0.1',
        );
        return ZONE(q, seen, n).map((o) => ({ ...o, delayMs: 50 }));
      });
      const m = await query('www.test', 'A', opts(server.port));
      expect(
        m.answers[0]?.type === 'A' && m.answers[0].data,
        hint(4, 'a reply must come from the address and port you sent to'),
      ).toBe('192.0.2.10');
    } finally {
      await new Promise<void>((resolve) => spoofer.close(() => resolve()));
    }
  });
});
