import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { NtpPacketParser } from 'ntp-packet-parser';
import { describe, expect, it } from 'vitest';
import {
  decodePacket,
  encodePacket,
  NtpError,
  type NtpPacket,
  type NtpTimestamp,
  ntpToUnixMs,
  ntpToUnixNs,
  offsetAndDelay,
  unixMsToNtp,
  unixNsToNtp,
} from '../src/index.ts';
import { at, NS } from './sntp-server.ts';

const uint32 = fc.integer({ min: 0, max: 0xffff_ffff });
const timestamp: fc.Arbitrary<NtpTimestamp> = fc.record({ seconds: uint32, fraction: uint32 });
const shortFormat = uint32.map((raw) => raw / 65_536);

/** A packet every field of which fits: the reference id matches the stratum. */
const packet: fc.Arbitrary<NtpPacket> = fc.integer({ min: 0, max: 255 }).chain((stratum) =>
  fc.record({
    leap: fc.integer({ min: 0, max: 3 }),
    version: fc.integer({ min: 0, max: 7 }),
    mode: fc.integer({ min: 0, max: 7 }),
    stratum: fc.constant(stratum),
    poll: fc.integer({ min: -128, max: 127 }),
    precision: fc.integer({ min: -128, max: 127 }),
    rootDelay: shortFormat,
    rootDispersion: shortFormat,
    referenceId:
      stratum >= 2
        ? fc
            .array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 })
            .map((o) => o.join('.'))
        : fc
            .array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 })
            .filter((o) => o.length === 0 || o.at(-1) !== 0)
            .map((o) => String.fromCharCode(...o)),
    referenceTimestamp: timestamp,
    originTimestamp: timestamp,
    receiveTimestamp: timestamp,
    transmitTimestamp: timestamp,
  }),
);

const bytes48 = fc.uint8Array({ minLength: 48, maxLength: 48 });
const ERA_0_START = at('1900-01-01T00:00:00Z');
const ERA_2_START = at('2172-03-15T12:56:32Z');
const ROLLOVER = at('2036-02-07T06:28:16Z');
const TWO_30_S = 2n ** 30n * NS;
const instant = fc.bigInt({ min: ERA_0_START, max: ERA_2_START - 1n });

describe('7. Properties', () => {
  it('decodePacket(encodePacket(p)) is p for every packet whose fields fit', () => {
    fc.assert(
      fc.property(packet, (p) => {
        expect(
          decodePacket(encodePacket(p)),
          hint(2, 'every field written is read back the same'),
        ).toEqual(p);
      }),
      fcParams(300),
    );
  });

  it('encodePacket(decodePacket(b)) is b for any 48 bytes', () => {
    fc.assert(
      fc.property(bytes48, (b) => {
        expect(
          Buffer.from(encodePacket(decodePacket(b))).toString('hex'),
          hint(2, 'no bit is lost or invented'),
        ).toBe(Buffer.from(b).toString('hex'));
      }),
      fcParams(300),
    );
  });

  it('decodePacket of any bytes returns a packet or throws ERR_NTP_SHORT_PACKET, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
        let outcome: string;
        try {
          decodePacket(b);
          outcome = 'decoded';
        } catch (error) {
          outcome = error instanceof NtpError ? error.code : `threw ${String(error)}`;
        }
        expect(outcome, hint(2, 'check the length, then any 48 bytes decode')).toBe(
          b.length >= 48 ? 'decoded' : 'ERR_NTP_SHORT_PACKET',
        );
      }),
      fcParams(300),
    );
  });

  it('ntpToUnixNs(unixNsToNtp(t), t) is t for every nanosecond of eras 0 and 1', () => {
    fc.assert(
      fc.property(instant, (t) => {
        expect(
          ntpToUnixNs(unixNsToNtp(t), t),
          hint(1, 'fraction rounded up one way, floored the other'),
        ).toBe(t);
      }),
      fcParams(300),
    );
  });

  it('unixNsToNtp(ntpToUnixNs(ts)) is ts or at most 4 fraction units below it', () => {
    fc.assert(
      fc.property(timestamp, (ts) => {
        const back = unixNsToNtp(ntpToUnixNs(ts));
        const lost = ts.fraction - back.fraction;
        expect(
          [back.seconds, lost >= 0 && lost <= 4],
          hint(1, 'a nanosecond is 4.29 fraction units'),
        ).toEqual([ts.seconds, true]);
      }),
      fcParams(300),
    );
  });

  it('around the 2036 rollover, any pivot within 2^30 s of t recovers t’s era', () => {
    const near = fc.bigInt({ min: ROLLOVER - TWO_30_S, max: ROLLOVER + TWO_30_S });
    const shift = fc.bigInt({ min: -TWO_30_S, max: TWO_30_S });
    fc.assert(
      fc.property(near, shift, (t, d) => {
        expect(
          ntpToUnixNs(unixNsToNtp(t), t + d),
          hint(1, 'the era within ±2^31 s of the pivot'),
        ).toBe(t);
      }),
      fcParams(300),
    );
  });

  it('without a pivot, RFC 4330’s window 1968–2104 comes back exactly', () => {
    const window = fc.bigInt({
      min: at('1968-01-20T03:14:08Z'),
      max: at('2104-02-26T09:42:24Z') - 1n,
    });
    fc.assert(
      fc.property(window, (t) => {
        expect(
          ntpToUnixNs(unixNsToNtp(t)),
          hint(1, 'the default pivot is the start of era 1'),
        ).toBe(t);
      }),
      fcParams(200),
    );
  });

  it('unixMsToNtp and ntpToUnixMs round-trip every millisecond in the window', () => {
    const ms = fc.integer({ min: Date.UTC(1968, 0, 21), max: Date.UTC(2104, 1, 25) });
    fc.assert(
      fc.property(ms, (m) => {
        expect(ntpToUnixMs(unixMsToNtp(m)), hint(1, 'ms → ns → NTP and back, floored')).toBe(m);
      }),
      fcParams(200),
    );
  });

  it('offsetAndDelay agrees with the formula rearranged: θ = ((t2 + t3) − (t1 + t4)) / 2, δ = (t2 + t4) − (t1 + t3)', () => {
    const t = fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n });
    fc.assert(
      fc.property(t, t, t, t, (t1, t2, t3, t4) => {
        const sum = t2 + t3 - (t1 + t4);
        const half = sum < 0n ? -(-sum >> 1n) : sum >> 1n;
        expect(
          offsetAndDelay(t1, t2, t3, t4),
          hint(3, 'bigint arithmetic, halved toward zero'),
        ).toEqual({
          offsetNs: half,
          delayNs: t2 + t4 - (t1 + t3),
        });
      }),
      fcParams(300),
    );
  });

  it('differential: decodePacket agrees with ntp-packet-parser on the header and the timestamps', () => {
    const era0 = -2_208_988_800_000 + 2 ** 31 * 1000; // the pivot that makes every timestamp era 0
    fc.assert(
      fc.property(bytes48, (b) => {
        const ours = decodePacket(b);
        const theirs = NtpPacketParser.parse(Buffer.from(b));
        const int8 = (n: number | undefined) => ((n ?? 0) << 24) >> 24;
        const idAsNumber =
          ours.stratum === 1
            ? undefined
            : ours.stratum >= 2
              ? ours.referenceId.split('.').reduce((acc, o) => acc * 256 + Number(o), 0)
              : [...ours.referenceId.padEnd(4, '\0')].reduce(
                  (acc, c) => acc * 256 + c.charCodeAt(0),
                  0,
                );
        expect(
          [ours.leap, ours.version, ours.mode, ours.stratum, ours.poll, ours.precision],
          hint(2, 'the first four octets, poll and precision signed'),
        ).toEqual([
          theirs.leapIndicator,
          theirs.version,
          theirs.mode,
          theirs.stratum,
          int8(theirs.poll),
          int8(theirs.precision),
        ]);
        expect(
          ours.stratum === 1 ? ours.referenceId : idAsNumber,
          hint(2, 'the reference id: ASCII at stratum 1, an address above'),
        ).toBe(ours.stratum === 1 ? theirs.referenceId : Number(theirs.referenceId));
        const ms = ntpToUnixMs(ours.transmitTimestamp, era0);
        const theirMs = (theirs.transmitTimestamp as Date).getTime();
        expect(
          Math.abs(ms - theirMs) <= 1,
          hint(1, `transmit: ours ${ms} ms, theirs ${theirMs} ms (doubles lose < 1 ms)`),
        ).toBe(true);
      }),
      fcParams(300),
    );
  });
});
