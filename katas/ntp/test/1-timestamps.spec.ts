import { codeOf, expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  NtpError,
  type NtpTimestamp,
  ntpToUnixMs,
  ntpToUnixNs,
  unixMsToNtp,
  unixNsToNtp,
} from '../src/index.ts';
import { at, MS, NS } from './sntp-server.ts';

const UNIX_EPOCH_NTP = 2_208_988_800;
const ERA_1 = at('2036-02-07T06:28:16Z');
const ts = (seconds: number, fraction = 0): NtpTimestamp => ({ seconds, fraction });

describe('1. Timestamps and eras', () => {
  describe('unixNsToNtp', () => {
    const cases: Array<[string, bigint, NtpTimestamp]> = [
      ['the Unix epoch is 2208988800 s after 1900 (RFC 5905 §6)', 0n, ts(UNIX_EPOCH_NTP)],
      ['half a second is fraction 2^31', 500_000_000n, ts(UNIX_EPOCH_NTP, 2 ** 31)],
      ['1 ns rounds up to fraction 5 (ceil of 4.29…)', 1n, ts(UNIX_EPOCH_NTP, 5)],
      ['999 999 999 ns', 999_999_999n, ts(UNIX_EPOCH_NTP, 4_294_967_292)],
      ['1 ms', MS, ts(UNIX_EPOCH_NTP, 4_294_968)],
      ['1 s before the Unix epoch', -NS, ts(UNIX_EPOCH_NTP - 1)],
      ['1900-01-01T00:00:00Z is 0.0', at('1900-01-01T00:00:00Z'), ts(0)],
      ['the last second of era 0', ERA_1 - NS, ts(0xffff_ffff)],
      ['the first instant of era 1 wraps to 0.0', ERA_1, ts(0)],
      ['2040-01-01 is in era 1', at('2040-01-01T00:00:00Z'), ts(123_010_304)],
      ['2000-01-01T00:00:00.25Z', at('2000-01-01T00:00:00.250Z'), ts(3_155_673_600, 2 ** 30)],
    ];
    for (const [name, ns, expected] of cases) {
      it(`${name}`, () => {
        expect(
          unixNsToNtp(ns),
          hint(1, 'seconds since 1900 modulo 2^32, ceil(ns·2^32/10^9)'),
        ).toEqual(expected);
      });
    }

    const rejected: Array<[string, unknown]> = [
      ['1 ns before 1900', at('1900-01-01T00:00:00Z') - 1n],
      ['the start of era 2 (2172-03-15T12:56:32Z)', at('2172-03-15T12:56:32Z')],
      ['a number instead of a bigint', 0],
    ];
    for (const [name, value] of rejected) {
      it(`rejects ${name} with ERR_NTP_INVALID_TIMESTAMP`, () => {
        expectCode(
          () => unixNsToNtp(value as bigint),
          NtpError,
          'ERR_NTP_INVALID_TIMESTAMP',
          hint(1, 'only eras 0 and 1, and only bigints'),
        );
      });
    }

    it('accepts the last nanosecond of era 1', () => {
      expect(unixNsToNtp(at('2172-03-15T12:56:32Z') - 1n), hint(1, 'era 1 ends in 2172')).toEqual(
        ts(0xffff_ffff, 4_294_967_292),
      );
    });
  });

  describe('ntpToUnixNs', () => {
    const cases: Array<[string, NtpTimestamp, bigint | undefined, bigint]> = [
      ['the Unix epoch', ts(UNIX_EPOCH_NTP), undefined, 0n],
      ['fraction 2^31 is half a second', ts(UNIX_EPOCH_NTP, 2 ** 31), undefined, 500_000_000n],
      ['fraction 4 truncates to 0 ns', ts(UNIX_EPOCH_NTP, 4), undefined, 0n],
      ['fraction 5 is 1 ns', ts(UNIX_EPOCH_NTP, 5), undefined, 1n],
      [
        'fraction 2^32 − 1 is 999 999 999 ns',
        ts(UNIX_EPOCH_NTP, 0xffff_ffff),
        undefined,
        999_999_999n,
      ],
      ['seconds 0 is era 1 by default (RFC 4330 §3)', ts(0), undefined, ERA_1],
      [
        'seconds 2^31 − 1 is the end of era 1’s window (2104)',
        ts(2 ** 31 - 1),
        undefined,
        at('2104-02-26T09:42:23Z'),
      ],
      [
        'seconds 2^31 is era 0, 1968 (the top bit set)',
        ts(2 ** 31),
        undefined,
        at('1968-01-20T03:14:08Z'),
      ],
      [
        'seconds 2^32 − 1 is era 0, just before the rollover',
        ts(0xffff_ffff),
        undefined,
        ERA_1 - NS,
      ],
      [
        'seconds 0 against a pivot in 1900 is 1900',
        ts(0),
        at('1900-01-01T00:00:00Z'),
        at('1900-01-01T00:00:00Z'),
      ],
      [
        'seconds 2^31 against a pivot in 2110 is era 1 (2104)',
        ts(2 ** 31),
        at('2110-01-01T00:00:00Z'),
        at('2104-02-26T09:42:24Z'),
      ],
      [
        '2110 itself against a pivot in 2110',
        ts(Number((at('2110-06-01T00:00:00Z') / NS + 2_208_988_800n) % 4_294_967_296n)),
        at('2110-01-01T00:00:00Z'),
        at('2110-06-01T00:00:00Z'),
      ],
      [
        '1960 against a pivot in 1960',
        ts(1_893_369_600),
        at('1960-06-01T00:00:00Z'),
        at('1960-01-01T00:00:00Z'),
      ],
      [
        '2036-02-07T06:28:20Z against a pivot 10 s before the rollover',
        ts(4),
        ERA_1 - 10n * NS,
        ERA_1 + 4n * NS,
      ],
      [
        'the rollover − 5 s against a pivot 10 s after it',
        ts(0xffff_ffff - 4),
        ERA_1 + 10n * NS,
        ERA_1 - 5n * NS,
      ],
      [
        'a pivot 1 ns before 1970 is floored to −1 s, not truncated to 0',
        ts(61_505_151),
        -1n,
        -2_147_483_649n * NS,
      ],
    ];
    for (const [name, value, pivot, expected] of cases) {
      it(name, () => {
        expect(
          ntpToUnixNs(value, pivot),
          hint(1, 'the era is the one within ±2^31 s of the pivot; the fraction is floored'),
        ).toBe(expected);
      });
    }

    const bad: Array<[string, NtpTimestamp]> = [
      ['negative seconds', ts(-1)],
      ['seconds of 2^32', ts(2 ** 32)],
      ['fractional seconds', ts(1.5)],
      ['NaN seconds', ts(Number.NaN)],
      ['a negative fraction', ts(0, -1)],
      ['a fraction of 2^32', ts(0, 2 ** 32)],
      ['seconds given as a string', { seconds: '1', fraction: 0 } as unknown as NtpTimestamp],
      ['null instead of a timestamp', null as unknown as NtpTimestamp],
    ];
    for (const [name, value] of bad) {
      it(`rejects ${name} with ERR_NTP_INVALID_TIMESTAMP`, () => {
        expect(
          codeOf(() => ntpToUnixNs(value), NtpError),
          hint(1, 'both halves are uint32'),
        ).toBe('ERR_NTP_INVALID_TIMESTAMP');
      });
    }
  });

  it('ntpToUnixNs rejects a pivot that is a number, not a bigint', () => {
    expectCode(
      () => ntpToUnixNs(ts(0), 0 as unknown as bigint),
      NtpError,
      'ERR_NTP_INVALID_TIMESTAMP',
      hint(1, 'the pivot is bigint nanoseconds'),
    );
  });

  describe('milliseconds', () => {
    it('unixMsToNtp(Date.UTC(2024, 0, 1)) is 3913056000.0', () => {
      expect(unixMsToNtp(Date.UTC(2024, 0, 1)), hint(1, 'ms × 10^6 ns')).toEqual(ts(3_913_056_000));
    });
    it('unixMsToNtp(1) has fraction 4294968 (rounded up)', () => {
      expect(unixMsToNtp(1), hint(1, 'ceil(10^6 · 2^32 / 10^9)')).toEqual(
        ts(UNIX_EPOCH_NTP, 4_294_968),
      );
    });
    it('unixMsToNtp(Date.UTC(2050, 0, 1)) wraps into era 1', () => {
      expect(unixMsToNtp(Date.UTC(2050, 0, 1)), hint(1, 'modulo 2^32')).toEqual(ts(438_629_504));
    });
    for (const value of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      it(`unixMsToNtp(${value}) throws ERR_NTP_INVALID_TIMESTAMP`, () => {
        expectCode(
          () => unixMsToNtp(value),
          NtpError,
          'ERR_NTP_INVALID_TIMESTAMP',
          hint(1, 'a safe integer'),
        );
      });
    }
    it('ntpToUnixMs floors 0.999 ms to 0', () => {
      expect(ntpToUnixMs(ts(UNIX_EPOCH_NTP, 4_294_967)), hint(1, 'floor, not round')).toBe(0);
    });
    it('ntpToUnixMs floors toward −∞ before 1970: 1 ns after −1 s is −1000 ms', () => {
      expect(ntpToUnixMs(ts(UNIX_EPOCH_NTP - 1, 5)), hint(1, 'floor of a negative number')).toBe(
        -1000,
      );
    });
    it('ntpToUnixMs of −0.5 s is −500', () => {
      expect(
        ntpToUnixMs(ts(UNIX_EPOCH_NTP - 1, 2 ** 31)),
        hint(1, 'the fraction adds to the seconds'),
      ).toBe(-500);
    });
    it('ntpToUnixMs resolves the era against a pivot in milliseconds', () => {
      expect(
        ntpToUnixMs(ts(2 ** 31), Date.UTC(2110, 0, 1)),
        hint(1, 'the pivot decides the era'),
      ).toBe(Date.UTC(2104, 1, 26, 9, 42, 24));
    });
    it('ntpToUnixMs uses RFC 4330’s rule without a pivot: seconds 0 is 2036', () => {
      expect(ntpToUnixMs(ts(0)), hint(1, 'the default pivot is the start of era 1')).toBe(
        Date.UTC(2036, 1, 7, 6, 28, 16),
      );
    });
    it('ntpToUnixMs rejects a pivot that is not a safe integer', () => {
      expectCode(
        () => ntpToUnixMs(ts(0), 0.5),
        NtpError,
        'ERR_NTP_INVALID_TIMESTAMP',
        hint(1, 'check the pivot too'),
      );
    });
  });
});
