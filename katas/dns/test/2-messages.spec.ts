import { hint } from '@hbu/kata-kit/expect-code';
import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { type DnsFlags, decode, encode, type ResourceRecord } from '../src/index.ts';
import { expectDnsError, header, hex, message, toHex, wireName } from './helpers.ts';

const HEADER = hint(
  2,
  'QR|Opcode(4)|AA|TC|RD|RA|Z|AD|CD|RCODE(4), high bit first (RFC 1035 §4.1.1)',
);
const RECORD = hint(2, 'NAME TYPE CLASS TTL RDLENGTH RDATA, then the RDATA of that type');

// A query for example.com A IN, id 0x1234, RD set.
const QUERY = `${header(0x1234, 0x0100, 1, 0)} ${wireName('example.com')} 00 01 00 01`;

describe('2. Messages and records', () => {
  describe('the header and the question', () => {
    it('decodes a query', () => {
      expect(decode(hex(QUERY)), HEADER).toEqual(
        message({
          id: 0x1234,
          flags: { rd: true },
          questions: [{ name: 'example.com', type: 'A', class: 'IN' }],
        }),
      );
    });

    it('encodes the same query to the same octets', () => {
      const m = message({
        id: 0x1234,
        flags: { rd: true },
        questions: [{ name: 'example.com', type: 'A', class: 'IN' }],
      });
      expect(toHex(encode(m)), HEADER).toBe(toHex(hex(QUERY)));
    });

    it.each<[keyof DnsFlags, number]>([
      ['qr', 0x8000],
      ['aa', 0x0400],
      ['tc', 0x0200],
      ['rd', 0x0100],
      ['ra', 0x0080],
      ['z', 0x0040],
      ['ad', 0x0020],
      ['cd', 0x0010],
    ])('puts flag %s at 0x%s and reads it back', (flag, bit) => {
      const bytes = encode(message({ flags: { [flag]: true } }));
      expect((bytes[2] as number) * 256 + (bytes[3] as number), HEADER).toBe(bit);
      expect(decode(bytes).flags, HEADER).toEqual({ ...message().flags, [flag]: true });
    });

    it('puts the opcode in bits 11-14 and the RCODE in bits 0-3', () => {
      const bytes = encode(message({ id: 7, flags: { opcode: 5, rcode: 3, qr: true } }));
      expect(toHex(bytes.subarray(0, 4)), HEADER).toBe('00 07 a8 03');
      expect(decode(bytes).flags, HEADER).toMatchObject({ opcode: 5, rcode: 3, qr: true });
    });

    it('reads questions of any type and class: ANY, TYPE<n>, CH, CLASS<n> (RFC 3597 §5)', () => {
      const bytes = hex(
        `${header(1, 0, 3, 0)} ${wireName('a')} 00 ff 00 01 ${wireName('b')} 00 10 00 03 ${wireName('c')} ff 00 04 d2`,
      );
      expect(
        decode(bytes).questions,
        hint(2, 'an unknown type is TYPE<n>, a class CLASS<n>'),
      ).toEqual([
        { name: 'a', type: 'ANY', class: 'IN' },
        { name: 'b', type: 'TXT', class: 'CH' },
        { name: 'c', type: 'TYPE65280', class: 'CLASS1234' },
      ]);
    });
  });

  describe('records, read from what dns-packet writes', () => {
    const cases: Array<[string, dnsPacket.Answer, ResourceRecord]> = [
      [
        'A',
        { name: 'a.test', type: 'A', ttl: 60, data: '192.0.2.1' },
        { name: 'a.test', type: 'A', class: 'IN', ttl: 60, data: '192.0.2.1' },
      ],
      [
        'AAAA',
        { name: 'a.test', type: 'AAAA', ttl: 60, data: '2001:db8::1' },
        { name: 'a.test', type: 'AAAA', class: 'IN', ttl: 60, data: '2001:db8::1' },
      ],
      [
        'CNAME',
        { name: 'www.test', type: 'CNAME', ttl: 5, data: 'web.test' },
        { name: 'www.test', type: 'CNAME', class: 'IN', ttl: 5, data: 'web.test' },
      ],
      [
        'NS',
        { name: 'test', type: 'NS', ttl: 5, data: 'ns1.test' },
        { name: 'test', type: 'NS', class: 'IN', ttl: 5, data: 'ns1.test' },
      ],
      [
        'PTR',
        { name: '1.2.0.192.in-addr.arpa', type: 'PTR', ttl: 5, data: 'a.test' },
        { name: '1.2.0.192.in-addr.arpa', type: 'PTR', class: 'IN', ttl: 5, data: 'a.test' },
      ],
      [
        'MX',
        { name: 'test', type: 'MX', ttl: 5, data: { preference: 10, exchange: 'mx.test' } },
        {
          name: 'test',
          type: 'MX',
          class: 'IN',
          ttl: 5,
          data: { preference: 10, exchange: 'mx.test' },
        },
      ],
      [
        'TXT with several strings',
        { name: 't.test', type: 'TXT', ttl: 5, data: ['v=spf1 -all', '', 'héllo'] },
        { name: 't.test', type: 'TXT', class: 'IN', ttl: 5, data: ['v=spf1 -all', '', 'héllo'] },
      ],
      [
        'SRV',
        {
          name: '_sip._udp.test',
          type: 'SRV',
          ttl: 5,
          data: { priority: 1, weight: 2, port: 5060, target: 'sip.test' },
        },
        {
          name: '_sip._udp.test',
          type: 'SRV',
          class: 'IN',
          ttl: 5,
          data: { priority: 1, weight: 2, port: 5060, target: 'sip.test' },
        },
      ],
      [
        'SOA',
        {
          name: 'test',
          type: 'SOA',
          ttl: 5,
          data: {
            mname: 'ns.test',
            rname: 'hostmaster.test',
            serial: 2024010101,
            refresh: 7200,
            retry: 900,
            expire: 1209600,
            minimum: 300,
          },
        },
        {
          name: 'test',
          type: 'SOA',
          class: 'IN',
          ttl: 5,
          data: {
            mname: 'ns.test',
            rname: 'hostmaster.test',
            serial: 2024010101,
            refresh: 7200,
            retry: 900,
            expire: 1209600,
            minimum: 300,
          },
        },
      ],
      [
        'an unknown type (HINFO is one to this kata)',
        { name: 'h.test', type: 'HINFO', ttl: 5, data: { cpu: 'x', os: 'y' } },
        {
          name: 'h.test',
          type: 'TYPE13',
          class: 'IN',
          ttl: 5,
          data: Uint8Array.from([1, 0x78, 1, 0x79]),
        },
      ],
      [
        'a TTL with the top bit set, unsigned',
        { name: 'a.test', type: 'A', ttl: 0xffffffff, data: '10.0.0.1' },
        { name: 'a.test', type: 'A', class: 'IN', ttl: 4294967295, data: '10.0.0.1' },
      ],
    ];

    it.each(cases)('reads %s', (_what, answer, expected) => {
      const bytes = dnsPacket.encode({ type: 'response', id: 9, answers: [answer] });
      const m = decode(bytes);
      const got = m.answers[0] as { type: string; data: unknown };
      if (got?.type?.startsWith('TYPE')) {
        expect({ ...got, data: [...(got.data as Uint8Array)] }, RECORD).toEqual({
          ...expected,
          data: [...((expected as { data: unknown }).data as Uint8Array)],
        });
      } else {
        expect(got, RECORD).toEqual(expected);
      }
    });

    it('reads the OPT pseudo-record (RFC 6891 §6.1.2)', () => {
      const bytes = dnsPacket.encode({
        type: 'query',
        id: 1,
        additionals: [
          {
            name: '.',
            type: 'OPT',
            udpPayloadSize: 1232,
            extendedRcode: 1,
            ednsVersion: 0,
            flags: dnsPacket.DNSSEC_OK,
            options: [{ code: 10, data: Buffer.from('0102030405060708', 'hex') }],
          } as unknown as dnsPacket.Answer,
        ],
      });
      const opt = decode(bytes).additionals[0];
      expect(
        opt,
        hint(2, 'CLASS is the payload size; TTL is ext-RCODE, version, flags'),
      ).toMatchObject({
        name: '',
        type: 'OPT',
        udpPayloadSize: 1232,
        extendedRcode: 1,
        version: 0,
        flags: 0x8000,
      });
      expect(opt?.type === 'OPT' && opt.options.map((o) => [o.code, [...o.data]])).toEqual([
        [10, [1, 2, 3, 4, 5, 6, 7, 8]],
      ]);
    });

    it('reads the answer, authority and additional sections in order', () => {
      const bytes = dnsPacket.encode({
        type: 'response',
        id: 2,
        answers: [{ name: 'a', type: 'A', data: '1.1.1.1' }],
        authorities: [{ name: 'b', type: 'NS', data: 'ns.b' }],
        additionals: [{ name: 'ns.b', type: 'A', data: '2.2.2.2' }],
      });
      const m = decode(bytes);
      expect(
        [m.answers, m.authorities, m.additionals].map((s) => s.map((r) => r.name)),
        hint(2, 'the four header counts size the four sections'),
      ).toEqual([['a'], ['b'], ['ns.b']]);
    });

    it('ignores octets after the last record', () => {
      const bytes = new Uint8Array([...hex(QUERY), 0xde, 0xad]);
      expect(decode(bytes).questions, HEADER).toHaveLength(1);
    });
  });

  describe('records, written so dns-packet reads them', () => {
    const records: Exclude<ResourceRecord, { type: 'OPT' }>[] = [
      { name: 'a.test', type: 'A', class: 'IN', ttl: 1, data: '203.0.113.9' },
      { name: 'a.test', type: 'AAAA', class: 'IN', ttl: 2, data: 'fe80::1:2' },
      { name: 'w.test', type: 'CNAME', class: 'IN', ttl: 3, data: 'a.test' },
      {
        name: 'test',
        type: 'MX',
        class: 'IN',
        ttl: 4,
        data: { preference: 5, exchange: 'a.test' },
      },
      { name: 't.test', type: 'TXT', class: 'IN', ttl: 5, data: ['one', 'two'] },
      {
        name: '_x._tcp.test',
        type: 'SRV',
        class: 'IN',
        ttl: 6,
        data: { priority: 0, weight: 5, port: 443, target: 'a.test' },
      },
    ];
    it.each(records.map((r) => [r.type, r] as const))('writes %s', (_type, record) => {
      const back = dnsPacket.decode(Buffer.from(encode(message({ answers: [record] }))));
      const a = back.answers?.[0] as { name: string; type: string; ttl: number; data: unknown };
      const data = record.type === 'TXT' ? (a.data as Buffer[]).map((b) => b.toString()) : a.data;
      expect({ name: a.name, type: a.type, ttl: a.ttl, data }, RECORD).toEqual({
        name: record.name,
        type: record.type,
        ttl: record.ttl,
        data: record.data,
      });
    });
  });

  describe('addresses', () => {
    it.each([
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:0DB8::0001', '2001:db8::1'],
      ['::', '::'],
      ['::1', '::1'],
      ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
      ['1:0:1:1:1:1:1:1', '1:0:1:1:1:1:1:1'],
      ['::ffff:192.0.2.1', '::ffff:c000:201'],
      ['1:2:3:4:5:6:192.0.2.1', '1:2:3:4:5:6:c000:201'],
    ])('writes AAAA %j and reads it back as %j (RFC 5952 §4)', (text, canonical) => {
      const m = decode(
        encode(
          message({ answers: [{ name: 'a', type: 'AAAA', class: 'IN', ttl: 0, data: text }] }),
        ),
      );
      expect(
        m.answers[0]?.type === 'AAAA' && m.answers[0].data,
        hint(
          2,
          'lowercase, no leading zeros, the longest run of zero groups (two or more) as "::"',
        ),
      ).toBe(canonical);
    });

    it.each([
      ['A', '1.2.3'],
      ['A', '256.0.0.1'],
      ['A', '01.2.3.4'],
      ['A', '1.2.3.4 '],
      ['AAAA', '1::2::3'],
      ['AAAA', '1:2:3:4:5:6:7:8:9'],
      ['AAAA', '12345::'],
      ['AAAA', '1:2:3:4:5:6:7'],
      ['AAAA', '1.2.3.4::'],
      ['AAAA', '1.2.3.4::1'],
      ['AAAA', '1:2:3:4:5:1.2.3.4::'],
      ['AAAA', '::1.2.3.4:1'],
    ] as const)('refuses to write %s %j with ERR_DNS_BAD_RDATA', (type, data) => {
      expectDnsError(
        () => encode(message({ answers: [{ name: 'a', type, class: 'IN', ttl: 0, data }] })),
        'ERR_DNS_BAD_RDATA',
        hint(
          2,
          'parse the address strictly: four decimal parts, or eight hex groups with one "::"',
        ),
      );
    });
  });

  describe('names in a message follow the rules of encodeName', () => {
    /** A name of `n` characters of text: labels of 63 "a"s and one shorter, joined by dots. */
    const ofLength = (n: number): string => {
      const parts: string[] = [];
      let left = n;
      while (left > 0) {
        const size = Math.min(63, left);
        parts.push('a'.repeat(size));
        left -= size + 1;
      }
      return parts.join('.');
    };
    const withName = (name: string) =>
      message({ answers: [{ name, type: 'A', class: 'IN', ttl: 0, data: '192.0.2.1' }] });

    it.each([
      ['a label of 63 octets', `${'a'.repeat(63)}.test`],
      ['a name of 255 octets on the wire (253 characters)', ofLength(253)],
      ['"~", the last printable character', 'a~b.test'],
    ])('writes %s', (_what, name) => {
      expect(
        decode(encode(withName(name))).answers[0]?.name,
        hint(2, 'labels up to 63 octets, names up to 255, printable ASCII as it is'),
      ).toBe(name);
    });

    it.each([
      ['a label of 64 octets', `${'a'.repeat(64)}.test`, 'ERR_DNS_LABEL_TOO_LONG'],
      ['a name of 256 octets on the wire', ofLength(254), 'ERR_DNS_NAME_TOO_LONG'],
      ['DEL (0x7f) unescaped', 'a\u007fb.test', 'ERR_DNS_BAD_NAME'],
      ['an empty last label', 'a.test..', 'ERR_DNS_BAD_NAME'],
    ] as const)('refuses %s', (_what, name, code) => {
      expectDnsError(
        () => encode(withName(name)),
        code,
        hint(2, 'encode checks names as encodeName does'),
      );
    });
  });

  describe('what encode refuses', () => {
    it.each([
      ['an id over 16 bits', message({ id: 65536 })],
      ['a negative id', message({ id: -1 })],
      ['an opcode over 4 bits', message({ flags: { opcode: 16 } })],
      [
        'a TTL over 32 bits',
        message({
          answers: [{ name: 'a', type: 'A', class: 'IN', ttl: 2 ** 32, data: '1.1.1.1' }],
        }),
      ],
      [
        'an unknown type name',
        message({ questions: [{ name: 'a', type: 'BOGUS' as 'A', class: 'IN' }] }),
      ],
      [
        'an MX preference over 16 bits',
        message({
          answers: [
            {
              name: 'a',
              type: 'MX',
              class: 'IN',
              ttl: 0,
              data: { preference: 70000, exchange: 'b' },
            },
          ],
        }),
      ],
    ])('%s (ERR_DNS_BAD_FIELD)', (_what, m) => {
      expectDnsError(
        () => encode(m),
        'ERR_DNS_BAD_FIELD',
        hint(2, 'check each field fits its bits'),
      );
    });

    it.each([
      ['a TXT string of 256 octets', ['x'.repeat(256)]],
      ['a TXT string of 128 "é" (256 octets in UTF-8)', ['é'.repeat(128)]],
      ['a TXT record without strings', []],
    ])('%s (ERR_DNS_BAD_RDATA)', (_what, data) => {
      expectDnsError(
        () => encode(message({ answers: [{ name: 't', type: 'TXT', class: 'IN', ttl: 0, data }] })),
        'ERR_DNS_BAD_RDATA',
        hint(
          2,
          'a character-string is a length octet and at most 255 octets; count bytes, not chars',
        ),
      );
    });

    it('accepts a TXT string of exactly 255 octets', () => {
      const data = ['x'.repeat(255)];
      const m = decode(
        encode(message({ answers: [{ name: 't', type: 'TXT', class: 'IN', ttl: 0, data }] })),
      );
      expect(m.answers[0]?.type === 'TXT' && m.answers[0].data, RECORD).toEqual(data);
    });

    it('writes an unknown type as raw RDATA (RFC 3597)', () => {
      const bytes = encode(
        message({
          answers: [
            { name: 'u', type: 'TYPE65280', class: 'IN', ttl: 0, data: Uint8Array.from([9, 8, 7]) },
          ],
        }),
      );
      expect(toHex(bytes.subarray(12)), RECORD).toBe(
        toHex(hex(`${wireName('u')} ff 00 00 01 00 00 00 00 00 03 09 08 07`)),
      );
    });
  });

  describe('what decode refuses', () => {
    it.each([
      ['a header of 11 octets', '00 01 00 00 00 00 00 00 00 00 00', 'ERR_DNS_UNEXPECTED_END'],
      ['a question count with no question', header(1, 0, 1, 0), 'ERR_DNS_UNEXPECTED_END'],
      [
        'a question without its class',
        `${header(1, 0, 1, 0)} ${wireName('a')} 00 01`,
        'ERR_DNS_UNEXPECTED_END',
      ],
      [
        'RDLENGTH past the end',
        `${header(1, 0, 0, 1)} ${wireName('a')} 00 01 00 01 00 00 00 00 00 04 01 02`,
        'ERR_DNS_UNEXPECTED_END',
      ],
      [
        'an A record of 3 octets',
        `${header(1, 0, 0, 1)} ${wireName('a')} 00 01 00 01 00 00 00 00 00 03 01 02 03`,
        'ERR_DNS_BAD_RDATA',
      ],
      [
        'an AAAA record of 4 octets',
        `${header(1, 0, 0, 1)} ${wireName('a')} 00 1c 00 01 00 00 00 00 00 04 01 02 03 04`,
        'ERR_DNS_BAD_RDATA',
      ],
      [
        'a CNAME whose name runs past RDLENGTH',
        `${header(1, 0, 0, 1)} ${wireName('a')} 00 05 00 01 00 00 00 00 00 02 ${wireName('bb')}`,
        'ERR_DNS_BAD_RDATA',
      ],
      [
        'an MX with an octet left over',
        `${header(1, 0, 0, 1)} ${wireName('a')} 00 0f 00 01 00 00 00 00 00 06 00 0a ${wireName('b')} ff`,
        'ERR_DNS_BAD_RDATA',
      ],
      [
        'a TXT string longer than its RDATA',
        `${header(1, 0, 0, 1)} ${wireName('a')} 00 10 00 01 00 00 00 00 00 03 05 61 62`,
        'ERR_DNS_BAD_RDATA',
      ],
      [
        'an SOA with 19 octets of numbers',
        `${header(1, 0, 0, 1)} ${wireName('a')} 00 06 00 01 00 00 00 00 00 15 00 00 ${'00 '.repeat(19)}`,
        'ERR_DNS_BAD_RDATA',
      ],
    ])('%s (%s)', (_what, bytes, code) => {
      expectDnsError(
        () => decode(hex(bytes)),
        code as 'ERR_DNS_BAD_RDATA',
        hint(2, 'bound every read by the message end, and every RDATA by its RDLENGTH'),
      );
    });
  });
});
