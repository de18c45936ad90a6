import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { decodeName, encodeName } from '../src/index.ts';
import { expectDnsError, hex, toHex } from './helpers.ts';

/** `count` labels of `size` octets ("a"), as wire hex without the final zero. */
const labels = (count: number, size: number): string =>
  ` ${size.toString(16).padStart(2, '0')}${' 61'.repeat(size)}`.repeat(count);

describe('1. Names', () => {
  describe('encodeName: the escapes at the edges', () => {
    it.each([
      ['\\!', '01 21 00'],
      ['\\~', '01 7e 00'],
      ['\\a\\-b', '03 61 2d 62 00'],
    ])('reads %j: a backslash before a printable character stands for it', (name, expected) => {
      expect(
        toHex(encodeName(name)),
        hint(1, '"\\X" is X for every printable X from "!" to "~" (RFC 1035 §5.1)'),
      ).toBe(toHex(hex(expected)));
    });

    it.each([
      ['a backslash and a space', 'a\\ b'],
      ['a backslash and a tab', 'a\\\tb'],
      ['a backslash and DEL', 'a\\\u007fb'],
      ['a backslash and "é"', 'a\\éb'],
      ['a backslash and "€" (no octet at all)', 'a\\€b'],
    ])('rejects %s: the escape of a non-printable is \\DDD', (_what, name) => {
      expectDnsError(
        () => encodeName(name),
        'ERR_DNS_BAD_NAME',
        hint(1, 'a backslash quotes only "!"…"~"; anything else is written \\DDD'),
      );
    });

    it.each([
      ['a\\.', '02 61 2e 00', 'an escaped dot is part of the label, not the root'],
      ['\\.', '01 2e 00', 'a label that is one escaped dot'],
      ['a\\..', '02 61 2e 00', 'an escaped dot, then the final dot'],
      ['a\\\\.', '02 61 5c 00', 'an escaped backslash, then the final dot'],
      ['a\\\\\\.', '03 61 5c 2e 00', 'an escaped backslash, then an escaped dot'],
      ['b.a\\\\\\\\.', '01 62 03 61 5c 5c 00', 'two escaped backslashes, then the final dot'],
    ])('reads the final dot of %j right (%s)', (name, expected, _why) => {
      expect(
        toHex(encodeName(name)),
        hint(1, 'a final dot is the root only if an even number of backslashes precede it'),
      ).toBe(toHex(hex(expected)));
    });

    it.each([
      ['a number', 42],
      ['undefined', undefined],
      ['a list of labels', ['www', 'example', 'com']],
    ])('rejects %s instead of a name with ERR_DNS_BAD_NAME', (_what, name) => {
      expectDnsError(
        () => encodeName(name as unknown as string),
        'ERR_DNS_BAD_NAME',
        hint(1, 'every failure is a DnsError: check that the name is a string first'),
      );
    });
  });

  describe('decodeName: the 255-octet limit without pointers', () => {
    it('reads a name of exactly 255 octets', () => {
      // 63 + 63 + 63 + 61 octets of labels, four length octets and the root: 255.
      const bytes = hex(`${labels(3, 63)}${labels(1, 61)} 00`);
      expect(bytes.length).toBe(255);
      expect(decodeName(bytes, 0).next, hint(1, 'count len + 1 for every label')).toBe(255);
    });

    it('rejects a name of 256 octets with ERR_DNS_NAME_TOO_LONG', () => {
      const bytes = hex(`${labels(3, 63)}${labels(1, 62)} 00`);
      expect(bytes.length).toBe(256);
      expectDnsError(
        () => decodeName(bytes, 0),
        'ERR_DNS_NAME_TOO_LONG',
        hint(1, 'a label counts its length octet too: len + 1'),
      );
    });

    it('reports a label cut off by the end as ERR_DNS_UNEXPECTED_END, even one that would make the name too long', () => {
      // Three labels of 63 (193 octets so far), then a label of 63 with only 3 octets left.
      const bytes = hex(`${labels(3, 63)} 3f 61 61 61`);
      expectDnsError(
        () => decodeName(bytes, 0),
        'ERR_DNS_UNEXPECTED_END',
        hint(1, 'check pos + 1 + len <= bytes.length before counting or reading the label'),
      );
    });
  });

  describe('errors say what is wrong', () => {
    const a63 = 'a'.repeat(63);
    it.each([
      ['an empty label', 'a..b', 'ERR_DNS_BAD_NAME'],
      ['a name ending in an empty label', 'a.b..', 'ERR_DNS_BAD_NAME'],
      ['a lone backslash', 'abc\\', 'ERR_DNS_BAD_NAME'],
      ['a short \\DDD', '\\12', 'ERR_DNS_BAD_NAME'],
      ['\\DDD over 255', '\\256', 'ERR_DNS_BAD_NAME'],
      ['an escaped space', 'a\\ b', 'ERR_DNS_BAD_NAME'],
      ['a space', 'a b', 'ERR_DNS_BAD_NAME'],
      ['a label of 64 octets', `${a63}a.test`, 'ERR_DNS_LABEL_TOO_LONG'],
      ['a name of 256 octets', `${a63}.${a63}.${a63}.${'a'.repeat(62)}`, 'ERR_DNS_NAME_TOO_LONG'],
    ] as const)('encodeName: %s gives a DnsError with a message', (_what, name, code) => {
      const error = expectDnsError(() => encodeName(name), code);
      expect(error.message, hint(1, 'a DnsError says what is wrong in its message')).not.toBe('');
    });

    it('encodeName: a name that is not a string gives a DnsError with a message', () => {
      const error = expectDnsError(() => encodeName(7 as unknown as string), 'ERR_DNS_BAD_NAME');
      expect(error.message, hint(1, 'a DnsError says what is wrong in its message')).not.toBe('');
    });

    it.each([
      ['nothing at all', '', 'ERR_DNS_UNEXPECTED_END'],
      ['a pointer cut in half', '01 61 c0', 'ERR_DNS_UNEXPECTED_END'],
      ['a label past the end', '05 61 62', 'ERR_DNS_UNEXPECTED_END'],
      ['a pointer to itself', 'c0 00', 'ERR_DNS_BAD_POINTER'],
      ['label type 0x40', '41 61 00', 'ERR_DNS_BAD_LABEL_TYPE'],
      ['a name over 255 octets', `${labels(4, 63)} 00`, 'ERR_DNS_NAME_TOO_LONG'],
    ] as const)('decodeName: %s gives a DnsError with a message', (_what, bytes, code) => {
      const error = expectDnsError(() => decodeName(hex(bytes), 0), code);
      expect(error.message, hint(1, 'a DnsError says what is wrong in its message')).not.toBe('');
    });
  });
});
