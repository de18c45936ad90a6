import { expectCode, expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { afterEach, describe, expect, it } from 'vitest';
import { decodePacket, getTime, NtpError, query, validateReply } from '../src/index.ts';
import {
  asKiss,
  at,
  closeServers,
  MS,
  NS,
  ntpBytes,
  type Plan,
  startServer,
  virtualClock,
  withOrigin,
} from './sntp-server.ts';

afterEach(closeServers);

const YEAR = 365n * 86_400n * NS;

async function setup(plans: Plan | ((n: number) => Plan)) {
  const clock = virtualClock(at('2026-03-01T12:00:00Z'));
  const server = await startServer(clock, plans);
  return {
    clock,
    server,
    options: { host: '127.0.0.1', port: server.port, clock: clock.read, timeoutMs: 2_000 },
  };
}

/** A forged reply: the genuine one with the server's clock a year ahead and another origin. */
function forged(reply: Uint8Array, origin: Uint8Array | 'zero'): Uint8Array {
  const copy = withOrigin(reply, origin);
  const view = new DataView(copy.buffer);
  view.setUint32(32, view.getUint32(32) + 31_536_000);
  view.setUint32(40, view.getUint32(40) + 31_536_000);
  return copy;
}

/** Eight bytes off our transmit timestamp by one fraction unit: a near-miss guess. */
function nearMiss(request: Uint8Array): Uint8Array {
  const origin = request.slice(40, 48);
  origin[7] = (origin[7]! + 1) & 0xff;
  return origin;
}

describe('6. Security', () => {
  describe('CVE-2015-8138: a zero origin timestamp is no wildcard (ntpd’s TEST2 bypass)', () => {
    it('validateReply rejects a zero origin on an otherwise good reply', () => {
      const bytes = new Uint8Array(48);
      bytes.set([0x24, 2, 6, 0xec], 0);
      bytes.set([192, 0, 2, 1], 12);
      bytes.set(ntpBytes(at('2026-03-01T12:00:00Z')), 40);
      expectCode(
        () => validateReply(decodePacket(bytes), { seconds: 1, fraction: 2 }),
        NtpError,
        'ERR_NTP_BOGUS_ORIGIN',
        hint(6, 'zero is not "no origin to check"'),
      );
    });
    it('the client never takes a reply whose origin is zero: it times out', async () => {
      const { options } = await setup({ origin: 'zero', offsetNs: YEAR });
      await expectRejectCode(
        query({ ...options, timeoutMs: 150, retries: 1 }),
        NtpError,
        'ERR_NTP_TIMEOUT',
        hint(6, 'compare the origin with what you sent, whatever it is'),
      );
    });
    it('the client drops a forged zero-origin reply and takes the genuine one after it', async () => {
      const { options } = await setup({ offsetNs: NS, before: [(reply) => forged(reply, 'zero')] });
      expect((await query(options)).offsetNs, hint(6, 'a year ahead came from the forgery')).toBe(
        NS,
      );
    });
  });

  describe('off-path spoofing: the origin timestamp is the nonce (RFC 5905 §8, RFC 4330 §5)', () => {
    it('drops five forged replies with guessed origins and takes the genuine one', async () => {
      const guesses = [1, 2, 3, 4, 5].map(
        (g) => (reply: Uint8Array) => forged(reply, ntpBytes(BigInt(g) * NS)),
      );
      const { options, server } = await setup({ offsetNs: NS, before: guesses });
      expect(
        [(await query(options)).offsetNs, server.requests.length],
        hint(6, 'forgeries do not end the attempt'),
      ).toEqual([NS, 1]);
    });
    it('drops a forgery whose origin misses ours by one fraction unit', async () => {
      const { options } = await setup({
        offsetNs: NS,
        before: [(reply, req) => forged(reply, nearMiss(req))],
      });
      expect((await query(options)).offsetNs, hint(6, 'compare all 64 bits')).toBe(NS);
    });
    it('drops a replay of an earlier exchange’s genuine reply', async () => {
      const replies: Uint8Array[] = [];
      const { options, server } = await setup((n) => ({
        offsetNs: BigInt(n + 1) * NS,
        upNs: MS,
        before: n === 1 ? [() => replies[0]!] : [],
      }));
      server.socket.on('message', () => replies.splice(0, replies.length, ...server.replies));
      const r = await getTime({ ...options, samples: 2 });
      expect(
        r.samples.map((s) => s.offsetNs),
        hint(6, 'each request has its own transmit timestamp'),
      ).toEqual([NS + MS / 2n, 2n * NS + MS / 2n]);
    });
    it('drops our own request reflected back at us', async () => {
      const { options, server } = await setup({ offsetNs: NS, before: [(_reply, req) => req] });
      expect(
        [(await query({ ...options, retries: 0 })).offsetNs, server.requests.length],
        hint(6, 'its origin is zero: no answer'),
      ).toEqual([NS, 1]);
    });
  });

  describe('CVE-2015-7704: a spoofed kiss-o’-death must not stop the client (ntpd before 4.2.8p4)', () => {
    for (const code of ['RATE', 'DENY', 'RSTR']) {
      it(`ignores a ${code} kiss with a zero origin and takes the genuine reply`, async () => {
        const { options, server } = await setup({
          offsetNs: NS,
          before: [(reply) => asKiss(withOrigin(reply, 'zero'), code)],
        });
        expect(
          [(await query(options)).offsetNs, server.requests.length],
          hint(6, 'accept a kiss only when it answers our request'),
        ).toEqual([NS, 1]);
      });
    }
    it('keeps sampling when every sample is preceded by a spoofed RATE', async () => {
      const { options } = await setup((n) => ({
        offsetNs: BigInt(n + 1) * NS,
        before: [(reply) => asKiss(withOrigin(reply, ntpBytes(123n)), 'RATE')],
      }));
      const r = await getTime({ ...options, samples: 3 });
      expect(
        r.samples.length,
        hint(6, 'one forged packet per poll would otherwise silence us'),
      ).toBe(3);
    });
    it('a spoofed DENY as the only answer ends in ERR_NTP_TIMEOUT, not in a kiss-o’-death', async () => {
      const { options, server } = await setup({ drop: true });
      // The forger answers each request from the server's address, with a guessed origin.
      server.socket.on('message', (_m, from) => {
        const kiss = asKiss(withOrigin(new Uint8Array(48).fill(0x24, 0, 1), ntpBytes(1n)), 'DENY');
        server.socket.send(kiss, from.port, from.address);
      });
      await expectRejectCode(
        query({ ...options, timeoutMs: 150, retries: 1 }),
        NtpError,
        'ERR_NTP_TIMEOUT',
        hint(6, 'a forged kiss is no answer'),
      );
      expect(server.requests.length, hint(6, 'the forgery did not stop the retries')).toBe(2);
    });
  });

  describe('CVE-2016-1547: a spoofed control packet must not end an association (ntpd before 4.2.8p7)', () => {
    it('ignores a kiss whose origin misses ours by one fraction unit', async () => {
      const { options, server } = await setup({
        offsetNs: NS,
        before: [(reply, req) => asKiss(withOrigin(reply, nearMiss(req)), 'DENY')],
      });
      expect(
        [(await query(options)).offsetNs, server.requests.length],
        hint(6, 'ntpd’s crypto-NAK was the same mistake: trusted without an origin match'),
      ).toEqual([NS, 1]);
    });
    it('a genuine kiss (our origin) does stop the client', async () => {
      const { options, server } = await setup({ stratum: 0, referenceId: 'DENY' });
      await expectRejectCode(
        query({ ...options, retries: 3 }),
        NtpError,
        'ERR_NTP_KISS_OF_DEATH',
        hint(6, 'the real server may say no'),
      );
      expect(server.requests.length, hint(6, 'and then we stop')).toBe(1);
    });
  });

  describe('CVE-2014-9295: lengths come from the network (ntpd’s buffer overflows)', () => {
    for (const size of [0, 1, 47]) {
      it(`drops a ${size}-byte datagram and takes the genuine reply`, async () => {
        const { options, server } = await setup({
          offsetNs: NS,
          before: [() => new Uint8Array(size).fill(0x24)],
        });
        expect(
          [(await query({ ...options, retries: 0 })).offsetNs, server.requests.length],
          hint(6, 'check the length before reading'),
        ).toEqual([NS, 1]);
      });
    }
    it('accepts a reply with 1000 bytes of extension fields after the 48', async () => {
      const { options } = await setup({ offsetNs: NS, trailer: 1000 });
      expect((await query(options)).offsetNs, hint(6, 'read 48 bytes, ignore the rest')).toBe(NS);
    });
  });

  describe('CVE-2013-5211 (monlist amplification): a client answers nothing', () => {
    it('sends nothing back to datagrams it receives while it waits, and asks only 48 bytes', async () => {
      const request = new Uint8Array(48);
      request[0] = 0x23;
      request.set(ntpBytes(at('2026-03-01T12:00:00Z')), 40);
      const monlist = Uint8Array.from([0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0]);
      const { options, server } = await setup((n) =>
        n === 0
          ? { offsetNs: NS, delayMs: 150, before: [() => request, () => monlist] }
          : { drop: true },
      );
      const s = await query({ ...options, retries: 0 });
      expect(
        [s.offsetNs, server.requests.length, server.requests[0]!.bytes.length],
        hint(6, 'a client socket only reads'),
      ).toEqual([NS, 1, 48]);
    });
  });
});
