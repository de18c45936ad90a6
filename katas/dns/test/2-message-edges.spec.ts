/**
 * The edges of encode and decode that the stage 2 spec does not walk: values that are not what
 * the types say (a message built by hand in JavaScript), the limits of the section counts, the
 * OPT record's owner and options, and types a record may not have.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  DnsError,
  type DnsErrorCode,
  type DnsMessage,
  decode,
  encode,
  type OptRecord,
  type Question,
  type ResourceRecord,
} from '../src/index.ts';
import { expectDnsError, header, hex, message, toHex, wireName } from './helpers.ts';

const FIELD = hint(2, 'check the shape of what you are given before you write it');
const OPT_HINT = hint(2, 'OPT is special: its name must be the root');
const BOUNDS = hint(2, 'bound every read by the message end, and every RDATA by its RDLENGTH');

const SAYS = hint(2, 'a DnsError says what was wrong: a code, and a message for people');

/** expectDnsError, and the error has a message to show. */
const refuses = (fn: () => unknown, code: DnsErrorCode, hintText: string): DnsError => {
  const error = expectDnsError(fn, code, hintText);
  expect(error.message, SAYS).not.toBe('');
  return error;
};

/** Anything at all, as a message: the specs below pass what the types forbid. */
const loose = (m: unknown): DnsMessage => m as DnsMessage;

const opt = (more: Partial<OptRecord> = {}): OptRecord => ({
  name: '',
  type: 'OPT',
  udpPayloadSize: 1232,
  extendedRcode: 0,
  version: 0,
  flags: 0,
  options: [],
  ...more,
});

const Q: Question = { name: 'a', type: 'A', class: 'IN' };
const A: ResourceRecord = { name: 'a', type: 'A', class: 'IN', ttl: 0, data: '192.0.2.1' };

/** A message with one additional record whose RDATA is `rdata` (hex), owned by `owner`. */
const withAdditional = (owner: string, type: string, rdata: string): Uint8Array => {
  const length = rdata.trim() === '' ? 0 : rdata.trim().split(/\s+/).length;
  return hex(
    `${header(1, 0, 0, 0, 0, 1)} ${wireName(owner)} ${type} 04 d0 00 00 00 00 ${length
      .toString(16)
      .padStart(4, '0')} ${rdata}`,
  );
};

describe('2. Messages and records', () => {
  describe('encode, given something that is not a message', () => {
    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a string', 'example.com'],
      ['a number', 7],
    ])('refuses %s as the message (ERR_DNS_BAD_FIELD)', (_what, value) => {
      const error = refuses(() => encode(loose(value)), 'ERR_DNS_BAD_FIELD', FIELD);
      expect(error.name, hint(2, 'throw new DnsError(…): its name is "DnsError"')).toBe('DnsError');
      expect(String(error), SAYS).toMatch(/^DnsError: ./);
    });

    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a number', 0x0100],
    ])('refuses %s as the flags (ERR_DNS_BAD_FIELD)', (_what, flags) => {
      refuses(() => encode(loose({ ...message(), flags })), 'ERR_DNS_BAD_FIELD', FIELD);
    });

    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a string', 'a'],
    ])('refuses %s as a question (ERR_DNS_BAD_FIELD)', (_what, q) => {
      refuses(() => encode(loose({ ...message(), questions: [Q, q] })), 'ERR_DNS_BAD_FIELD', FIELD);
    });

    it.each(['answers', 'authorities', 'additionals'] as const)(
      'refuses null, undefined or a string as a record of the %s',
      (section) => {
        for (const r of [null, undefined, 'a 60 IN A 192.0.2.1']) {
          refuses(
            () => encode(loose({ ...message(), [section]: [A, r] })),
            'ERR_DNS_BAD_FIELD',
            FIELD,
          );
        }
      },
    );
  });

  describe('the four sections', () => {
    it('writes a section left out of the message as an empty one', () => {
      const bytes = encode(loose({ id: 0x0102, flags: message().flags }));
      expect(toHex(bytes), hint(2, 'a section that is not there has count 0')).toBe(
        toHex(hex(header(0x0102, 0, 0, 0))),
      );
      expect(decode(bytes)).toEqual(message({ id: 0x0102 }));
    });

    it.each(['questions', 'answers', 'authorities', 'additionals'] as const)(
      'refuses %s that are not a list (ERR_DNS_BAD_FIELD)',
      (section) => {
        for (const value of [{}, { length: 1, 0: A }, 'abc', 3, null]) {
          refuses(
            () => encode(loose({ ...message(), [section]: value })),
            'ERR_DNS_BAD_FIELD',
            FIELD,
          );
        }
      },
    );

    it.each([
      ['questions', Q],
      ['answers', A],
      ['authorities', A],
      ['additionals', A],
    ] as const)('refuses 65536 %s: the count has 16 bits (ERR_DNS_BAD_FIELD)', (section, entry) => {
      const list = new Array<unknown>(65536).fill(entry);
      refuses(
        () => encode(loose({ ...message(), [section]: list })),
        'ERR_DNS_BAD_FIELD',
        hint(2, 'QDCOUNT, ANCOUNT, NSCOUNT and ARCOUNT are 16 bits: 65535 at most'),
      );
    });

    it('writes 65535 questions, the most a count can say', () => {
      const root: Question = { name: '', type: 'A', class: 'IN' };
      const bytes = encode(message({ questions: new Array<Question>(65535).fill(root) }));
      expect(toHex(bytes.subarray(4, 6)), hint(2, 'a count of 65535 fits its 16 bits')).toBe(
        'ff ff',
      );
      expect(bytes.length).toBe(12 + 65535 * 5);
    });
  });

  describe('the OPT record (RFC 6891 §6.1.2)', () => {
    it('writes the root owner, type 41, the payload size as CLASS and the rest as TTL', () => {
      const bytes = encode(
        message({
          additionals: [
            opt({
              udpPayloadSize: 4096,
              extendedRcode: 1,
              version: 2,
              flags: 0x8000,
              options: [{ code: 10, data: Uint8Array.from([1, 2, 3]) }],
            }),
          ],
        }),
      );
      expect(toHex(bytes.subarray(12)), OPT_HINT).toBe(
        '00 00 29 10 00 01 02 80 00 00 07 00 0a 00 03 01 02 03',
      );
    });

    it('takes "." as the root owner too, as names take a final dot', () => {
      const bytes = encode(message({ additionals: [opt({ name: '.' as '' })] }));
      expect(toHex(bytes.subarray(12, 15)), OPT_HINT).toBe('00 00 29');
    });

    it.each(['a', 'example.com', 'a.'])('refuses OPT owned by %j (ERR_DNS_BAD_FIELD)', (name) => {
      refuses(
        () => encode(message({ additionals: [opt({ name: name as '' })] })),
        'ERR_DNS_BAD_FIELD',
        OPT_HINT,
      );
    });

    it.each([
      ['undefined', undefined],
      ['a list of numbers', [1, 2, 3]],
      ['a string', '010203'],
    ])('refuses option data that is %s (ERR_DNS_BAD_RDATA)', (_what, data) => {
      refuses(
        () =>
          encode(
            message({
              additionals: [opt({ options: [{ code: 10, data: data as unknown as Uint8Array }] })],
            }),
          ),
        'ERR_DNS_BAD_RDATA',
        hint(2, 'an EDNS option is code, length, and data as octets (a Uint8Array)'),
      );
    });

    it('refuses OPT owned by another name when it reads one (ERR_DNS_BAD_RDATA)', () => {
      refuses(() => decode(withAdditional('a', '00 29', '')), 'ERR_DNS_BAD_RDATA', OPT_HINT);
    });

    it.each([
      ['an option header of 2 octets', '00 0a'],
      ['an option header of 3 octets', '00 0a 00'],
      ['an option that claims 8 octets and has 2', '00 0a 00 08 01 02'],
      ['a second option that claims one octet too many', '00 0a 00 01 01 00 0b 00 02 05'],
    ])('refuses %s inside the OPT RDATA (ERR_DNS_BAD_RDATA)', (_what, rdata) => {
      // Octets after the record: a reader that ignores RDLENGTH finds them.
      const bytes = new Uint8Array([...withAdditional('', '00 29', rdata), 0, 0, 0, 0, 0, 0]);
      refuses(
        () => decode(bytes),
        'ERR_DNS_BAD_RDATA',
        hint(2, 'each option is code(2) length(2) data, and all of it inside RDLENGTH'),
      );
    });

    it('reads options that end exactly at RDLENGTH', () => {
      const m = decode(withAdditional('', '00 29', '00 0a 00 01 07 00 0b 00 00'));
      const got = m.additionals[0] as OptRecord;
      expect(
        got.options.map((o) => [o.code, [...o.data]]),
        hint(2, 'each option is code(2) length(2) data'),
      ).toEqual([
        [10, [7]],
        [11, []],
      ]);
    });
  });

  describe('types a record may not have', () => {
    it.each(['ANY', 'TYPE255', 'TYPE41'])(
      'refuses a record of type %s: ANY is for questions, OPT has its own shape',
      (type) => {
        refuses(
          () =>
            encode(
              message({
                answers: [
                  {
                    name: 'a',
                    type: type as 'TYPE255',
                    class: 'IN',
                    ttl: 0,
                    data: Uint8Array.of(1),
                  },
                ],
              }),
            ),
          'ERR_DNS_BAD_FIELD',
          hint(2, 'type 255 (ANY) only in a question; type 41 only as the OPT record'),
        );
      },
    );
  });

  describe('decode, given something that is not octets', () => {
    it.each([
      ['an array of numbers', new Array<number>(12).fill(0)],
      ['a string of 12 characters', '\0'.repeat(12)],
      ['null', null],
      ['undefined', undefined],
    ])('refuses %s (ERR_DNS_BAD_FIELD)', (_what, value) => {
      refuses(
        () => decode(value as unknown as Uint8Array),
        'ERR_DNS_BAD_FIELD',
        hint(2, 'decode takes a Uint8Array (a Buffer is one)'),
      );
    });

    it('reads a Buffer, which is a Uint8Array', () => {
      expect(decode(Buffer.from(hex(header(5, 0, 0, 0)))).id, BOUNDS).toBe(5);
    });
  });

  it('throws DnsError, an Error, with a stack', () => {
    const error = refuses(() => decode(hex('00 01')), 'ERR_DNS_UNEXPECTED_END', BOUNDS);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DnsError);
    expect(error.stack, SAYS).toMatch(/^DnsError: ./);
  });
});
