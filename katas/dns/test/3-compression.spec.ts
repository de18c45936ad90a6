import { hint } from '@hbu/kata-kit/expect-code';
import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { decode, encode, type ResourceRecord } from '../src/index.ts';
import { header, hex, message, toHex, wireName } from './helpers.ts';

const POINTER = hint(3, 'remember where each suffix was written; write 0xC000 | offset instead');

const q = { name: 'example.com', type: 'A', class: 'IN' } as const;
const rr = (name: string, type: ResourceRecord['type'], data: unknown): ResourceRecord =>
  ({ name, type, class: 'IN', ttl: 60, data }) as ResourceRecord;

describe('3. Compression', () => {
  it('writes an answer owned by the question name as a pointer to offset 12', () => {
    const bytes = encode(
      message({
        id: 1,
        flags: { qr: true },
        questions: [q],
        answers: [rr('example.com', 'A', '192.0.2.1')],
      }),
    );
    expect(toHex(bytes), POINTER).toBe(
      toHex(
        hex(
          `${header(1, 0x8000, 1, 1)} ${wireName('example.com')} 00 01 00 01 c0 0c 00 01 00 01 00 00 00 3c 00 04 c0 00 02 01`,
        ),
      ),
    );
  });

  it('writes "www" and a pointer for a name that ends with an earlier one', () => {
    const bytes = encode(
      message({ questions: [q], answers: [rr('www.example.com', 'A', '192.0.2.1')] }),
    );
    expect(toHex(bytes.subarray(29, 35)), POINTER).toBe('03 77 77 77 c0 0c');
  });

  it('points at a suffix of an earlier name ("com" inside "example.com")', () => {
    const bytes = encode(message({ questions: [q], answers: [rr('other.com', 'A', '192.0.2.1')] }));
    // "com" of example.com is at 12 + 1 + 7 = 20 = 0x14.
    expect(toHex(bytes.subarray(29, 37)), POINTER).toBe('05 6f 74 68 65 72 c0 14');
  });

  it.each([
    ['CNAME', rr('www.example.com', 'CNAME', 'example.com'), 'c0 0c'],
    ['NS', rr('example.com', 'NS', 'example.com'), 'c0 0c'],
    ['PTR', rr('example.com', 'PTR', 'example.com'), 'c0 0c'],
    ['MX', rr('example.com', 'MX', { preference: 1, exchange: 'example.com' }), '00 01 c0 0c'],
  ])('compresses the name inside %s RDATA (RFC 3597 §4)', (_type, record, rdata) => {
    const bytes = encode(message({ questions: [q], answers: [record] }));
    expect(toHex(bytes.subarray(bytes.length - rdata.split(' ').length)), POINTER).toBe(rdata);
  });

  it('compresses both names of an SOA', () => {
    const soa = rr('example.com', 'SOA', {
      mname: 'ns.example.com',
      rname: 'example.com',
      serial: 1,
      refresh: 2,
      retry: 3,
      expire: 4,
      minimum: 5,
    });
    const bytes = encode(message({ questions: [q], authorities: [soa] }));
    // owner c0 0c, then ns + c0 0c, then c0 0c: RDATA is 3+2+2+20 = 27 octets.
    expect(bytes.length, POINTER).toBe(29 + 2 + 10 + 27);
  });

  it('never compresses an SRV target (RFC 2782)', () => {
    const srv = rr('_s._tcp.example.com', 'SRV', {
      priority: 0,
      weight: 0,
      port: 1,
      target: 'example.com',
    });
    const bytes = encode(message({ questions: [q], answers: [srv] }));
    expect(
      toHex(bytes.subarray(bytes.length - 13)),
      hint(3, 'SRV targets are written in full'),
    ).toBe(toHex(hex(wireName('example.com'))));
  });

  it('matches suffixes with their case: "Example.COM" is not written as a pointer to "example.com"', () => {
    const m = message({ questions: [q], answers: [rr('Example.COM', 'A', '192.0.2.1')] });
    expect(
      decode(encode(m)).answers[0]?.name,
      hint(3, 'a pointer would change the case read back'),
    ).toBe('Example.COM');
  });

  it('writes a message with many names under one zone much shorter than uncompressed', () => {
    const answers = Array.from({ length: 20 }, (_, i) =>
      rr(
        `host${i}.a-rather-long-zone-name.example.com`,
        'CNAME',
        `target${i}.a-rather-long-zone-name.example.com`,
      ),
    );
    const ours = encode(message({ answers })).length;
    const uncompressed = dnsPacket.encode({
      type: 'query',
      id: 0,
      answers: answers.map((a) => ({
        name: a.name,
        type: 'CNAME',
        ttl: 60,
        data: (a as { data: unknown }).data as string,
      })),
    }).length;
    expect(ours, POINTER).toBeLessThan(uncompressed / 2);
    expect(decode(encode(message({ answers }))).answers, POINTER).toEqual(answers);
  });

  it('only points below offset 0x4000: names written later are written in full', () => {
    // 70 TXT records of 255 octets push the offsets past 16383.
    const filler = Array.from({ length: 70 }, (_, i) => rr(`f${i}.test`, 'TXT', ['x'.repeat(255)]));
    const late = rr('late.example.net', 'CNAME', 'later.example.net');
    const m = message({ answers: [...filler, late, rr('late.example.net', 'A', '10.0.0.1')] });
    const bytes = encode(m);
    expect(bytes.length).toBeGreaterThan(0x4000);
    expect(
      decode(bytes).answers.slice(-2),
      hint(3, 'a pointer has 14 bits: 0x3FFF is the last offset'),
    ).toEqual(m.answers.slice(-2));
  });

  it('lets dns-packet read what it compressed', () => {
    const bytes = encode(
      message({
        questions: [q],
        answers: [
          rr('www.example.com', 'CNAME', 'example.com'),
          rr('example.com', 'MX', { preference: 10, exchange: 'mail.example.com' }),
        ],
      }),
    );
    const back = dnsPacket.decode(Buffer.from(bytes));
    expect(
      back.answers?.map((a) => [a.name, (a as { data: unknown }).data]),
      POINTER,
    ).toEqual([
      ['www.example.com', 'example.com'],
      ['example.com', { preference: 10, exchange: 'mail.example.com' }],
    ]);
  });
});
