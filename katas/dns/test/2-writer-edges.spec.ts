import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { decode, encode, type ResourceRecord } from '../src/index.ts';
import { expectDnsError, message, toHex } from './helpers.ts';

const NAMES = hint(2, 'encode checks names as encodeName does');

const a = (name: string): ResourceRecord => ({
  name,
  type: 'A',
  class: 'IN',
  ttl: 0,
  data: '192.0.2.1',
});
const unknown = (name: string, size: number): ResourceRecord => ({
  name,
  type: 'TYPE65280',
  class: 'IN',
  ttl: 0,
  data: Uint8Array.from({ length: size }, (_, i) => i & 0xff),
});
const roundTrip = (answers: ResourceRecord[]): ResourceRecord[] =>
  decode(encode(message({ answers }))).answers;
/** Unknown RDATA as an array, so toEqual compares it octet by octet. */
const plain = (records: ResourceRecord[]) =>
  records.map((r) =>
    'data' in r && r.data instanceof Uint8Array ? { ...r, data: [...r.data] } : r,
  );

describe('2. Messages and records', () => {
  describe('writer edges: messages of any size', () => {
    it('writes one record of 3000 octets of RDATA whole', () => {
      const answers = [unknown('big', 3000)];
      expect(
        plain(roundTrip(answers)),
        hint(2, 'grow the buffer until what you write fits, however big it is'),
      ).toEqual(plain(answers));
    });

    it('writes RDATA of 65535 octets, the most RDLENGTH can say', () => {
      const answers = [unknown('big', 0xffff)];
      expect(plain(roundTrip(answers)), hint(2, 'RDLENGTH is 16 bits: 65535 fits')).toEqual(
        plain(answers),
      );
    });

    it('refuses RDATA of 65536 octets (ERR_DNS_BAD_RDATA, saying so)', () => {
      const e = expectDnsError(
        () => encode(message({ answers: [unknown('big', 0x10000)] })),
        'ERR_DNS_BAD_RDATA',
        hint(2, 'RDLENGTH is 16 bits: check the RDATA fits before writing its length'),
      );
      expect(e.message, hint(2, 'the error says what is wrong')).toMatch(/\S/);
    });

    it('writes names whole wherever they fall in the message (across the first 512 octets)', () => {
      // RDATA of 430 to 500 octets moves the next owner name across offset 512.
      for (let size = 430; size <= 500; size++) {
        const answers = [unknown('f', size), a('abcdefghij.klmnopqrst.example')];
        expect(
          plain(roundTrip(answers)),
          hint(2, 'make room for the whole name before writing it'),
        ).toEqual(plain(answers));
      }
    });
  });

  describe('writer edges: owner names', () => {
    it('writes "www.example.com." (a final dot) as "www.example.com"', () => {
      expect(
        toHex(encode(message({ answers: [a('www.example.com.')] }))),
        hint(2, 'one final dot is the root written out'),
      ).toBe(toHex(encode(message({ answers: [a('www.example.com')] }))));
    });

    it('writes "!" (0x21), the first printable character, as it is', () => {
      expect(roundTrip([a('a!b.test')])[0]?.name, NAMES).toBe('a!b.test');
    });

    it('writes escapes: "a\\.b.test" is the label "a.b" then "test"', () => {
      const bytes = encode(message({ answers: [a('a\\.b.test')] }));
      expect(toHex(bytes.subarray(12, 23)), NAMES).toBe('03 61 2e 62 04 74 65 73 74 00 00');
      expect(decode(bytes).answers[0]?.name, NAMES).toBe('a\\.b.test');
    });

    it.each([
      ['a leading dot', '.a.test', 'ERR_DNS_BAD_NAME'],
      ['a lone dot before the name', '..', 'ERR_DNS_BAD_NAME'],
      ['an empty label in the middle', 'a..test', 'ERR_DNS_BAD_NAME'],
      ['an empty label before the final dot', 'a..', 'ERR_DNS_BAD_NAME'],
      ['a space', 'a b.test', 'ERR_DNS_BAD_NAME'],
      ['a control character', 'a\tb.test', 'ERR_DNS_BAD_NAME'],
      ['a number instead of a string', 42, 'ERR_DNS_BAD_NAME'],
      ['undefined instead of a string', undefined, 'ERR_DNS_BAD_NAME'],
      ['a label of 64 octets', `${'a'.repeat(64)}.test`, 'ERR_DNS_LABEL_TOO_LONG'],
      [
        '256 octets on the wire',
        `${'a'.repeat(63)}.`.repeat(4).slice(0, 254),
        'ERR_DNS_NAME_TOO_LONG',
      ],
    ] as const)('refuses an owner name with %s, saying what is wrong', (_what, name, code) => {
      const e = expectDnsError(
        () => encode(message({ answers: [a(name as string)] })),
        code,
        NAMES,
      );
      expect(e.message, hint(2, 'the error says what is wrong')).toMatch(/\S/);
    });
  });
});
