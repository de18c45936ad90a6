import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { percentDecode, percentEncode } from '../src/index.ts';
import { expectUriError } from './helpers.ts';

describe('3. Percent-encoding', () => {
  describe('percentEncode', () => {
    it('leaves the unreserved characters as they are (§2.3)', () => {
      const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
      expect(percentEncode(unreserved)).toBe(unreserved);
    });

    it('encodes every reserved character by default (§2.2), in uppercase hex (§2.1)', () => {
      expect(percentEncode(":/?#[]@!$&'()*+,;=")).toBe(
        '%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D',
      );
    });

    it.each([
      ['a b', 'a%20b'],
      ['100%', '100%25'],
      ['\u0000', '%00'],
      ['\u007f', '%7F'],
      ['\u0080', '%C2%80'],
      ['é', '%C3%A9'],
      ['\u07ff', '%DF%BF'],
      ['\u0800', '%E0%A0%80'],
      ['€', '%E2%82%AC'],
      ['\ue000', '%EE%80%80'],
      ['\uffff', '%EF%BF%BF'],
      ['\u{10000}', '%F0%90%80%80'],
      ['😀', '%F0%9F%98%80'],
      ['\u{10ffff}', '%F4%8F%BF%BF'],
    ])('encodes %j as UTF-8: %s', (text, expected) => {
      expect(
        percentEncode(text),
        hint(3, 'encode code points as UTF-8, not UTF-16 code units'),
      ).toBe(expected);
    });

    it('encodes "%" itself, so encoding twice is not encoding once', () => {
      expect(percentEncode('%41')).toBe('%2541');
    });

    it('leaves the reserved characters listed in `keep` as they are', () => {
      expect(percentEncode('a/b c?d=e', '/=')).toBe('a/b%20c%3Fd=e');
    });

    it('accepts unreserved characters in `keep`: they are never encoded anyway', () => {
      expect(percentEncode('a-b c', '-~')).toBe('a-b%20c');
    });

    it('refuses to keep a character that is not reserved', () => {
      expectUriError(
        () => percentEncode('50%', '%'),
        'ERR_URI_INVALID_CHARACTER',
        hint(3, 'keeping "%" would make escapes out of data'),
      );
      expectUriError(() => percentEncode('a b', ' '), 'ERR_URI_INVALID_CHARACTER');
    });

    it.each([['\ud800'], ['a\udfffb'], ['\ude00\ud83d']])(
      'refuses the lone surrogate in %j: UTF-8 cannot encode it',
      (text) => {
        expectUriError(
          () => percentEncode(text),
          'ERR_URI_INVALID_CHARACTER',
          hint(3, 'a surrogate not in a pair has no UTF-8 form'),
        );
      },
    );
  });

  describe('percentDecode', () => {
    it.each([
      ['a%20b', 'a b'],
      ['caf%C3%A9', 'café'],
      ['caf%c3%a9', 'café'],
      ['%E2%82%AC', '€'],
      ['%F0%9F%98%80', '😀'],
      ['%41%42%43', 'ABC'],
      ['%00', '\u0000'],
      ['é and %C3%A9', 'é and é'],
      ['', ''],
    ])('decodes %j to %j', (text, expected) => {
      expect(percentDecode(text)).toBe(expected);
    });

    it('decodes once: "%2541" is "%41", not "A"', () => {
      expect(percentDecode('%2541'), hint(3, 'never decode the result again')).toBe('%41');
    });

    it('leaves "+" alone: it means a space only in form data', () => {
      expect(percentDecode('a+b%2Bc'), hint(6, '"+" is a space in parseQuery, not here')).toBe(
        'a+b+c',
      );
    });

    it('keeps a leading byte-order mark: it is data', () => {
      expect(
        percentDecode('%EF%BB%BFx'),
        hint(3, 'new TextDecoder("utf-8") drops a BOM unless ignoreBOM is set'),
      ).toBe('\ufeffx');
    });

    it.each([['%'], ['%4'], ['a%2'], ['%zz'], ['%%'], ['%G1'], ['100% sure']])(
      'rejects the broken escape in %j',
      (text) => {
        expectUriError(() => percentDecode(text), 'ERR_URI_INVALID_PERCENT_ENCODING');
      },
    );

    it.each([
      ['%C3', 'a truncated sequence'],
      ['%C3%28', 'a lead byte followed by a non-continuation'],
      ['%80', 'a lone continuation byte'],
      ['%FF', 'a byte that never appears in UTF-8'],
      ['%E0%80%AF', 'an overlong encoding'],
      ['%ED%A0%80', 'an encoded surrogate'],
      ['%F4%90%80%80', 'a code point above U+10FFFF'],
      ['%C3x%A9', 'a sequence cut by a literal character'],
    ])('rejects %j: %s is not UTF-8', (text) => {
      expectUriError(
        () => percentDecode(text),
        'ERR_URI_INVALID_UTF8',
        hint(3, 'decode with a fatal UTF-8 decoder'),
      );
    });

    it('with strict: false, keeps broken escapes and replaces bad UTF-8 with U+FFFD', () => {
      expect(percentDecode('%zz%C3%A9%', { strict: false })).toBe('%zzé%');
      expect(percentDecode('%C3%28', { strict: false })).toBe('\ufffd(');
      expect(percentDecode('%80%80', { strict: false })).toBe('\ufffd\ufffd');
      expect(
        percentDecode('%EF%BB%BFx', { strict: false }),
        hint(3, 'a BOM is data in lenient mode too'),
      ).toBe('\ufeffx');
    });

    it('with strict: true, behaves as the default', () => {
      expectUriError(() => percentDecode('%C3', { strict: true }), 'ERR_URI_INVALID_UTF8');
    });
  });
});
