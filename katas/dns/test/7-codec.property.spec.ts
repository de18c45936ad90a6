import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import * as dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DnsError,
  type DnsErrorCode,
  decode,
  decodeName,
  encode,
  encodeName,
} from '../src/index.ts';
import {
  aaaaAsBytes,
  fromPacket,
  labelText,
  plainBytes,
  plainMessage,
  toPacket,
  wideMessage,
} from './arbitraries.ts';

const ROUND_TRIP = hint(
  7,
  'a bug of stages 1-3 the examples missed: the counterexample is shrunk, replay it',
);
const DECODE_CODES: DnsErrorCode[] = [
  'ERR_DNS_UNEXPECTED_END',
  'ERR_DNS_BAD_POINTER',
  'ERR_DNS_BAD_LABEL_TYPE',
  'ERR_DNS_NAME_TOO_LONG',
  'ERR_DNS_BAD_RDATA',
];

/** decode(bytes) returns, or throws a DnsError with a decode code: nothing else. */
function decodesOrRefuses(bytes: Uint8Array): void {
  try {
    decode(bytes);
  } catch (error) {
    expect(error, hint(7, 'every failure of decode is a DnsError')).toBeInstanceOf(DnsError);
    expect(DECODE_CODES, hint(7, 'decode throws one of the decode codes')).toContain(
      (error as DnsError).code,
    );
  }
}

describe('7. Properties', () => {
  it('decode(encode(m)) = m for any message the model can say', () => {
    fc.assert(
      fc.property(wideMessage, (m) => {
        expect(plainBytes(decode(encode(m))), ROUND_TRIP).toEqual(m);
      }),
      fcParams(200),
    );
  });

  it('dns-packet reads what encode writes as the same message (differential)', () => {
    fc.assert(
      fc.property(plainMessage, (m) => {
        const theirs = fromPacket(dnsPacket.decode(Buffer.from(encode(m))));
        expect(theirs, hint(7, 'a production decoder disagrees with your encoder')).toEqual(
          aaaaAsBytes(m),
        );
      }),
      fcParams(200),
    );
  });

  it('decode reads what dns-packet writes as the same message (differential)', () => {
    fc.assert(
      fc.property(plainMessage, (m) => {
        const bytes = dnsPacket.encode(toPacket(m));
        expect(
          plainBytes(decode(bytes)),
          hint(7, 'a production encoder disagrees with your decoder'),
        ).toEqual(m);
      }),
      fcParams(200),
    );
  });

  it('compression never makes a message longer than dns-packet writes it uncompressed', () => {
    fc.assert(
      fc.property(plainMessage, (m) => {
        expect(
          encode(m).length,
          hint(7, 'a pointer replaces labels only when it is shorter'),
        ).toBeLessThanOrEqual(dnsPacket.encode(toPacket(m)).length);
      }),
      fcParams(200),
    );
  });

  it('decodeName(encodeName(n)) = n for names of any octets', () => {
    const name = fc
      .array(fc.uint8Array({ minLength: 1, maxLength: 30 }), { maxLength: 6 })
      .map((labels) => labels.map(labelText).join('.'));
    fc.assert(
      fc.property(name, (n) => {
        expect(
          decodeName(encodeName(n), 0).name,
          hint(7, 'escape ".", "\\" and octets outside "!"…"~"'),
        ).toBe(n);
      }),
      fcParams(200),
    );
  });

  it('decode of any octets returns or throws a DnsError, and ends', () => {
    const header = fc
      .tuple(
        fc.uint8Array({ minLength: 4, maxLength: 4 }),
        fc.array(fc.nat(3), { minLength: 4, maxLength: 4 }),
      )
      .map(([idFlags, counts]) => [...idFlags, ...counts.flatMap((c) => [0, c])]);
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc
        .tuple(
          header,
          fc.array(fc.oneof(fc.nat(255), fc.constantFrom(0xc0, 0xc0, 0x0c, 0, 1, 3, 0x40, 0x80)), {
            maxLength: 200,
          }),
        )
        .map(([h, rest]) => Uint8Array.from([...h, ...rest])),
    );
    fc.assert(fc.property(bytes, decodesOrRefuses), fcParams(1000));
  });

  it('decode of a damaged real message returns or throws a DnsError, and ends', () => {
    const damaged = fc
      .tuple(
        plainMessage,
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
      )
      .map(([m, flips, cut]) => {
        const bytes = encode(m).slice();
        for (const [at, v] of flips) bytes[12 + (at % Math.max(1, bytes.length - 12))] = v;
        return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
      });
    fc.assert(fc.property(damaged, decodesOrRefuses), fcParams(500));
  });
});
