import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type DnsError, decode, encode, type ResourceRecord } from '../src/index.ts';
import { expectDnsError, header, hex, message, wireName } from './helpers.ts';

const RDLENGTH = hint(
  2,
  'bound every RDATA by its RDLENGTH: a field that runs past it is bad RDATA',
);
const SAYS = hint(2, 'a DnsError says what is wrong in its message');

/** One record owned by "a". */
const record = (type: string, data: unknown): ResourceRecord =>
  ({ name: 'a', type, class: 'IN', ttl: 0, data }) as ResourceRecord;
const encodeOne = (type: string, data: unknown): Uint8Array =>
  encode(message({ answers: [record(type, data)] }));

/** A response with one answer owned by "a": TYPE (4 hex digits), RDLENGTH, then `rest` as hex. */
function answer(type: string, rdlength: number, rest: string): Uint8Array {
  const len = rdlength.toString(16).padStart(4, '0');
  return hex(
    `${header(1, 0x8000, 0, 1)} ${wireName('a')} ${type} 00 01 00 00 00 00 ${len} ${rest}`,
  );
}

/** Asserts the DnsError's message is not empty (specs never read its wording). */
function says(error: DnsError): void {
  expect(error.message, SAYS).toMatch(/\S/);
}

describe('2. Messages and records', () => {
  describe('RDATA edges: what encode refuses', () => {
    it.each(['A', 'AAAA', 'NS', 'CNAME', 'PTR', 'MX', 'TXT', 'SRV', 'SOA', 'TYPE65280'])(
      'a record of type %s whose data is null or undefined (ERR_DNS_BAD_RDATA)',
      (type) => {
        for (const data of [null, undefined]) {
          const e = expectDnsError(
            () => encodeOne(type, data),
            'ERR_DNS_BAD_RDATA',
            hint(2, 'check that data is there before reading its fields'),
          );
          says(e);
        }
      },
    );

    const mx = { preference: 1, exchange: 'b' };
    const srv = { priority: 1, weight: 2, port: 3, target: 'b' };
    const soa = {
      mname: 'ns.b',
      rname: 'h.b',
      serial: 1,
      refresh: 2,
      retry: 3,
      expire: 4,
      minimum: 5,
    };
    it.each([
      ['MX', { ...mx, preference: 0x10000 }, 'preference'],
      ['SRV', { ...srv, priority: 0x10000 }, 'priority'],
      ['SRV', { ...srv, weight: -1 }, 'weight'],
      ['SRV', { ...srv, port: 1.5 }, 'port'],
      ['SOA', { ...soa, serial: 2 ** 32 }, 'serial'],
      ['SOA', { ...soa, refresh: -1 }, 'refresh'],
      ['SOA', { ...soa, retry: 2 ** 32 }, 'retry'],
      ['SOA', { ...soa, expire: '4' }, 'expire'],
      ['SOA', { ...soa, minimum: 2 ** 32 }, 'minimum'],
    ])('%s with a bad %s… field: ERR_DNS_BAD_FIELD', (type, data, _field) => {
      const e = expectDnsError(
        () => encodeOne(type, data),
        'ERR_DNS_BAD_FIELD',
        hint(2, 'each number must fit its bits: 16 for MX and SRV, 32 for SOA'),
      );
      says(e);
    });

    it('a TXT record without strings, or with a string that is not a string', () => {
      for (const data of [[], [5], ['ok', null]]) {
        const e = expectDnsError(
          () => encodeOne('TXT', data),
          'ERR_DNS_BAD_RDATA',
          hint(2, 'TXT data is one or more strings'),
        );
        says(e);
      }
    });

    it('a TXT string of 256 octets in UTF-8', () => {
      const e = expectDnsError(
        () => encodeOne('TXT', ['é'.repeat(128)]),
        'ERR_DNS_BAD_RDATA',
        hint(2, 'count UTF-8 octets, not characters'),
      );
      says(e);
    });

    it('accepts a non-ASCII TXT string of exactly 255 octets in UTF-8', () => {
      const data = [`${'é'.repeat(127)}x`];
      const back = decode(encodeOne('TXT', data)).answers[0];
      expect(
        back?.type === 'TXT' && back.data,
        hint(2, '255 octets is the most a character-string holds, and it may'),
      ).toEqual(data);
    });

    it('writes TXT strings whole wherever they fall in the message (across the first 512 octets)', () => {
      // A first string of 255 octets, then one of every length from 200 to 255: one of them
      // crosses offset 512, the size a first buffer often has.
      for (let n = 200; n <= 255; n++) {
        const data = ['x'.repeat(255), 'y'.repeat(n)];
        const back = decode(encodeOne('TXT', data)).answers[0];
        expect(
          back?.type === 'TXT' && back.data,
          hint(2, 'make room for the length octet and every octet of the string'),
        ).toEqual(data);
      }
    });

    it.each([
      ['a list of numbers', [1, 2, 3]],
      ['a string', 'abc'],
      ['an object', { 0: 1, length: 1 }],
    ])('an unknown type whose data is %s, not a Uint8Array', (_what, data) => {
      const e = expectDnsError(
        () => encodeOne('TYPE65280', data),
        'ERR_DNS_BAD_RDATA',
        hint(2, 'RFC 3597 RDATA is octets: a Uint8Array'),
      );
      says(e);
    });
  });

  describe('RDATA edges: what decode refuses', () => {
    it.each([
      // An SOA whose mname "a" ends one octet past RDLENGTH, on the last octet of the message.
      ['an SOA whose mname runs past RDLENGTH', '00 06', 2, '01 61 00'],
      ['a CNAME whose name runs past RDLENGTH', '00 05', 2, '01 61 00'],
      // An MX of 2 octets at the end of the message: no room for the exchange.
      ['an MX of 2 octets', '00 0f', 2, '00 0a'],
      ['an MX of no octets', '00 0f', 0, ''],
      ['an SRV of 6 octets', '00 21', 6, '00 01 00 02 00 03'],
      ['an SRV of no octets', '00 21', 0, ''],
      ['a TXT of no octets', '00 10', 0, ''],
      // "03 61 62 63" would be "abc", but RDLENGTH is 3: the string runs one octet past it.
      ['a TXT string that ends one octet past RDLENGTH', '00 10', 3, '03 61 62 63 64'],
      ['a TXT string that ends two octets past RDLENGTH', '00 10', 2, '02 61 62 63'],
    ])('%s (ERR_DNS_BAD_RDATA)', (_what, type, rdlength, rest) => {
      const e = expectDnsError(
        () => decode(answer(type, rdlength, rest)),
        'ERR_DNS_BAD_RDATA',
        RDLENGTH,
      );
      says(e);
    });
  });
});
