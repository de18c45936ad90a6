/**
 * Type and class names at their edges (RFC 3597 §5): `TYPE<n>` and `CLASS<n>` with n a plain
 * decimal number of 16 bits, and the two type numbers whose name depends on where they stand:
 * 255 is ANY only in a question, 41 is OPT only as a record.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { decode, encode, type QuestionType, type RecordClass } from '../src/index.ts';
import { expectDnsError, header, hex, message, toHex, wireName } from './helpers.ts';

const GENERIC = hint(2, 'TYPE<n> and CLASS<n>: n is 0…65535 in decimal, no sign, no leading zero');
const WHERE = hint(2, 'ANY only in a question, OPT only as a record: elsewhere they are TYPE<n>');

/** The QTYPE and QCLASS octets of a one-question message for "a". */
const questionOctets = (type: string, cls: string): string => {
  const bytes = encode(
    message({ questions: [{ name: 'a', type: type as QuestionType, class: cls as RecordClass }] }),
  );
  return toHex(bytes.subarray(15, 19));
};

/** encode refuses the type or class name, with ERR_DNS_BAD_FIELD and a message. */
const refusesQuestion = (type: string, cls: string): void => {
  const error = expectDnsError(() => questionOctets(type, cls), 'ERR_DNS_BAD_FIELD', GENERIC);
  expect(error.message, hint(2, 'a DnsError says what was wrong')).not.toBe('');
};

describe('2. Messages and records', () => {
  describe('TYPE<n> and CLASS<n> (RFC 3597 §5)', () => {
    it.each([
      ['TYPE0', 'IN', '00 00 00 01'],
      ['TYPE65535', 'IN', 'ff ff 00 01'],
      ['TYPE1', 'CLASS1', '00 01 00 01'],
      ['A', 'CLASS0', '00 01 00 00'],
      ['A', 'CLASS65535', '00 01 ff ff'],
      ['TYPE12345', 'CLASS54321', '30 39 d4 31'],
    ])('writes %s %s as %s', (type, cls, octets) => {
      expect(questionOctets(type, cls), GENERIC).toBe(octets);
    });

    it.each([
      ['a number past 16 bits', 'TYPE65536'],
      ['a leading zero', 'TYPE01'],
      ['no number', 'TYPE'],
      ['a space after the number', 'TYPE1 '],
      ['a space before the number', 'TYPE 1'],
      ['a sign', 'TYPE+1'],
      ['an exponent', 'TYPE1e3'],
      ['hex', 'TYPE0x10'],
      ['six digits', 'TYPE000001'],
      ['another word of four letters before the number', 'XXXX1'],
      ['a name this kata does not know', 'HINFO'],
      ['a name every object has', 'constructor'],
      ['a name every object has', 'toString'],
      ['a name every object has', '__proto__'],
    ])('refuses a type with %s: %j (ERR_DNS_BAD_FIELD)', (_what, type) => {
      refusesQuestion(type, 'IN');
    });

    it.each([
      ['a number past 16 bits', 'CLASS65536'],
      ['a leading zero', 'CLASS01'],
      ['no number', 'CLASS'],
      ['a space after the number', 'CLASS1 '],
      ['an exponent', 'CLASS1e2'],
      ['another word of five letters before the number', 'XXXXX1'],
      ['a name that is no class', 'BOGUS'],
      ['a type name', 'A'],
      ['a name every object has', 'hasOwnProperty'],
      ['a name every object has', '__proto__'],
    ])('refuses a class with %s: %j (ERR_DNS_BAD_FIELD)', (_what, cls) => {
      refusesQuestion('A', cls);
    });

    it('refuses an unknown class in a record too', () => {
      expectDnsError(
        () =>
          encode(
            message({
              answers: [
                { name: 'a', type: 'A', class: 'BOGUS' as 'IN', ttl: 0, data: '192.0.2.1' },
              ],
            }),
          ),
        'ERR_DNS_BAD_FIELD',
        GENERIC,
      );
    });
  });

  describe('types 255 and 41 where they do not belong', () => {
    it('reads a record of type 255 as TYPE255 with its octets: ANY is only a question', () => {
      const m = decode(
        hex(`${header(1, 0x8000, 0, 1)} ${wireName('a')} 00 ff 00 01 00 00 00 3c 00 02 be ef`),
      );
      const got = m.answers[0] as { type: string; data: Uint8Array };
      expect(got.type, WHERE).toBe('TYPE255');
      expect([...got.data], WHERE).toEqual([0xbe, 0xef]);
    });

    it('refuses a question of type OPT: OPT is only a record (ERR_DNS_BAD_FIELD)', () => {
      const error = expectDnsError(() => questionOctets('OPT', 'IN'), 'ERR_DNS_BAD_FIELD', WHERE);
      expect(error.message, hint(2, 'a DnsError says what was wrong')).not.toBe('');
    });

    it('reads a question of type 41 as TYPE41: OPT is only a record', () => {
      const m = decode(hex(`${header(1, 0, 2, 0)} ${wireName('a')} 00 29 00 01 00 00 ff 00 ff`));
      expect(m.questions, WHERE).toEqual([
        { name: 'a', type: 'TYPE41', class: 'IN' },
        { name: '', type: 'ANY', class: 'ANY' },
      ]);
    });

    it('reads the names of every known type and class', () => {
      const types = [1, 2, 5, 6, 12, 15, 16, 28, 33, 255, 99];
      const classes = [1, 3, 4, 254, 255, 2];
      const octets = (n: number) => n.toString(16).padStart(4, '0');
      const questions = types.map(
        (t, i) => `${wireName('a')} ${octets(t)} ${octets(classes[i % classes.length] as number)}`,
      );
      const m = decode(hex(`${header(1, 0, types.length, 0)} ${questions.join(' ')}`));
      expect(
        m.questions.map((q) => `${q.type} ${q.class}`),
        hint(2, 'RFC 1035 §3.2.2, §3.2.4, RFC 3596, RFC 2782'),
      ).toEqual([
        'A IN',
        'NS CH',
        'CNAME HS',
        'SOA NONE',
        'PTR ANY',
        'MX CLASS2',
        'TXT IN',
        'AAAA CH',
        'SRV HS',
        'ANY NONE',
        'TYPE99 ANY',
      ]);
    });
  });
});
