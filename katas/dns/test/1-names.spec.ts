import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { decodeName, encodeName } from '../src/index.ts';
import { expectDnsError, hex, toHex, wireName } from './helpers.ts';

const WIRE = hint(1, 'each label is a length octet and its octets; the root is one zero octet');

describe('1. Names', () => {
  describe('encodeName', () => {
    it.each([
      ['example.com', wireName('example.com')],
      ['www.example.com', wireName('www.example.com')],
      ['a', '01 61 00'],
      ['ExAmPle.COM', wireName('ExAmPle.COM')],
      ['x-1.y_2.z', wireName('x-1.y_2.z')],
    ])('writes %j label by label (RFC 1035 §3.1)', (name, expected) => {
      expect(toHex(encodeName(name)), WIRE).toBe(toHex(hex(expected)));
    });

    it('treats one final dot as the root written out: "example.com." = "example.com"', () => {
      expect(toHex(encodeName('example.com.')), hint(1, 'strip one final dot')).toBe(
        toHex(hex(wireName('example.com'))),
      );
    });

    it.each([[''], ['.']])('writes the root %j as a single zero octet', (name) => {
      expect(toHex(encodeName(name)), hint(1, 'the root has no labels')).toBe('00');
    });

    it('accepts a label of 63 octets', () => {
      expect(encodeName(`${'a'.repeat(63)}.com`).length, WIRE).toBe(1 + 63 + 1 + 3 + 1);
    });

    it('rejects a label of 64 octets with ERR_DNS_LABEL_TOO_LONG', () => {
      expectDnsError(
        () => encodeName(`${'a'.repeat(64)}.com`),
        'ERR_DNS_LABEL_TOO_LONG',
        hint(1, 'a label is at most 63 octets: the two top bits of its length say "pointer"'),
      );
    });

    const labels = (total: number): string => {
      // Labels of 63, joined by dots, cut to `total` characters of text.
      const parts: string[] = [];
      let left = total;
      while (left > 0) {
        const n = Math.min(63, left);
        parts.push('a'.repeat(n));
        left -= n + 1;
      }
      return parts.join('.');
    };

    it('accepts a name of 255 octets on the wire (253 characters of text)', () => {
      const name = labels(253);
      expect(name.length).toBe(253);
      expect(encodeName(name).length, hint(1, 'the limit counts length octets and the root')).toBe(
        255,
      );
    });

    it('rejects a name of 256 octets on the wire with ERR_DNS_NAME_TOO_LONG', () => {
      const name = labels(254);
      expectDnsError(
        () => encodeName(name),
        'ERR_DNS_NAME_TOO_LONG',
        hint(1, '255 octets including the length octets and the final zero (RFC 1035 §2.3.4)'),
      );
    });

    it.each([['a..b'], ['.a'], ['..'], ['a.b..']])('rejects the empty label in %j', (name) => {
      expectDnsError(
        () => encodeName(name),
        'ERR_DNS_BAD_NAME',
        hint(1, 'only the root label is empty'),
      );
    });

    it.each([['a b.test'], ['tab\there.test'], ['é.test'], ['bücher.example']])(
      'rejects unescaped %j (names are ASCII; use punycode or \\DDD)',
      (name) => {
        expectDnsError(
          () => encodeName(name),
          'ERR_DNS_BAD_NAME',
          hint(1, 'a character outside "!"…"~" must be written \\DDD'),
        );
      },
    );

    it.each([
      ['a\\.b.c', '03 61 2e 62 01 63 00'],
      ['\\065bc', '03 41 62 63 00'],
      ['a\\\\b', '03 61 5c 62 00'],
      ['\\000.x', '01 00 01 78 00'],
      ['sp\\032ce', '05 73 70 20 63 65 00'],
    ])('reads the escapes of %j (RFC 1035 §5.1)', (name, expected) => {
      expect(
        toHex(encodeName(name)),
        hint(1, '"\\." is a dot inside a label, "\\DDD" one octet'),
      ).toBe(toHex(hex(expected)));
    });

    it.each([['\\256.x'], ['\\1.x'], ['\\12'], ['abc\\']])('rejects the bad escape %j', (name) => {
      expectDnsError(
        () => encodeName(name),
        'ERR_DNS_BAD_NAME',
        hint(1, '"\\DDD" is three digits up to 255; a lone "\\" at the end escapes nothing'),
      );
    });
  });

  describe('decodeName', () => {
    it('reads a name and says where it ends', () => {
      const bytes = hex(`ff ff ${wireName('example.com')} ee`);
      expect(decodeName(bytes, 2), WIRE).toEqual({ name: 'example.com', next: 15 });
    });

    it('reads the root as ""', () => {
      expect(decodeName(hex('00'), 0), WIRE).toEqual({ name: '', next: 1 });
    });

    it('keeps the case as written', () => {
      expect(decodeName(hex(wireName('WwW.Example.cOM')), 0).name, WIRE).toBe('WwW.Example.cOM');
    });

    it('follows a pointer to an earlier suffix (RFC 1035 §4.1.4)', () => {
      // example.com at 0, then "www" + pointer to 0 at 13.
      const bytes = hex(`${wireName('example.com')} 03 77 77 77 c0 00`);
      expect(
        decodeName(bytes, 13),
        hint(1, '0b11 in the top bits: the other 14 bits are an offset; next is after the pointer'),
      ).toEqual({ name: 'www.example.com', next: 19 });
    });

    it('follows a pointer that is the whole name', () => {
      const bytes = hex(`${wireName('example.com')} c0 00`);
      expect(decodeName(bytes, 13), hint(1, 'next is 2 octets after a lone pointer')).toEqual({
        name: 'example.com',
        next: 15,
      });
    });

    it('follows a pointer to a pointer', () => {
      // com at 0; example + ptr(0) at 5; www + ptr(5) at 15.
      const bytes = hex(`03 63 6f 6d 00 07 65 78 61 6d 70 6c 65 c0 00 03 77 77 77 c0 05`);
      expect(decodeName(bytes, 15), WIRE).toEqual({ name: 'www.example.com', next: 21 });
    });

    it('rejects a pointer to itself with ERR_DNS_BAD_POINTER', () => {
      expectDnsError(
        () => decodeName(hex('00 00 c0 02'), 2),
        'ERR_DNS_BAD_POINTER',
        hint(1, 'a pointer must go strictly backwards, or a loop never ends'),
      );
    });

    it('rejects a forward pointer with ERR_DNS_BAD_POINTER', () => {
      expectDnsError(
        () => decodeName(hex(`c0 02 ${wireName('a')}`), 0),
        'ERR_DNS_BAD_POINTER',
        hint(1, 'a pointer names a prior occurrence (RFC 1035 §4.1.4)'),
      );
    });

    it('rejects a loop through two pointers', () => {
      // at 0: "a" + ptr(5); at 5: "b" + ptr(0) — each points back from where it is.
      expectDnsError(
        () => decodeName(hex('01 61 c0 05 00 01 62 c0 00'), 5),
        'ERR_DNS_BAD_POINTER',
        hint(1, 'compare the target with where the current run of labels started'),
      );
    });

    it.each([
      ['0x40 (extended label, RFC 6891 §5)', '41 61 00'],
      ['0x80 (reserved)', '81 61 00'],
    ])('rejects label type %s with ERR_DNS_BAD_LABEL_TYPE', (_what, bytes) => {
      expectDnsError(
        () => decodeName(hex(bytes), 0),
        'ERR_DNS_BAD_LABEL_TYPE',
        hint(1, 'only 0b00 (a label) and 0b11 (a pointer) exist'),
      );
    });

    it.each([
      ['a label longer than the message', '05 61 62 63'],
      ['a name without its final zero', '03 61 62 63'],
      ['a pointer cut in half', '01 61 c0'],
      ['nothing at all', ''],
    ])('rejects %s with ERR_DNS_UNEXPECTED_END', (_what, bytes) => {
      expectDnsError(
        () => decodeName(hex(bytes), 0),
        'ERR_DNS_UNEXPECTED_END',
        hint(1, 'check every length against the octets that are left'),
      );
    });

    it('rejects a name over 255 octets built from pointers with ERR_DNS_NAME_TOO_LONG', () => {
      // Five 63-octet labels, each in its own name that points at the previous one.
      let text = '00';
      let prev = 0;
      let at = 1;
      for (let i = 0; i < 5; i++) {
        text += ` 3f ${'61 '.repeat(63)} c0 ${prev.toString(16).padStart(2, '0')}`;
        prev = at;
        at += 66;
      }
      expectDnsError(
        () => decodeName(hex(text), prev),
        'ERR_DNS_NAME_TOO_LONG',
        hint(1, 'count the octets of the whole name, across pointers'),
      );
    });

    it.each([
      ['a dot inside a label', '03 61 2e 62 00', 'a\\.b'],
      ['a backslash', '01 5c 00', '\\\\'],
      ['a zero octet', '01 00 00', '\\000'],
      ['a space', '01 20 00', '\\032'],
      ['an octet over 0x7e', '02 c3 a9 00', '\\195\\169'],
    ])('escapes %s in the text', (_what, bytes, name) => {
      expect(
        decodeName(hex(bytes), 0).name,
        hint(1, 'one text form per octet string: "\\." and "\\\\", and \\DDD outside "!"…"~"'),
      ).toBe(name);
    });

    it.each([['a\\.b.example'], ['\\000\\255.x'], ['Mixed.CASE'], ['_srv._tcp.example']])(
      'reads back what encodeName wrote for %j',
      (name) => {
        expect(decodeName(encodeName(name), 0).name, WIRE).toBe(name);
      },
    );
  });
});
