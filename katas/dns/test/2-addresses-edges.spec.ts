import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../src/index.ts';
import { expectDnsError, message } from './helpers.ts';

type AddressType = 'A' | 'AAAA';

/** Writes one A or AAAA record with `data` and reads its data back. */
function roundTrip(type: AddressType, data: unknown): unknown {
  const m = decode(
    encode(message({ answers: [{ name: 'a', type, class: 'IN', ttl: 0, data } as never] })),
  );
  const r = m.answers[0];
  return r !== undefined && 'data' in r ? r.data : undefined;
}

/** Encodes one A or AAAA record with `data`, for the cases that must throw. */
const write = (type: AddressType, data: unknown) => () =>
  encode(message({ answers: [{ name: 'a', type, class: 'IN', ttl: 0, data } as never] }));

const STRICT = hint(
  2,
  'parse the address strictly: four decimal parts, or eight hex groups with one "::"',
);

describe('2. Messages and records', () => {
  describe('IPv4 addresses at the edges', () => {
    it.each([['0.0.0.0'], ['255.255.255.255'], ['10.200.99.100']])(
      'writes A %j and reads it back',
      (text) => {
        expect(roundTrip('A', text), hint(2, 'each part is 0…255, both ends included')).toBe(text);
      },
    );

    it.each([
      ['an empty part', '1..2.3'],
      ['an empty first part', '.1.2.3'],
      ['an empty last part', '1.2.3.'],
      ['five parts', '1.2.3.4.5'],
      ['a letter after the digits', '1.2.3.4a'],
      ['a colon', '1.2.3:4'],
      ['a hex part', '1.2.3.0x4'],
      ['a negative part', '1.2.3.-1'],
      ['a sign', '1.2.+3.4'],
      ['a part of 256', '1.2.256.4'],
      ['a zero with a leading zero', '1.00.3.4'],
    ])('refuses to write A with %s (%j) with ERR_DNS_BAD_RDATA', (_what, data) => {
      expectDnsError(write('A', data), 'ERR_DNS_BAD_RDATA', STRICT);
    });

    it('refuses A data given as four octets instead of text', () => {
      expectDnsError(
        write('A', [192, 0, 2, 1]),
        'ERR_DNS_BAD_RDATA',
        hint(2, 'the data of an A record is its text; anything else is ERR_DNS_BAD_RDATA'),
      );
    });
  });

  describe('IPv6 addresses at the edges', () => {
    it.each([
      ['::1:2:3:4:5:6:7', '0:1:2:3:4:5:6:7'],
      ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
      ['1:2:3::4:5:6:7', '1:2:3:0:4:5:6:7'],
      ['::ffff:0.0.0.0', '::ffff:0:0'],
      ['0:0:1:0:0:0:1:0', '0:0:1::1:0'],
      ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
      ['1:2:3:4:5:6:0:0', '1:2:3:4:5:6::'],
    ])('writes AAAA %j and reads it back as %j', (text, canonical) => {
      expect(
        roundTrip('AAAA', text),
        hint(2, '"::" is one or more zero groups; write back the first longest run as "::"'),
      ).toBe(canonical);
    });

    it.each([
      ['a "::" that stands for no group', '1:2:3:4:5:6:7::8'],
      ['a "::" after eight groups', '1:2:3:4:5:6:7:8::'],
      ['two "::" after eight groups', '1:2:3:4:5:6:7:8::1::2'],
      ['nine groups around "::"', '1:2:3:4::5:6:7:8:9'],
      ['an empty group', '1:2:3:4:5:6:7:'],
      ['a group of five digits', '1:2:3:4:5:6:7:12345'],
    ])('refuses to write AAAA with %s (%j) with ERR_DNS_BAD_RDATA', (_what, data) => {
      expectDnsError(write('AAAA', data), 'ERR_DNS_BAD_RDATA', STRICT);
    });

    it('refuses AAAA data given as 16 octets instead of text', () => {
      expectDnsError(
        write('AAAA', new Uint8Array(16)),
        'ERR_DNS_BAD_RDATA',
        hint(2, 'the data of an AAAA record is its text; anything else is ERR_DNS_BAD_RDATA'),
      );
    });
  });

  describe('malformed address text is ERR_DNS_BAD_RDATA', () => {
    it.each([
      ['A', '1.2.3'],
      ['A', '1..2.3'],
      ['A', '1.2.3.4.5'],
      ['A', '01.2.3.4'],
      ['A', '256.0.0.1'],
      ['A', '1.2.3.x'],
      ['AAAA', '1::2::3'],
      ['AAAA', '1:2:3:4:5:6:7:zz'],
      ['AAAA', '1:2:3:4:5:6:7'],
      ['AAAA', '1:2:3:4:5:6:7::8'],
    ] as const)('%s %j', (type, data) => {
      expectDnsError(write(type, data), 'ERR_DNS_BAD_RDATA', STRICT);
    });

    it.each([
      ['A', 4],
      ['AAAA', 6],
    ] as const)('%s data that is not text is ERR_DNS_BAD_RDATA too', (type, data) => {
      const error = expectDnsError(write(type, data), 'ERR_DNS_BAD_RDATA', STRICT);
      expect(error.message, hint(2, 'a DnsError says what is wrong in its message')).not.toBe('');
    });
  });
});
