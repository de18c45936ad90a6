import { codeOf, expectCode, expectThrowClass, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  createMessageId,
  encodeWords,
  foldHeader,
  formatAddress,
  formatDate,
  SmtpError,
  unfold,
} from '../src/index.ts';
import { decodeWords } from './helpers.ts';

const lines = (field: string) => field.split('\r\n');

describe('6. Header fields', () => {
  describe('foldHeader and unfold (RFC 5322 §2.1.1, §2.2.3)', () => {
    it('writes a short field on one line', () => {
      expect(foldHeader('Subject', 'Hello'), hint(6, 'name ":" SP value')).toBe('Subject: Hello');
    });

    it('folds a long value before whitespace, every line within 78', () => {
      const value = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
      const field = foldHeader('Subject', value);
      expect(lines(field).length, hint(6, 'more than one line')).toBeGreaterThan(1);
      for (const line of lines(field))
        expect(line.length, hint(6, 'SHOULD be no more than 78')).toBeLessThanOrEqual(78);
      for (const line of lines(field).slice(1))
        expect(line[0], hint(6, 'a continuation starts with the whitespace')).toBe(' ');
      expect(unfold(field), hint(6, 'unfolding gives the field back')).toBe(`Subject: ${value}`);
    });

    it('fills lines: folds only where the next word would pass 78', () => {
      const value = `${'a'.repeat(60)} ${'b'.repeat(10)} ${'c'.repeat(10)}`;
      expect(
        lines(foldHeader('Subject', value)),
        hint(6, 'greedy: as much as fits on each line'),
      ).toEqual([`Subject: ${'a'.repeat(60)}`, ` ${'b'.repeat(10)} ${'c'.repeat(10)}`]);
    });

    it('allows a line of exactly 78 characters', () => {
      const value = `${'a'.repeat(69)}`;
      expect(foldHeader('Subject', value), hint(6, '"Subject: " is 9, 9 + 69 = 78')).toBe(
        `Subject: ${value}`,
      );
    });

    it('keeps a word longer than 78 whole, on its own line', () => {
      const long = 'x'.repeat(120);
      const field = foldHeader('X-Long', `a ${long} b`);
      expect(lines(field), hint(6, 'fold only at whitespace')).toEqual([
        'X-Long: a',
        ` ${long}`,
        ' b',
      ]);
    });

    it('keeps runs of whitespace: unfolding gives them back', () => {
      const value = `${'a'.repeat(50)}   ${'b'.repeat(40)}`;
      const field = foldHeader('Subject', value);
      expect(unfold(field), hint(6, 'fold before whitespace, never drop it')).toBe(
        `Subject: ${value}`,
      );
    });

    it('folds before a tab as before a space', () => {
      const value = Array.from({ length: 20 }, (_, i) => `word${i}`).join('\t');
      const field = foldHeader('Subject', value);
      expect(lines(field).length, hint(6, 'a tab is whitespace: a place to fold')).toBeGreaterThan(
        1,
      );
      for (const line of lines(field))
        expect(line.length, hint(6, 'SHOULD be no more than 78')).toBeLessThanOrEqual(78);
      for (const line of lines(field).slice(1))
        expect(line[0], hint(6, 'the continuation starts with the tab')).toBe('\t');
      expect(unfold(field), hint(6, 'unfolding gives the field back')).toBe(`Subject: ${value}`);
    });

    it.each([
      ['spaces', '   '],
      ['tabs', '\t\t'],
    ])('never folds trailing %s onto a line of their own (RFC 5322 §3.2.2)', (_, blank) => {
      const value = `${'a'.repeat(69)}${blank}`;
      const field = foldHeader('Subject', value);
      for (const line of lines(field))
        expect(
          line,
          hint(6, 'no line of a folded field is made up entirely of WSP characters'),
        ).toMatch(/[^ \t]/);
      expect(unfold(field), hint(6, 'and the whitespace is kept')).toBe(`Subject: ${value}`);
    });

    it('accepts a word that makes a line of exactly 998 characters', () => {
      const word = 'y'.repeat(997);
      expect(
        lines(foldHeader('X', `a ${word}`)),
        hint(6, 'MUST be no more than 998: 998 itself is fine'),
      ).toEqual(['X: a', ` ${word}`]);
    });

    it('refuses a word that no folding can bring within 998', () => {
      expectCode(
        () => foldHeader('X-Big', 'y'.repeat(1000)),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(6, 'MUST be no more than 998'),
      );
    });

    it.each([
      ['an empty name', ''],
      ['a colon in the name', 'X:Y'],
      ['a space in the name', 'X Y'],
      ['a non-ASCII name', 'Sujét'],
      ['a CRLF in the name', 'X\r\nBcc'],
    ])('refuses %s', (_, name) => {
      expectCode(
        () => foldHeader(name, 'v'),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(6, 'field-name = 1*ftext'),
      );
    });

    it('unfold removes CRLF before space or tab and nothing else', () => {
      expect(unfold('Subject: a\r\n b\r\n\tc'), hint(6, 'CRLF WSP → WSP')).toBe('Subject: a b\tc');
    });
  });

  describe('formatDate (RFC 5322 §3.3)', () => {
    it.each([
      [Date.UTC(2026, 11, 1, 9, 5, 3), 'Tue, 01 Dec 2026 09:05:03 +0000'],
      [0, 'Thu, 01 Jan 1970 00:00:00 +0000'],
      [Date.UTC(2000, 1, 29, 23, 59, 59), 'Tue, 29 Feb 2000 23:59:59 +0000'],
      [Date.UTC(2038, 0, 19, 3, 14, 8), 'Tue, 19 Jan 2038 03:14:08 +0000'],
      [Date.UTC(2024, 6, 7, 12, 0, 0, 999), 'Sun, 07 Jul 2024 12:00:00 +0000'],
    ])('formats %i as %s', (ms, text) => {
      expect(
        formatDate(new Date(ms)),
        hint(6, 'day-name "," day month year time zone, in UTC'),
      ).toBe(text);
    });

    it('writes a year before 1000 with four digits', () => {
      expect(formatDate(new Date(Date.UTC(999, 0, 1))), hint(6, 'year = 4*DIGIT')).toBe(
        'Tue, 01 Jan 0999 00:00:00 +0000',
      );
    });

    it('throws a RangeError for an invalid Date, like Date#toISOString', () => {
      expectThrowClass(
        () => formatDate(new Date(Number.NaN)),
        RangeError,
        hint(6, 'an invalid Date has no date-time to write'),
      );
    });

    it('round-trips through Date.parse', () => {
      const date = new Date(Date.UTC(2031, 4, 17, 6, 7, 8));
      expect(Date.parse(formatDate(date)), hint(6, 'a reader gets the same instant')).toBe(
        date.getTime(),
      );
    });
  });

  describe('createMessageId (RFC 5322 §3.6.4)', () => {
    it('is "<" id-left "@" domain ">"', () => {
      expect(
        createMessageId('example.org'),
        hint(6, 'msg-id = "<" id-left "@" id-right ">"'),
      ).toMatch(/^<[\x21-\x3b\x3d\x3f-\x7e]+@example\.org>$/);
    });

    it('is unique', () => {
      const ids = new Set(Array.from({ length: 200 }, () => createMessageId('example.org')));
      expect(ids.size, hint(6, 'random enough to never repeat')).toBe(200);
    });

    it('refuses a domain that would break it', () => {
      expectCode(
        () => createMessageId('a>\r\nBcc: x'),
        SmtpError,
        'ERR_SMTP_INVALID_HEADER',
        hint(6, 'the domain lands in a header'),
      );
    });
  });

  describe('formatAddress (RFC 5322 §3.4)', () => {
    it.each([
      ['an address alone', 'bob@example.org', 'bob@example.org'],
      ['an object without a name', { address: 'bob@example.org' }, 'bob@example.org'],
      ['an empty name', { name: '', address: 'bob@example.org' }, 'bob@example.org'],
      [
        'a name of atoms',
        { name: 'Bob Smith', address: 'bob@example.org' },
        'Bob Smith <bob@example.org>',
      ],
      [
        'a name with a comma',
        { name: 'Smith, Bob', address: 'bob@example.org' },
        '"Smith, Bob" <bob@example.org>',
      ],
      [
        'a name with a dot',
        { name: 'Bob J. Smith', address: 'bob@example.org' },
        '"Bob J. Smith" <bob@example.org>',
      ],
      [
        'a name with quotes',
        { name: 'Bob "the builder"', address: 'b@example.org' },
        '"Bob \\"the builder\\"" <b@example.org>',
      ],
      [
        'a name with a backslash',
        { name: 'a\\b', address: 'b@example.org' },
        '"a\\\\b" <b@example.org>',
      ],
    ])('formats %s', (_, input, output) => {
      expect(
        formatAddress(input),
        hint(6, 'display-name "<" addr-spec ">", quoted when it holds specials'),
      ).toBe(output);
    });

    it('refuses an address that is not a string (a caller in plain JavaScript)', () => {
      expectCode(
        () => formatAddress({ name: 'X', address: 42 as unknown as string }),
        SmtpError,
        'ERR_SMTP_INVALID_ADDRESS',
        hint(6, 'check the type before calling string methods'),
      );
    });

    it('accepts an address of 254 characters and refuses one of 255', () => {
      const longest = `${'x'.repeat(242)}@example.org`;
      expect(formatAddress(longest), hint(6, 'the limit itself is allowed')).toBe(longest);
      expectCode(
        () => formatAddress(`x${longest}`),
        SmtpError,
        'ERR_SMTP_INVALID_ADDRESS',
        hint(6, 'a path is at most 256 octets with its brackets (RFC 5321 §4.5.3.1.3)'),
      );
    });

    it('encodes a non-ASCII name as encoded words', () => {
      const text = formatAddress({ name: 'Zoë Saldaña', address: 'zoe@example.org' });
      expect(text, hint(6, 'encoded words, then the address')).toMatch(
        /^=\?UTF-8\?[BbQq]\?[^ ]+\?=( =\?UTF-8\?[BbQq]\?[^ ]+\?=)* <zoe@example\.org>$/,
      );
      expect(decodeWords(text), hint(6, 'a reader decodes the name back')).toBe(
        'Zoë Saldaña <zoe@example.org>',
      );
    });

    it.each([
      ['a bell', 'Bob\x07Smith'],
      ['a NUL', 'Bob\x00'],
      ['a DEL', 'Bob\x7f'],
      ['an escape', '\x1b[31mBob'],
    ])(
      'encodes a name with a control character (%s), which no quoted-string may hold',
      (_, name) => {
        const text = formatAddress({ name, address: 'bob@example.org' });
        expect(text, hint(6, 'qtext has no controls: encoded words carry them')).not.toMatch(
          /[\x00-\x08\x0a-\x1f\x7f]/,
        );
        expect(decodeWords(text), hint(6, 'a reader decodes the name back')).toBe(
          `${name} <bob@example.org>`,
        );
      },
    );

    it('encodes a name that looks like an encoded word', () => {
      const text = formatAddress({ name: '=?UTF-8?B?QWRtaW4=?=', address: 'x@example.org' });
      expect(decodeWords(text), hint(6, 'or a reader would decode it into "Admin"')).toBe(
        '=?UTF-8?B?QWRtaW4=?= <x@example.org>',
      );
    });

    it.each([
      ['no @', 'bob'],
      ['an empty local part', '@example.org'],
      ['an empty domain', 'bob@'],
      ['a space', 'bob smith@example.org'],
      ['angle brackets', '<bob@example.org>'],
      ['a comma (two addresses)', 'a@example.org,b@example.org'],
      ['a non-ASCII address', 'zoë@example.org'],
    ])('refuses an address with %s', (_, address) => {
      expectCode(
        () => formatAddress({ name: 'X', address }),
        SmtpError,
        'ERR_SMTP_INVALID_ADDRESS',
        hint(6, 'a plain ASCII addr-spec'),
      );
    });
  });

  describe('encodeWords (RFC 2047)', () => {
    it('encodes UTF-8 text as "=?UTF-8?B?…?="', () => {
      expect(encodeWords('café'), hint(6, 'charset UTF-8, encoding B, base64 of the bytes')).toBe(
        `=?UTF-8?B?${Buffer.from('café').toString('base64')}?=`,
      );
    });

    it('encodes empty text as nothing', () => {
      expect(encodeWords(''), hint(6, 'encoded-text = 1*<…>: no encoded word is empty')).toBe('');
    });

    it('splits long text into words of at most 75 characters', () => {
      const text = 'Ünïcödé '.repeat(20);
      const words = encodeWords(text).split(' ');
      expect(words.length, hint(6, 'several words')).toBeGreaterThan(1);
      for (const w of words)
        expect(
          w.length,
          hint(6, 'an encoded-word may not be more than 75 characters'),
        ).toBeLessThanOrEqual(75);
      expect(decodeWords(encodeWords(text)), hint(6, 'decodes back')).toBe(text);
    });

    it('never splits a character across words', () => {
      const text = '☃'.repeat(40) + '😀'.repeat(20);
      for (const w of encodeWords(text).split(' ')) {
        const bytes = Buffer.from(w.slice(10, -2), 'base64');
        expect(
          bytes.toString('utf8'),
          hint(6, 'each word holds whole characters (§5)'),
        ).not.toContain('\ufffd');
      }
    });

    it('separates words with single spaces only', () => {
      expect(
        encodeWords('x'.repeat(200)),
        hint(6, 'no CRLF: folding is foldHeader’s job'),
      ).not.toMatch(/\r|\n| {2}/);
    });

    it('folds with foldHeader into lines within 78', () => {
      const field = foldHeader('Subject', encodeWords('Grüße aus Köln '.repeat(10)));
      for (const line of field.split('\r\n'))
        expect(line.length, hint(6, 'encoded words fit any line')).toBeLessThanOrEqual(78);
      expect(
        codeOf(() => foldHeader('Subject', 'ok'), SmtpError),
        hint(6, 'plain values fold too'),
      ).toBe('accepted');
    });
  });
});
