import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parseQuery, serializeQuery } from '../src/index.ts';
import { expectUriError } from './helpers.ts';

describe('6. Query strings', () => {
  describe('parseQuery', () => {
    it.each<[string, [string, string][], string?]>([
      [
        'a=1&b=2',
        [
          ['a', '1'],
          ['b', '2'],
        ],
      ],
      [
        'a=1&a=2&b=3&a=4',
        [
          ['a', '1'],
          ['a', '2'],
          ['b', '3'],
          ['a', '4'],
        ],
        'keep repeated names, in order',
      ],
      ['q=hello+world', [['q', 'hello world']], '"+" is a space in form data'],
      [
        'q=1%2B1',
        [['q', '1+1']],
        'turn "+" into a space before decoding, or "%2B" becomes a space too',
      ],
      ['a+b=c+d', [['a b', 'c d']], 'names are decoded like values'],
      ['a==b', [['a', '=b']], 'split at the first "=" only'],
      ['a=b=c', [['a', 'b=c']], 'split at the first "=" only'],
      ['a', [['a', '']], 'a name without "=" has an empty value'],
      ['a=', [['a', '']]],
      ['=b', [['', 'b']], 'the name may be empty'],
      ['=', [['', '']]],
      ['', [], 'an empty query has no pairs'],
      ['&&a=1&&', [['a', '1']], 'skip empty sequences between "&"'],
      ['name=%C3%A9t%C3%A9', [['name', 'été']], 'escapes are UTF-8'],
      ['a%26b=c%3Dd', [['a&b', 'c=d']], 'an escaped "&" or "=" is data'],
      [
        'a=%zz&b=100%',
        [
          ['a', '%zz'],
          ['b', '100%'],
        ],
        'decode leniently: a broken escape stays as written',
      ],
      ['a=%C3', [['a', '\ufffd']], 'decode leniently: bad UTF-8 becomes U+FFFD'],
      ['%EF%BB%BFa=1', [['\ufeffa', '1']], 'a byte-order mark is data'],
    ])('parses %j', (query, expected, why) => {
      expect(parseQuery(query), why && hint(6, why)).toEqual(expected);
    });
  });

  describe('serializeQuery', () => {
    it.each<[[string, string][], string, string?]>([
      [
        [
          ['a', '1'],
          ['b', '2'],
        ],
        'a=1&b=2',
      ],
      [
        [
          ['a', '1'],
          ['a', '2'],
        ],
        'a=1&a=2',
        'repeated names stay repeated',
      ],
      [[['q', 'a b']], 'q=a+b', 'a space is "+"'],
      [[['q', '1+1']], 'q=1%2B1', 'a real "+" must be encoded'],
      [[['a&b', 'c=d']], 'a%26b=c%3Dd', '"&" and "=" in data are encoded'],
      [[['name', 'été']], 'name=%C3%A9t%C3%A9', 'UTF-8, uppercase hex'],
      [
        [['x', "*-._~!'()"]],
        'x=*-._%7E%21%27%28%29',
        'the form set keeps only alphanumerics and "*-._"',
      ],
      [[['', '']], '=', 'empty names and values keep their "="'],
      [[], ''],
    ])('serializes %j to %j', (pairs, expected, why) => {
      expect(serializeQuery(pairs), why && hint(6, why)).toBe(expected);
    });

    it('accepts any iterable of pairs', () => {
      expect(
        serializeQuery(
          new Map([
            ['a', '1'],
            ['b', '2'],
          ]),
        ),
      ).toBe('a=1&b=2');
    });

    it('refuses a lone surrogate', () => {
      expectUriError(() => serializeQuery([['a', '\ud800']]), 'ERR_URI_INVALID_CHARACTER');
    });
  });
});
