import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { afterEach, describe, expect, it } from 'vitest';
import { getTime, NtpError, query } from '../src/index.ts';
import { at, closeServers, MS, NS, type Plan, startServer, virtualClock } from './sntp-server.ts';

afterEach(closeServers);

async function setup(plans: Plan | ((n: number) => Plan)) {
  const clock = virtualClock(at('2026-03-01T12:00:00Z'));
  const server = await startServer(clock, plans);
  return {
    clock,
    server,
    options: { host: '127.0.0.1', port: server.port, clock: clock.read, timeoutMs: 2_000 },
  };
}

/** Round trips per request: up and down each half of it; the offset is 1 s plus the asymmetry. */
const trips =
  (...ms: bigint[]) =>
  (n: number): Plan => ({
    offsetNs: NS,
    upNs: ((ms[n] ?? 10n) * MS) / 2n,
    downNs: ((ms[n] ?? 10n) * MS) / 2n,
  });

describe("5. Samples and kiss-o'-death", () => {
  describe('several samples', () => {
    it('takes the number of samples asked for, in order', async () => {
      const { options, server } = await setup(trips(30n, 10n, 20n));
      const r = await getTime({ ...options, samples: 3 });
      expect(
        r.samples.map((s) => s.delayNs),
        hint(5, 'one query per sample, one after the other'),
      ).toEqual([30n * MS, 10n * MS, 20n * MS]);
      expect(server.requests.length, hint(5, 'three samples, three requests')).toBe(3);
    });
    it('picks the sample with the lowest delay as best', async () => {
      const { options } = await setup(trips(30n, 10n, 20n));
      const r = await getTime({ ...options, samples: 3 });
      expect(r.best, hint(5, 'lowest δ, the most trustworthy θ')).toBe(r.samples[1]);
    });
    it('picks the first of equal delays', async () => {
      const { options } = await setup(trips(20n, 10n, 10n, 30n));
      const r = await getTime({ ...options, samples: 4 });
      expect(r.best, hint(5, 'strictly lower replaces the best')).toBe(r.samples[1]);
    });
    it('picks the last sample when it is the best', async () => {
      const { options } = await setup(trips(30n, 20n, 10n));
      const r = await getTime({ ...options, samples: 3 });
      expect(r.best, hint(5, 'look at every sample')).toBe(r.samples[2]);
    });
    it('prefers low delay over a pretty offset: best is the 2 ms sample with its asymmetry', async () => {
      const plans = (n: number): Plan =>
        n === 0
          ? { offsetNs: NS, upNs: 50n * MS, downNs: 50n * MS }
          : { offsetNs: NS, upNs: 2n * MS, downNs: 0n };
      const { options } = await setup(plans);
      const r = await getTime({ ...options, samples: 2 });
      expect(
        [r.best.delayNs, r.best.offsetNs],
        hint(5, 'the best is chosen by delay alone'),
      ).toEqual([2n * MS, NS + MS]);
    });
    it('takes four samples by default', async () => {
      const { options, server } = await setup(trips());
      const r = await getTime(options);
      expect([r.samples.length, server.requests.length], hint(5, 'samples defaults to 4')).toEqual([
        4, 4,
      ]);
    });
    it('takes one sample when asked for one', async () => {
      const { options } = await setup(trips());
      const r = await getTime({ ...options, samples: 1 });
      expect([r.samples.length, r.best], hint(5, 'one sample is its own best')).toEqual([
        1,
        r.samples[0],
      ]);
    });
    it('gives each sample its own t1', async () => {
      const { options } = await setup(trips(10n, 10n, 10n));
      const r = await getTime({ ...options, samples: 3 });
      expect(
        r.samples.map((s) => s.t1 - r.samples[0]!.t1),
        hint(5, 'each query reads the clock anew'),
      ).toEqual([0n, 10n * MS, 20n * MS]);
    });
    it('retries within a sample: a dropped request costs one more request, not a sample', async () => {
      const { options, server } = await setup((n) => ({ drop: n === 1, offsetNs: NS }));
      const r = await getTime({ ...options, samples: 3, timeoutMs: 150, retries: 1 });
      expect(
        [r.samples.length, server.requests.length],
        hint(5, 'each sample is a query with its retries'),
      ).toEqual([3, 4]);
    });
    it('rejects when one sample fails every attempt', async () => {
      const { options, server } = await setup((n) => ({ drop: n >= 1 }));
      await expectRejectCode(
        getTime({ ...options, samples: 3, timeoutMs: 100, retries: 1 }),
        NtpError,
        'ERR_NTP_TIMEOUT',
        hint(5, 'the failing query’s error'),
      );
      expect(server.requests.length, hint(5, 'no third sample after a failed second')).toBe(3);
    });
    it('takes every sample despite duplicated replies', async () => {
      const { options } = await setup((n) => ({ offsetNs: BigInt(n + 1) * NS, copies: 3 }));
      const r = await getTime({ ...options, samples: 3 });
      expect(
        r.samples.map((s) => s.offsetNs),
        hint(5, 'a copy of an old reply answers nothing new'),
      ).toEqual([NS, 2n * NS, 3n * NS]);
    });
    for (const samples of [0, -1, 1.5]) {
      it(`rejects samples: ${samples} with ERR_NTP_INVALID_FIELD`, async () => {
        const { options, server } = await setup(trips());
        await expectRejectCode(
          getTime({ ...options, samples }),
          NtpError,
          'ERR_NTP_INVALID_FIELD',
          hint(5, 'an integer ≥ 1'),
        );
        expect(server.requests.length, hint(5, 'check options before sending')).toBe(0);
      });
    }
  });

  describe("kiss-o'-death", () => {
    for (const code of ['RATE', 'DENY', 'RSTR']) {
      it(`stops at a ${code} kiss: ERR_NTP_KISS_OF_DEATH, kissCode ${code}, no further request`, async () => {
        const { options, server } = await setup({ stratum: 0, referenceId: code });
        const error = await expectRejectCode(
          getTime({ ...options, samples: 4, retries: 3 }),
          NtpError,
          'ERR_NTP_KISS_OF_DEATH',
          hint(5, `${code}: stop asking this server (RFC 5905 §7.4)`),
        );
        expect(
          [error.kissCode, server.requests.length],
          hint(5, 'no retry, no next sample'),
        ).toEqual([code, 1]);
      });
    }
    it('stops in the middle of the samples at a RATE kiss', async () => {
      const { options, server } = await setup((n) =>
        n === 2 ? { stratum: 0, referenceId: 'RATE' } : {},
      );
      await expectRejectCode(
        getTime({ ...options, samples: 5, retries: 2 }),
        NtpError,
        'ERR_NTP_KISS_OF_DEATH',
        hint(5, 'a kiss mid-way ends getTime'),
      );
      expect(server.requests.length, hint(5, 'nothing after the kiss')).toBe(3);
    });
    it('retries after another kiss code (ACST) and succeeds', async () => {
      const { options, server } = await setup((n) =>
        n === 0 ? { stratum: 0, referenceId: 'ACST' } : { offsetNs: NS },
      );
      const r = await getTime({ ...options, samples: 1, retries: 1 });
      expect(
        [r.best.offsetNs, server.requests.length],
        hint(5, 'only DENY, RSTR and RATE are final'),
      ).toEqual([NS, 2]);
    });
    it('rejects with the kiss code when every attempt gets INIT', async () => {
      const { options, server } = await setup({ stratum: 0, referenceId: 'INIT' });
      const error = await expectRejectCode(
        getTime({ ...options, samples: 1, retries: 2 }),
        NtpError,
        'ERR_NTP_KISS_OF_DEATH',
        hint(5, 'the last attempt’s error'),
      );
      expect([error.kissCode, server.requests.length], hint(5, 'three attempts')).toEqual([
        'INIT',
        3,
      ]);
    });
    it('stops a single query at a DENY kiss too', async () => {
      const { options, server } = await setup({ stratum: 0, referenceId: 'DENY' });
      await expectRejectCode(
        query({ ...options, retries: 5 }),
        NtpError,
        'ERR_NTP_KISS_OF_DEATH',
        hint(5, 'query stops too'),
      );
      expect(server.requests.length, hint(5, 'one request')).toBe(1);
    });
  });
});
