import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  createMessageId,
  encodeWords,
  foldHeader,
  formatAddress,
  formatDate,
  SmtpError,
} from '../src/index.ts';
import { decodeWords } from './helpers.ts';

const invalidHeader = (fn: () => unknown, why: string): SmtpError =>
  expectCode(fn, SmtpError, 'ERR_SMTP_INVALID_HEADER', hint(6, why));

describe('6. Header fields', () => {
  describe('foldHeader with an empty value', () => {
    it('writes the name and the colon, and nothing after them', () => {
      expect(
        foldHeader('X-Empty', ''),
        hint(6, 'unstructured may be empty; no space dangles after the colon'),
      ).toBe('X-Empty:');
    });

    it('writes one space between the colon and a value', () => {
      expect(foldHeader('X-A', 'a'), hint(6, 'name ":" SP value')).toBe('X-A: a');
    });
  });

  describe('formatDate names every day and month (RFC 5322 §3.3)', () => {
    // 2026-03-01 was a Sunday; one date a day for a week, then the 1st of every month.
    const week = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 2, 1 + i, 8)));
    const year = Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(2026, m, 15, 8)));
    const expectedDays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const expectedMonths = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

    it('writes day-name = "Mon" / "Tue" / "Wed" / "Thu" / "Fri" / "Sat" / "Sun"', () => {
      expect(
        week.map((d) => formatDate(d).slice(0, 3)),
        hint(6, 'getUTCDay() is 0 for Sunday'),
      ).toEqual(expectedDays);
    });

    it('writes month = "Jan" / "Feb" / … / "Dec"', () => {
      expect(
        year.map((d) => formatDate(d).split(' ')[2]),
        hint(6, 'getUTCMonth() is 0 for January'),
      ).toEqual(expectedMonths);
    });

    it('agrees with Date#toUTCString on every day of a year', () => {
      for (let day = 0; day < 366; day++) {
        const date = new Date(Date.UTC(2028, 0, 1 + day, 23, 59, 1));
        expect(
          formatDate(date),
          hint(6, 'the same names and order as toUTCString, with +0000 for GMT'),
        ).toBe(date.toUTCString().replace(/GMT$/, '+0000'));
      }
    });
  });

  describe('formatAddress: phrases of atoms (RFC 5322 §3.2.5)', () => {
    it.each([
      ['one atom', 'Bob'],
      ['three atoms', 'Bob J Smith'],
      ['four atoms with atext specials', "O'Neil Mc-Kay #1 +x"],
    ])('writes a name of %s as it is', (_, name) => {
      expect(
        formatAddress({ name, address: 'bob@example.org' }),
        hint(6, 'phrase = 1*word: any number of atoms needs no quotes'),
      ).toBe(`${name} <bob@example.org>`);
    });
  });

  describe('encodeWords fills each word (RFC 2047 §2)', () => {
    it('puts 45 bytes of UTF-8 in one word: 12 + 60 = 72 characters', () => {
      const text = 'a'.repeat(45);
      const encoded = encodeWords(text);
      expect(encoded.split(' ').length, hint(6, '45 bytes fit one word of 72')).toBe(1);
      expect(decodeWords(encoded), hint(6, 'decodes back')).toBe(text);
    });

    it('starts a second word at the 46th byte', () => {
      const words = encodeWords('a'.repeat(46)).split(' ');
      expect(
        words.map((w) => Buffer.from(w.slice(10, -2), 'base64').length),
        hint(6, 'a new word when the next character would pass 45 bytes'),
      ).toEqual([45, 1]);
    });
  });

  describe('every refusal says why', () => {
    it.each([
      ['a bad field name', () => foldHeader('Bad Name', 'v')],
      ['a CR or LF in a value', () => foldHeader('X', 'a\r\nBcc: b@example.org')],
      ['a word longer than 998', () => foldHeader('X', 'y'.repeat(1000))],
      ['a bad Message-ID domain', () => createMessageId('a>b')],
      [
        'a CR or LF in a display name',
        () => formatAddress({ name: 'Bob\r\nBcc: x@example.org', address: 'b@example.org' }),
      ],
    ])('has a message for %s', (what, fn) => {
      const error = invalidHeader(fn, `refuse ${what}`);
      expect(error.message.length, hint(6, `the message says why: ${what}`)).toBeGreaterThan(0);
    });
  });
});
