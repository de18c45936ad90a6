import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parseCookie } from '../src/index.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(1, 'loop with indexOf on ";" and "="; a pair without "=" is skipped');

const entries = (header: string) => [...parseCookie(header)];

describe('1. Parse Cookie headers', () => {
  describe('splitting pairs (RFC 6265 §4.2.1)', () => {
    it('parses a single pair', () => {
      expect(entries('sid=abc'), STAGE_HINT).toEqual([['sid', 'abc']]);
    });

    it('parses pairs separated by "; " in header order', () => {
      expect(entries('a=1; b=2; c=3'), STAGE_HINT).toEqual([
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ]);
    });

    it('accepts pairs separated by ";" without the space', () => {
      expect(entries('a=1;b=2'), STAGE_HINT).toEqual([
        ['a', '1'],
        ['b', '2'],
      ]);
    });

    it('trims SP and HTAB around names and values (§5.2 step 4)', () => {
      expect(entries(' \ta \t= \t1 \t;\t b= 2 '), STAGE_HINT).toEqual([
        ['a', '1'],
        ['b', '2'],
      ]);
    });

    it('keeps whitespace inside a value', () => {
      expect(parseCookie('a=one two').get('a'), STAGE_HINT).toBe('one two');
    });

    it('returns an empty map for an empty header', () => {
      expect(parseCookie('').size, STAGE_HINT).toBe(0);
    });
  });

  describe('names and values', () => {
    it('splits at the first "=" only, so base64 padding stays in the value', () => {
      expect(parseCookie('t=YWJj==; u=a=b').get('t'), STAGE_HINT).toBe('YWJj==');
      expect(parseCookie('t=YWJj==; u=a=b').get('u'), STAGE_HINT).toBe('a=b');
    });

    it('keeps an empty value', () => {
      expect(entries('a=; b=2'), STAGE_HINT).toEqual([
        ['a', ''],
        ['b', '2'],
      ]);
    });

    it('skips a pair without "=" and keeps parsing after it', () => {
      expect(entries('junk; a=1; more junk ;b=2'), STAGE_HINT).toEqual([
        ['a', '1'],
        ['b', '2'],
      ]);
    });

    it('skips a pair with an empty name (§5.2 step 5)', () => {
      expect(entries('=1; a=2;  =3'), STAGE_HINT).toEqual([['a', '2']]);
    });

    it('keeps the first value of a repeated name (§5.4: most specific path first)', () => {
      expect(parseCookie('sid=first; sid=second').get('sid'), STAGE_HINT).toBe('first');
      expect(parseCookie('sid=first; sid=second').size, STAGE_HINT).toBe(1);
    });

    it('keeps DQUOTEs around a quoted value, as the browser stored it', () => {
      expect(parseCookie('a="quoted"').get('a'), STAGE_HINT).toBe('"quoted"');
    });

    it('treats __proto__ and constructor as ordinary names', () => {
      const cookies = parseCookie('__proto__=x; constructor=y');
      expect(cookies.get('__proto__'), STAGE_HINT).toBe('x');
      expect(cookies.get('constructor'), STAGE_HINT).toBe('y');
    });
  });

  describe('percent-decoding', () => {
    it('decodes percent-encoded values', () => {
      expect(parseCookie('name=J%C3%BCrgen%20K').get('name'), STAGE_HINT).toBe('Jürgen K');
    });

    it('leaves a value with a malformed escape raw instead of failing the header', () => {
      expect(entries('a=100%; b=%E0%A4%A; c=%41'), STAGE_HINT).toEqual([
        ['a', '100%'],
        ['b', '%E0%A4%A'],
        ['c', 'A'],
      ]);
    });

    it('never decodes names', () => {
      expect(entries('a%20b=1'), STAGE_HINT).toEqual([['a%20b', '1']]);
    });
  });
});
