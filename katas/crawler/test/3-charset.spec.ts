import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { charsetOf } from '../src/index.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const LATIN2 = 'text/plain; charset=iso-8859-2';

describe('3. Content codings and charsets', () => {
  describe('charsetOf: byte order marks', () => {
    it('takes only a whole UTF-8 BOM (EF BB BF) as one', () => {
      for (const body of [
        [0xef, 0xbb, 0x41],
        [0xef, 0x41, 0xbf],
        [0x41, 0xbb, 0xbf],
        [0x41, 0x41, 0xbf],
      ]) {
        expect(
          charsetOf(LATIN2, new Uint8Array(body)),
          hint(3, `${body.map((b) => b.toString(16)).join(' ')} is not a BOM: the header decides`),
        ).toBe('iso-8859-2');
      }
    });

    it('takes only FE FF and FF FE as UTF-16 BOMs, both bytes', () => {
      for (const body of [
        [0xfe, 0x41],
        [0x41, 0xff],
        [0xff, 0x41],
        [0x41, 0xfe],
        [0xfe, 0xfe],
        [0xff, 0xff],
      ]) {
        expect(
          charsetOf(LATIN2, new Uint8Array(body)),
          hint(3, `${body.map((b) => b.toString(16)).join(' ')} is not a BOM: the header decides`),
        ).toBe('iso-8859-2');
      }
    });
  });

  describe('charsetOf: the Content-Type parameter (RFC 9110 §8.3.1)', () => {
    it('finds charset among other parameters, by name', () => {
      expect(
        charsetOf('text/plain; format=flowed; charset=iso-8859-2', bytes('x')),
        hint(3, 'match the parameter name, not any "name=value"'),
      ).toBe('iso-8859-2');
      expect(charsetOf('text/plain; charsetx; charset=iso-8859-2', bytes('x'))).toBe('iso-8859-2');
      expect(charsetOf('text/plain; xcharset=koi8-r; charset=iso-8859-2', bytes('x'))).toBe(
        'iso-8859-2',
      );
    });

    it('reads the name case-insensitively, with spaces around the parts', () => {
      expect(charsetOf('text/plain ;  Charset=ISO-8859-2 ', bytes('x'))).toBe('iso-8859-2');
    });

    it('reads a quoted value, also when its closing quote is missing', () => {
      expect(charsetOf('text/plain; charset="iso-8859-2"', bytes('x'))).toBe('iso-8859-2');
      expect(
        charsetOf('text/plain; charset="iso-8859-2', bytes('x')),
        hint(3, 'a quoted string ends at its quote or at the end'),
      ).toBe('iso-8859-2');
    });

    it('does not read the media type itself as a parameter', () => {
      expect(
        charsetOf('charset=iso-8859-2', bytes('x')),
        hint(3, 'parameters come after the first ";"'),
      ).toBe('utf-8');
    });
  });

  describe('charsetOf: <meta> in text/html', () => {
    it('reads the media type case-insensitively', () => {
      expect(
        charsetOf('Text/HTML', bytes('<meta charset="windows-1252">')),
        hint(3, 'media types are case-insensitive'),
      ).toBe('windows-1252');
      expect(charsetOf(' text/html ; q=1', bytes('<meta charset="windows-1252">'))).toBe(
        'windows-1252',
      );
    });

    it('reads <meta http-equiv="content-type"> when there is no meta charset', () => {
      expect(
        charsetOf(
          'text/html',
          bytes('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'),
        ),
      ).toBe('iso-8859-2');
    });

    it('prefers meta charset to http-equiv content-type', () => {
      expect(
        charsetOf(
          'text/html',
          bytes(
            '<meta http-equiv="content-type" content="text/html; charset=koi8-r"><meta charset="iso-8859-2">',
          ),
        ),
        hint(3, 'meta charset first'),
      ).toBe('iso-8859-2');
    });
  });
});
