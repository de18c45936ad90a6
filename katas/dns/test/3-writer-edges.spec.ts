import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { decode, encode, type ResourceRecord } from '../src/index.ts';
import { hex, message, toHex, wireName } from './helpers.ts';

const POINTER = hint(3, 'remember where each suffix was written; write 0xC000 | offset instead');

const q = { name: 'example.com', type: 'A', class: 'IN' } as const;
const rr = (name: string, type: ResourceRecord['type'], data: unknown): ResourceRecord =>
  ({ name, type, class: 'IN', ttl: 60, data }) as ResourceRecord;

describe('3. Compression', () => {
  describe('writer edges: names with escapes', () => {
    it('writes "x\\.y.example.com" as the label "x.y" and a pointer to "example.com"', () => {
      const bytes = encode(
        message({ questions: [q], answers: [rr('x\\.y.example.com', 'A', '192.0.2.1')] }),
      );
      // The question ends at 12 + 13 + 4 = 29.
      expect(toHex(bytes.subarray(29, 35)), POINTER).toBe('03 78 2e 79 c0 0c');
      expect(decode(bytes).answers[0]?.name, POINTER).toBe('x\\.y.example.com');
    });

    it('points a later name at a name with escapes ("a\\.b.test" twice)', () => {
      const name = 'a\\.b.test';
      const bytes = encode(
        message({ answers: [rr(name, 'A', '192.0.2.1'), rr(name, 'A', '192.0.2.2')] }),
      );
      // The first answer takes 12 … 12 + 10 + 14 = 36; the second starts with a pointer to 12.
      expect(toHex(bytes.subarray(36, 38)), POINTER).toBe('c0 0c');
    });

    it('never compresses an SRV target with escapes either (RFC 2782)', () => {
      const srv = rr('_s._tcp.example.com', 'SRV', {
        priority: 0,
        weight: 0,
        port: 1,
        target: 'x\\.y.example.com',
      });
      const bytes = encode(message({ questions: [q], answers: [srv] }));
      expect(
        toHex(bytes.subarray(bytes.length - 17)),
        hint(3, 'SRV targets are written in full'),
      ).toBe(`03 78 2e 79 ${toHex(hex(wireName('example.com')))}`);
    });
  });

  it('points at a name written at 0x3FFF, the last offset a pointer reaches', () => {
    // Header 12, then "f" (3) + 10 + RDATA: the second answer's owner starts at 25 + size.
    const size = 0x3fff - 25;
    const filler = rr('f', 'TYPE65280', new Uint8Array(size));
    const m = message({
      answers: [filler, rr('late.test', 'A', '10.0.0.1'), rr('late.test', 'A', '10.0.0.2')],
    });
    const bytes = encode(m);
    // late.test (11) + 10 + 4: the third answer starts at 0x3FFF + 25 with the pointer 0xFFFF.
    expect(toHex(bytes.subarray(0x3fff + 25, 0x3fff + 27)), POINTER).toBe('ff ff');
    expect(
      decode(bytes).answers.slice(1),
      hint(3, 'a pointer has 14 bits: 0x3FFF is the last offset, and it is one'),
    ).toEqual(m.answers.slice(1));
  });
});
