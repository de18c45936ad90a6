import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parseCookie } from '../src/index.ts';

const entries = (header: string) => [...parseCookie(header)];

describe('1. Parse Cookie headers', () => {
  describe('splitting pairs (RFC 6265 §4.2.1)', () => {
    it('parses a single pair', () => {
      expect(
        entries('sid=abc'),
        hint(1, 'split the header on ";", each pair at its first "="'),
      ).toEqual([['sid', 'abc']]);
    });

    it('parses pairs separated by "; " in header order', () => {
      expect(
        entries('a=1; b=2; c=3'),
        hint(1, 'split on ";" and keep the order of the header'),
      ).toEqual([
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ]);
    });

    it('accepts pairs separated by ";" without the space', () => {
      expect(entries('a=1;b=2'), hint(1, 'split on ";" alone, then trim')).toEqual([
        ['a', '1'],
        ['b', '2'],
      ]);
    });

    it('trims SP and HTAB around names and values (§5.2 step 4)', () => {
      expect(
        entries(' \ta \t= \t1 \t;\t b= 2 '),
        hint(1, 'trim SP and HTAB (not every Unicode space) around name and value'),
      ).toEqual([
        ['a', '1'],
        ['b', '2'],
      ]);
    });

    it('keeps whitespace inside a value', () => {
      expect(parseCookie('a=one two').get('a'), hint(1, 'trim the ends only')).toBe('one two');
    });

    it('returns an empty map for an empty header', () => {
      expect(parseCookie('').size, hint(1, 'an empty or blank header gives an empty map')).toBe(0);
    });
  });

  describe('names and values', () => {
    it('splits at the first "=" only, so base64 padding stays in the value', () => {
      const why = hint(1, 'indexOf("=") once: the rest, "=" included, is the value');
      expect(parseCookie('t=YWJj==; u=a=b').get('t'), why).toBe('YWJj==');
      expect(parseCookie('t=YWJj==; u=a=b').get('u'), why).toBe('a=b');
    });

    it('keeps an empty value', () => {
      expect(entries('a=; b=2'), hint(1, '"a=" is a cookie with an empty value')).toEqual([
        ['a', ''],
        ['b', '2'],
      ]);
    });

    it('skips a pair without "=" and keeps parsing after it', () => {
      expect(
        entries('junk; a=1; more junk ;b=2'),
        hint(1, 'a pair without "=" is skipped, not an error'),
      ).toEqual([
        ['a', '1'],
        ['b', '2'],
      ]);
    });

    it('skips a pair with an empty name (§5.2 step 5)', () => {
      expect(
        entries('=1; a=2;  =3'),
        hint(1, 'a pair whose trimmed name is empty is skipped'),
      ).toEqual([['a', '2']]);
    });

    it('keeps the first value of a repeated name (§5.4: most specific path first)', () => {
      const why = hint(1, 'set a name only when it is not in the map yet');
      expect(parseCookie('sid=first; sid=second').get('sid'), why).toBe('first');
      expect(parseCookie('sid=first; sid=second').size, why).toBe(1);
    });

    it('keeps DQUOTEs around a quoted value, as the browser stored it', () => {
      expect(
        parseCookie('a="quoted"').get('a'),
        hint(1, 'do not unquote: the DQUOTEs are part of the value'),
      ).toBe('"quoted"');
    });

    it('treats __proto__ and constructor as ordinary names', () => {
      const why = hint(1, 'use a Map or Object.create(null), never a plain {}');
      const cookies = parseCookie('__proto__=x; constructor=y');
      expect(cookies.get('__proto__'), why).toBe('x');
      expect(cookies.get('constructor'), why).toBe('y');
    });
  });

  describe('percent-decoding', () => {
    it('decodes percent-encoded values', () => {
      expect(
        parseCookie('name=J%C3%BCrgen%20K').get('name'),
        hint(1, 'decodeURIComponent the value'),
      ).toBe('Jürgen K');
    });

    it('leaves a value with a malformed escape raw instead of failing the header', () => {
      expect(
        entries('a=100%; b=%E0%A4%A; c=%41'),
        hint(1, 'catch the URIError and keep the raw value'),
      ).toEqual([
        ['a', '100%'],
        ['b', '%E0%A4%A'],
        ['c', 'A'],
      ]);
    });

    it('never decodes names', () => {
      expect(entries('a%20b=1'), hint(1, 'decode values only, never names')).toEqual([
        ['a%20b', '1'],
      ]);
    });
  });
});
