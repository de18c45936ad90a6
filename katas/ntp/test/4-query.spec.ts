import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { activeHandles } from '@hbu/kata-kit/handles';
import { afterEach, describe, expect, it } from 'vitest';
import { NtpError, type QueryOptions, query } from '../src/index.ts';
import {
  at,
  closeServers,
  eventually,
  MS,
  NS,
  ntpBytes,
  type Plan,
  startServer,
  virtualClock,
} from './sntp-server.ts';

afterEach(closeServers);

const T0 = at('2026-03-01T12:00:00Z');
/** Short attempts: the specs that time out wait only this long per attempt. */
const FAST: QueryOptions = { timeoutMs: 150, retries: 0 };

async function setup(plans: Plan | ((n: number) => Plan), start = T0, host = '127.0.0.1') {
  const clock = virtualClock(start);
  const server = await startServer(clock, plans, host);
  const options: QueryOptions = {
    host,
    port: server.port,
    clock: clock.read,
    timeoutMs: 2_000,
  };
  return { clock, server, options };
}

describe('4. Query a server', () => {
  describe('one exchange', () => {
    it('measures a server 1.5 s ahead over a 20 ms round trip: θ 1.5 s, δ 20 ms', async () => {
      const { options } = await setup({ offsetNs: 1_500n * MS, upNs: 10n * MS, downNs: 10n * MS });
      const s = await query(options);
      expect(
        [s.offsetNs, s.delayNs],
        hint(4, 't2, t3 from the reply; t1, t4 from the clock'),
      ).toEqual([1_500n * MS, 20n * MS]);
    });
    it('reports t1..t4 in Unix nanoseconds', async () => {
      const { options } = await setup({
        offsetNs: 7n * NS,
        upNs: 3n * MS,
        processNs: 2n * MS,
        downNs: 5n * MS,
      });
      const s = await query(options);
      expect(
        [s.t1, s.t2, s.t3, s.t4],
        hint(4, 't2 is the receive timestamp, t3 the transmit timestamp'),
      ).toEqual([T0, T0 + 7n * NS + 3n * MS, T0 + 7n * NS + 5n * MS, T0 + 10n * MS]);
    });
    it('does not count the server’s processing time as delay', async () => {
      const { options } = await setup({ upNs: 4n * MS, processNs: 50n * MS, downNs: 4n * MS });
      expect((await query(options)).delayNs, hint(4, 'δ = (t4 − t1) − (t3 − t2)')).toBe(8n * MS);
    });
    it('measures a server 2 h behind', async () => {
      const { options } = await setup({ offsetNs: -7_200n * NS, upNs: 1n * MS, downNs: 1n * MS });
      expect((await query(options)).offsetNs, hint(4, 'a negative offset')).toBe(-7_200n * NS);
    });
    it('shows the asymmetry error: 30 ms up, 10 ms down reads θ + 10 ms', async () => {
      const { options } = await setup({ offsetNs: NS, upNs: 30n * MS, downNs: 10n * MS });
      expect((await query(options)).offsetNs, hint(4, 'θ assumes symmetric paths')).toBe(
        NS + 10n * MS,
      );
    });
    it('keeps nanoseconds exact (an odd number of ns)', async () => {
      const { options } = await setup({ offsetNs: 123_456_789n, upNs: 1_001n, downNs: 999n });
      const s = await query(options);
      expect(
        [s.offsetNs, s.delayNs],
        hint(4, 'ntpToUnixNs floors, unixNsToNtp rounds up: exact'),
      ).toEqual([123_456_790n, 2_000n]);
    });
    it('returns the decoded reply', async () => {
      const { options } = await setup({ stratum: 1, referenceId: 'PPS', precision: -23 });
      const p = (await query(options)).packet;
      expect(
        [p.mode, p.stratum, p.referenceId, p.precision],
        hint(4, 'sample.packet is decodePacket(reply)'),
      ).toEqual([4, 1, 'PPS', -23]);
    });
    it('reads the system clock when no clock is given: t1 and t4 fall within the call', async () => {
      const { server } = await setup({});
      // Date.now() has whole milliseconds; a second either way still refuses a clock in µs,
      // in ms, or decades off.
      const before = BigInt(Date.now()) * MS - NS;
      const s = await query({ host: '127.0.0.1', port: server.port });
      const after = BigInt(Date.now()) * MS + NS;
      expect(
        [before <= s.t1, s.t1 <= s.t4, s.t4 <= after],
        hint(4, 'the default clock is the system clock in Unix nanoseconds'),
      ).toEqual([true, true, true]);
    });
    it('rejects a clock outside eras 0–1 with ERR_NTP_INVALID_TIMESTAMP, leaving no socket or timer', async () => {
      const { server } = await setup({});
      const sockets = activeHandles('UDPWrap');
      const timers = activeHandles('Timeout');
      await expectRejectCode(
        query({ host: '127.0.0.1', port: server.port, clock: () => at('1850-01-01T00:00:00Z') }),
        NtpError,
        'ERR_NTP_INVALID_TIMESTAMP',
        hint(4, 'unixNsToNtp(t1) refuses 1850'),
      );
      expect(
        [
          activeHandles('UDPWrap') - sockets,
          activeHandles('Timeout') - timers,
          server.requests.length,
        ],
        hint(4, 'convert t1 before opening the socket and starting the timer'),
      ).toEqual([0, 0, 0]);
    });
    it('reads the clock exactly twice: t1 and t4', async () => {
      const { options, clock } = await setup({ upNs: MS, downNs: MS });
      await query(options);
      expect(clock.reads, hint(4, 'read the clock only for t1 and t4')).toBe(2);
    });
  });

  describe('the request', () => {
    it('is 48 bytes: LI 0, VN 4, mode 3, the transmit timestamp t1, zeros elsewhere', async () => {
      const { options, server } = await setup({});
      await query(options);
      const expected = new Uint8Array(48);
      expected[0] = 0x23;
      expected.set(ntpBytes(T0), 40);
      expect(
        Buffer.from(server.requests[0]!.bytes).toString('hex'),
        hint(4, 'RFC 4330 §5: a client request'),
      ).toBe(Buffer.from(expected).toString('hex'));
    });
    it('carries version 3 when asked (first octet 0x1b)', async () => {
      const { options, server } = await setup({ version: 3 });
      await query({ ...options, version: 3 });
      expect(server.requests[0]!.bytes[0], hint(4, 'VN 3, mode 3')).toBe(0x1b);
    });
    it('rejects version 5 with ERR_NTP_INVALID_FIELD', async () => {
      const { options, server } = await setup({});
      await expectRejectCode(
        query({ ...options, version: 5 }),
        NtpError,
        'ERR_NTP_INVALID_FIELD',
        hint(4, '3 or 4'),
      );
      expect(server.requests.length, hint(4, 'check options before sending')).toBe(0);
    });
    it('asks an IPv6 server (::1) from an IPv6 socket', async () => {
      const { options, server } = await setup({ offsetNs: NS }, T0, '::1');
      const s = await query(options);
      expect(
        [s.offsetNs, server.requests[0]?.from.family],
        hint(4, "createSocket('udp6') when isIPv6(host)"),
      ).toEqual([NS, 'IPv6']);
    });
    it.each([
      ['port', 0],
      ['port', 65_536],
      ['port', 1.5],
      ['port', -123],
      ['timeoutMs', 0],
      ['timeoutMs', -1],
      ['timeoutMs', Number.NaN],
      ['timeoutMs', Number.POSITIVE_INFINITY],
      ['timeoutMs', 2 ** 31],
      ['retries', -1],
      ['retries', 0.5],
      ['retries', Number.NaN],
    ])('rejects %s %d with ERR_NTP_INVALID_FIELD before sending', async (option, value) => {
      const { options, server } = await setup({});
      await expectRejectCode(
        query({ ...options, [option]: value }),
        NtpError,
        'ERR_NTP_INVALID_FIELD',
        hint(4, 'port 1–65535, timeoutMs over 0 and at most 2^31 − 1, retries an integer ≥ 0'),
      );
      expect(server.requests.length, hint(4, 'check options before sending')).toBe(0);
    });
    it('takes timeoutMs 2^31 − 1, the longest a timer keeps', async () => {
      const { options } = await setup({ offsetNs: NS });
      expect(
        (await query({ ...options, timeoutMs: 2 ** 31 - 1 })).offsetNs,
        hint(4, 'at most 2^31 − 1 ms is valid'),
      ).toBe(NS);
    });
    it.each([1, 65_535])(
      'takes port %d (nobody answers there: ERR_NTP_TIMEOUT, not a bad option)',
      async (port) => {
        await expectRejectCode(
          query({ host: '127.0.0.1', port, timeoutMs: 100, retries: 0 }),
          NtpError,
          'ERR_NTP_TIMEOUT',
          hint(4, 'ports 1 to 65535 are valid'),
        );
      },
    );
    it('encodes a fractional t1 exactly (the fraction rounded up)', async () => {
      const { options, server } = await setup({}, T0 + 1n);
      await query(options);
      expect(
        Buffer.from(server.requests[0]!.bytes.subarray(40)).toString('hex'),
        hint(4, 'transmit = unixNsToNtp(t1)'),
      ).toBe(Buffer.from(ntpBytes(T0 + 1n)).toString('hex'));
    });
  });

  describe('eras', () => {
    it('works in era 1: a clock in 2040, the server 3 s ahead', async () => {
      const { options } = await setup(
        { offsetNs: 3n * NS, upNs: MS, downNs: MS },
        at('2040-06-01T00:00:00Z'),
      );
      const s = await query(options);
      expect([s.offsetNs, s.t2], hint(4, 'convert t2 and t3 with t1 as the pivot')).toEqual([
        3n * NS,
        at('2040-06-01T00:00:03.001Z'),
      ]);
    });
    it('works across the 2036 rollover: t1 in era 0, t2 and t3 in era 1', async () => {
      const start = at('2036-02-07T06:28:15Z');
      const { options } = await setup({ offsetNs: 2n * NS }, start);
      const s = await query(options);
      expect(
        [s.offsetNs, s.t3],
        hint(4, 'transmit seconds wrapped to 1; the pivot puts them after 2036'),
      ).toEqual([2n * NS, start + 2n * NS]);
    });
    it('works when the server is still in era 0 and we are in era 1', async () => {
      const start = at('2036-02-07T06:28:17Z');
      const { options } = await setup({ offsetNs: -3n * NS }, start);
      expect((await query(options)).offsetNs, hint(4, 'the era within ±68 years of t1')).toBe(
        -3n * NS,
      );
    });
    it('works in 2110, beyond RFC 4330’s default window: the pivot is t1', async () => {
      const { options } = await setup({ offsetNs: 60n * NS }, at('2110-01-01T00:00:00Z'));
      expect(
        (await query(options)).offsetNs,
        hint(4, 'ntpToUnixNs(ts, t1), not the default pivot'),
      ).toBe(60n * NS);
    });
    it('works in 1960, before RFC 4330’s default window', async () => {
      const { options } = await setup({ offsetNs: -NS }, at('1960-01-01T00:00:00Z'));
      expect((await query(options)).offsetNs, hint(4, 'the pivot is t1')).toBe(-NS);
    });
  });

  describe('retries and timeouts', () => {
    it('retries after a dropped request and succeeds', async () => {
      const { options, server } = await setup((n) => ({ drop: n === 0, offsetNs: NS }));
      const s = await query({ ...options, timeoutMs: 150, retries: 1 });
      expect(
        [s.offsetNs, server.requests.length],
        hint(4, 'a timeout starts the next attempt'),
      ).toEqual([NS, 2]);
    });
    it('sends each attempt from a fresh socket (a new source port)', async () => {
      const { options, server } = await setup((n) => ({ drop: n < 2 }));
      await query({ ...options, timeoutMs: 150, retries: 2 });
      const ports = new Set(server.requests.map((r) => r.from.port));
      expect(ports.size, hint(4, 'one socket per attempt: late replies land nowhere')).toBe(3);
    });
    it('gives up with ERR_NTP_TIMEOUT after 1 + retries attempts', async () => {
      const { options, server } = await setup({ drop: true });
      await expectRejectCode(
        query({ ...options, timeoutMs: 100, retries: 2 }),
        NtpError,
        'ERR_NTP_TIMEOUT',
        hint(4, 'retries counts attempts after the first'),
      );
      expect(server.requests.length, hint(4, 'exactly three requests')).toBe(3);
    });
    it('makes one attempt with retries 0', async () => {
      const { options, server } = await setup({ drop: true });
      await expectRejectCode(
        query({ ...options, ...FAST }),
        NtpError,
        'ERR_NTP_TIMEOUT',
        hint(4, 'no retry'),
      );
      expect(server.requests.length, hint(4, 'one request')).toBe(1);
    });
    it('makes three attempts by default (retries 2)', async () => {
      const { options, server } = await setup({ drop: true });
      await expectRejectCode(
        query({ ...options, timeoutMs: 100 }),
        NtpError,
        'ERR_NTP_TIMEOUT',
        hint(4, 'default retries 2'),
      );
      expect(server.requests.length, hint(4, 'three requests')).toBe(3);
    });
    it('retries after a reply that fails a check, then succeeds', async () => {
      const { options, server } = await setup((n) =>
        n === 0 ? { mode: 5 } : { offsetNs: 2n * NS },
      );
      const s = await query({ ...options, retries: 1 });
      expect(
        [s.offsetNs, server.requests.length],
        hint(4, 'a bad reply fails the attempt, not the query'),
      ).toEqual([2n * NS, 2]);
    });

    const failures: Array<[string, Plan, string]> = [
      ['an unsynchronized server (leap 3)', { leap: 3 }, 'ERR_NTP_UNSYNCHRONIZED'],
      ['a stratum-16 server', { stratum: 16 }, 'ERR_NTP_UNSYNCHRONIZED'],
      ['a zero transmit timestamp', { transmitZero: true }, 'ERR_NTP_ZERO_TRANSMIT'],
      ['a broadcast-mode reply', { mode: 5 }, 'ERR_NTP_BAD_MODE'],
      ['an NTPv2 reply', { version: 2 }, 'ERR_NTP_BAD_VERSION'],
    ];
    for (const [name, plan, code] of failures) {
      it(`rejects with ${code} when every attempt meets ${name}`, async () => {
        const { options, server } = await setup(plan);
        await expectRejectCode(
          query({ ...options, retries: 1 }),
          NtpError,
          code,
          hint(4, 'the last attempt’s error'),
        );
        expect(server.requests.length, hint(4, 'one request per attempt')).toBe(2);
      });
    }

    it('ignores a short datagram and takes the reply after it', async () => {
      const { options, server } = await setup({ offsetNs: NS, before: [() => new Uint8Array(20)] });
      const s = await query({ ...options, retries: 0 });
      expect(
        [s.offsetNs, server.requests.length],
        hint(4, 'a short datagram is no reply: keep waiting'),
      ).toEqual([NS, 1]);
    });
    it('accepts a reply with 20 bytes of MAC after the 48', async () => {
      const { options } = await setup({ offsetNs: NS, trailer: 20 });
      expect((await query(options)).offsetNs, hint(4, 'decodePacket ignores the trailer')).toBe(NS);
    });
    it('takes the first copy when the server sends the reply twice', async () => {
      const { options, server } = await setup({ offsetNs: NS, upNs: MS, downNs: MS, copies: 2 });
      const s = await query(options);
      expect(
        [s.offsetNs, s.delayNs, server.requests.length],
        hint(4, 'one reply per request'),
      ).toEqual([NS, 2n * MS, 1]);
    });
  });

  describe('socket errors', () => {
    /** Linux, macOS and Windows refuse a send to the broadcast address without SO_BROADCAST. */
    const refused: QueryOptions = { host: '255.255.255.255', port: 123, timeoutMs: 2_000 };

    it('rejects with ERR_NTP_NETWORK when the system refuses the send, its error the cause', async () => {
      const error = await expectRejectCode(
        query({ ...refused, retries: 0 }),
        NtpError,
        'ERR_NTP_NETWORK',
        hint(4, 'a send error fails the attempt as an NtpError, never a bare Error'),
      );
      expect(
        error.cause instanceof Error && !(error.cause instanceof NtpError),
        hint(4, 'keep the socket’s own error as cause'),
      ).toBe(true);
    });
    it('tries again after a socket error: ERR_NTP_NETWORK after every attempt', async () => {
      const clock = virtualClock(T0);
      await expectRejectCode(
        query({ ...refused, clock: clock.read, retries: 2 }),
        NtpError,
        'ERR_NTP_NETWORK',
        hint(4, 'the last attempt’s error'),
      );
      expect(clock.reads, hint(4, 'one t1 per attempt: three attempts')).toBe(3);
    });
    it('closes its socket and clears its timer after a socket error', async () => {
      const sockets = activeHandles('UDPWrap');
      const timers = activeHandles('Timeout');
      await expectRejectCode(
        query({ ...refused, timeoutMs: 60_000, retries: 0 }),
        NtpError,
        'ERR_NTP_NETWORK',
        hint(4, 'close on every path'),
      );
      expect(
        [
          await eventually(() => activeHandles('UDPWrap') <= sockets),
          `${Math.max(0, activeHandles('Timeout') - timers)} timers more than before`,
        ],
        hint(4, 'socket.close() and clearTimeout() when the send fails'),
      ).toEqual([true, '0 timers more than before']);
    });
  });

  describe('resources', () => {
    it('closes its socket after an answer', async () => {
      const { options, server } = await setup({});
      const before = activeHandles('UDPWrap');
      await query(options);
      await server.close();
      expect(
        await eventually(() => activeHandles('UDPWrap') <= before - 1),
        hint(4, 'socket.close() when done'),
      ).toBe(true);
    });
    it('closes every socket after a timeout', async () => {
      const { options, server } = await setup({ drop: true });
      const before = activeHandles('UDPWrap');
      await expectRejectCode(
        query({ ...options, timeoutMs: 100, retries: 1 }),
        NtpError,
        'ERR_NTP_TIMEOUT',
        hint(4, 'close on every path'),
      );
      await server.close();
      expect(
        await eventually(() => activeHandles('UDPWrap') <= before - 1),
        hint(4, 'one socket per attempt, each closed'),
      ).toBe(true);
    });
    it('leaves no timer behind after an answer', async () => {
      const { options } = await setup({});
      const before = activeHandles('Timeout');
      await query({ ...options, timeoutMs: 60_000 });
      expect(
        `${Math.max(0, activeHandles('Timeout') - before)} timers more than before`,
        hint(4, 'clearTimeout when the reply comes'),
      ).toBe('0 timers more than before');
    });
  });
});
