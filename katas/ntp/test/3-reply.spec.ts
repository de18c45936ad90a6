import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { NtpError, type NtpPacket, offsetAndDelay, validateReply } from '../src/index.ts';
import { MS, NS } from './sntp-server.ts';

const SENT = { seconds: 0xe9bd4e8a, fraction: 0x1234_5678 };
const GOOD: NtpPacket = {
  leap: 0,
  version: 4,
  mode: 4,
  stratum: 2,
  poll: 6,
  precision: -20,
  rootDelay: 0.01,
  rootDispersion: 0.02,
  referenceId: '192.0.2.1',
  referenceTimestamp: { seconds: 0xe9bd4e80, fraction: 0 },
  originTimestamp: { ...SENT },
  receiveTimestamp: { seconds: 0xe9bd4e8b, fraction: 0 },
  transmitTimestamp: { seconds: 0xe9bd4e8b, fraction: 1000 },
};

describe('3. Judge a reply', () => {
  describe('offsetAndDelay', () => {
    const T = 1_700_000_000n * NS;
    const cases: Array<[string, [bigint, bigint, bigint, bigint], bigint, bigint]> = [
      ['clocks in step, no delay', [T, T, T, T], 0n, 0n],
      [
        'server 1 s ahead, 10 ms each way',
        [T, T + NS + 10n * MS, T + NS + 10n * MS, T + 20n * MS],
        NS,
        20n * MS,
      ],
      [
        'server 2 s behind, 5 ms processing',
        [T, T - 2n * NS + 10n * MS, T - 2n * NS + 15n * MS, T + 25n * MS],
        -2n * NS,
        20n * MS,
      ],
      [
        'asymmetric paths: 30 ms up, 10 ms down, clocks in step',
        [T, T + 30n * MS, T + 30n * MS, T + 40n * MS],
        10n * MS,
        40n * MS,
      ],
      ['an odd sum halves toward zero (3 → 1)', [0n, 2n, 1n, 0n], 1n, 1n],
      ['a negative odd sum halves toward zero (−3 → −1)', [0n, -1n, -2n, 0n], -1n, 1n],
      ['RFC 4330 §5 shape: t1 0, t2 5, t3 7, t4 10', [0n, 5n, 7n, 10n], 1n, 8n],
    ];
    for (const [name, [t1, t2, t3, t4], offset, delay] of cases) {
      it(`${name}: θ ${offset}, δ ${delay}`, () => {
        expect(
          offsetAndDelay(t1, t2, t3, t4),
          hint(3, 'θ = ((t2 − t1) + (t3 − t4)) / 2, δ = (t4 − t1) − (t3 − t2), bigint arithmetic'),
        ).toEqual({ offsetNs: offset, delayNs: delay });
      });
    }
  });

  describe('validateReply', () => {
    it('accepts a good reply (returns nothing)', () => {
      expect(validateReply(GOOD, SENT), hint(3, 'no error for a good reply')).toBeUndefined();
    });
    const accepted: Array<[string, Partial<NtpPacket>]> = [
      ['NTPv3', { version: 3 }],
      ['leap 1 (a leap second is coming)', { leap: 1 }],
      ['leap 2', { leap: 2 }],
      ['stratum 1', { stratum: 1, referenceId: 'GPS' }],
      ['stratum 15', { stratum: 15 }],
      [
        'a zero receive timestamp (SNTP checks only transmit)',
        { receiveTimestamp: { seconds: 0, fraction: 0 } },
      ],
      [
        'a transmit timestamp of 0 seconds and a non-zero fraction (only all 64 bits zero is none)',
        { transmitTimestamp: { seconds: 0, fraction: 1 } },
      ],
      [
        'a transmit timestamp with a zero fraction',
        { transmitTimestamp: { seconds: 0xe9bd4e8b, fraction: 0 } },
      ],
    ];
    for (const [name, change] of accepted) {
      it(`accepts ${name}`, () => {
        expect(
          validateReply({ ...GOOD, ...change }, SENT),
          hint(3, 'only the listed checks'),
        ).toBeUndefined();
      });
    }

    const rejected: Array<[string, Partial<NtpPacket>, string]> = [
      [
        'an origin that differs by one fraction unit',
        { originTimestamp: { ...SENT, fraction: SENT.fraction + 1 } },
        'ERR_NTP_BOGUS_ORIGIN',
      ],
      [
        'an origin that differs by one second',
        { originTimestamp: { ...SENT, seconds: SENT.seconds - 1 } },
        'ERR_NTP_BOGUS_ORIGIN',
      ],
      ['a zero origin', { originTimestamp: { seconds: 0, fraction: 0 } }, 'ERR_NTP_BOGUS_ORIGIN'],
      ['mode 3 (a client request)', { mode: 3 }, 'ERR_NTP_BAD_MODE'],
      ['mode 5 (broadcast)', { mode: 5 }, 'ERR_NTP_BAD_MODE'],
      ['mode 0', { mode: 0 }, 'ERR_NTP_BAD_MODE'],
      ['version 2', { version: 2 }, 'ERR_NTP_BAD_VERSION'],
      ['version 5', { version: 5 }, 'ERR_NTP_BAD_VERSION'],
      ['version 0', { version: 0 }, 'ERR_NTP_BAD_VERSION'],
      ['stratum 0 (a kiss-o’-death)', { stratum: 0, referenceId: 'RATE' }, 'ERR_NTP_KISS_OF_DEATH'],
      ['leap 3 (unsynchronized)', { leap: 3 }, 'ERR_NTP_UNSYNCHRONIZED'],
      ['stratum 16 (unsynchronized)', { stratum: 16 }, 'ERR_NTP_UNSYNCHRONIZED'],
      ['stratum 255', { stratum: 255 }, 'ERR_NTP_UNSYNCHRONIZED'],
      [
        'a zero transmit timestamp',
        { transmitTimestamp: { seconds: 0, fraction: 0 } },
        'ERR_NTP_ZERO_TRANSMIT',
      ],
      [
        'a kiss whose origin is not ours (checked first)',
        { stratum: 0, referenceId: 'DENY', originTimestamp: { seconds: 1, fraction: 0 } },
        'ERR_NTP_BOGUS_ORIGIN',
      ],
      [
        'a kiss in mode 3 (mode before stratum)',
        { stratum: 0, referenceId: 'DENY', mode: 3 },
        'ERR_NTP_BAD_MODE',
      ],
      [
        'version 2 and leap 3 (version before leap)',
        { version: 2, leap: 3 },
        'ERR_NTP_BAD_VERSION',
      ],
      [
        'a kiss with leap 3 (kiss before leap)',
        { stratum: 0, leap: 3, referenceId: 'RSTR' },
        'ERR_NTP_KISS_OF_DEATH',
      ],
      [
        'leap 3 and a zero transmit (leap before transmit)',
        { leap: 3, transmitTimestamp: { seconds: 0, fraction: 0 } },
        'ERR_NTP_UNSYNCHRONIZED',
      ],
    ];
    for (const [name, change, code] of rejected) {
      it(`rejects ${name} with ${code}`, () => {
        expectCode(
          () => validateReply({ ...GOOD, ...change }, SENT),
          NtpError,
          code,
          hint(3, 'the checks, in the order of the doc comment'),
        );
      });
    }

    it('gives a kiss-o’-death error the kiss code', () => {
      const error = expectCode(
        () => validateReply({ ...GOOD, stratum: 0, referenceId: 'RATE' }, SENT),
        NtpError,
        'ERR_NTP_KISS_OF_DEATH',
        hint(3, 'new NtpError(code, message, kissCode)'),
      );
      expect(error.kissCode, hint(3, 'the reference id of a stratum-0 reply')).toBe('RATE');
    });
    it('does not change the reply it judges', () => {
      const reply = structuredClone(GOOD);
      validateReply(reply, SENT);
      expect(reply, hint(3, 'judge, do not repair')).toEqual(GOOD);
    });
  });
});
