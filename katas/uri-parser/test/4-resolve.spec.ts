import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { removeDotSegments, resolve } from '../src/index.ts';
import { expectUriError } from './helpers.ts';

/** The base URI of every example in RFC 3986 §5.4. */
const BASE = 'http://a/b/c/d;p?q';

const CLIMB = hint(
  4,
  'remove_dot_segments must not climb above the root: ".." at "/" stays at "/"',
);
const LAST_SEGMENT = hint(
  4,
  'merge drops the last segment of the base path, up to and including its last "/"',
);
const EMPTY_REF = hint(
  4,
  'an empty reference keeps the base path and query, and drops only the fragment',
);
const DOT_PREFIX = hint(4, 'only a complete "." or ".." segment is a dot segment');
const NOT_PATH = hint(4, 'dot segments in the query or fragment are not path segments');

// §5.4.1 Normal Examples
const normal: Array<[string, string, string?]> = [
  ['g:h', 'g:h'],
  ['g', 'http://a/b/c/g', LAST_SEGMENT],
  ['./g', 'http://a/b/c/g'],
  ['g/', 'http://a/b/c/g/'],
  ['/g', 'http://a/g'],
  ['//g', 'http://g', 'a reference with an authority replaces the base authority and path'],
  ['?y', 'http://a/b/c/d;p?y', 'a query-only reference keeps the base path'],
  ['g?y', 'http://a/b/c/g?y'],
  ['#s', 'http://a/b/c/d;p?q#s', 'a fragment-only reference keeps the base path and query'],
  ['g#s', 'http://a/b/c/g#s'],
  ['g?y#s', 'http://a/b/c/g?y#s'],
  [';x', 'http://a/b/c/;x'],
  ['g;x', 'http://a/b/c/g;x'],
  ['g;x?y#s', 'http://a/b/c/g;x?y#s'],
  ['', 'http://a/b/c/d;p?q', EMPTY_REF],
  ['.', 'http://a/b/c/', 'a final "." leaves the trailing "/"'],
  ['./', 'http://a/b/c/'],
  ['..', 'http://a/b/', 'a final ".." leaves the trailing "/"'],
  ['../', 'http://a/b/'],
  ['../g', 'http://a/b/g'],
  ['../..', 'http://a/'],
  ['../../', 'http://a/'],
  ['../../g', 'http://a/g'],
];

// §5.4.2 Abnormal Examples
const abnormal: Array<[string, string, string?]> = [
  ['../../../g', 'http://a/g', CLIMB],
  ['../../../../g', 'http://a/g', CLIMB],
  ['/./g', 'http://a/g'],
  ['/../g', 'http://a/g', CLIMB],
  ['g.', 'http://a/b/c/g.', DOT_PREFIX],
  ['.g', 'http://a/b/c/.g', DOT_PREFIX],
  ['g..', 'http://a/b/c/g..', DOT_PREFIX],
  ['..g', 'http://a/b/c/..g', DOT_PREFIX],
  ['./../g', 'http://a/b/g'],
  ['./g/.', 'http://a/b/c/g/'],
  ['g/./h', 'http://a/b/c/g/h'],
  ['g/../h', 'http://a/b/c/h'],
  ['g;x=1/./y', 'http://a/b/c/g;x=1/y'],
  ['g;x=1/../y', 'http://a/b/c/y'],
  ['g?y/./x', 'http://a/b/c/g?y/./x', NOT_PATH],
  ['g?y/../x', 'http://a/b/c/g?y/../x', NOT_PATH],
  ['g#s/./x', 'http://a/b/c/g#s/./x', NOT_PATH],
  ['g#s/../x', 'http://a/b/c/g#s/../x', NOT_PATH],
  ['http:g', 'http:g', 'a strict parser keeps a reference with its own scheme as it is (§5.2.2)'],
];

describe('4. Resolve references', () => {
  describe(`the normal examples of §5.4.1, against ${BASE}`, () => {
    it.each(normal)('resolves %j to %j', (reference, expected, why) => {
      expect(resolve(BASE, reference), why).toBe(expected);
    });
  });

  describe(`the abnormal examples of §5.4.2, against ${BASE}`, () => {
    it.each(abnormal)('resolves %j to %j', (reference, expected, why) => {
      expect(resolve(BASE, reference), why).toBe(expected);
    });
  });

  describe('more references', () => {
    it.each([
      [
        'http://a/b/c/d;p?q',
        '?',
        'http://a/b/c/d;p?',
        'an empty query in the reference is still a query',
      ],
      [
        'http://a/b/c/d;p?q',
        '#',
        'http://a/b/c/d;p?q#',
        'an empty fragment in the reference is still a fragment',
      ],
      ['http://a/b/c/d;p?q#f', '', 'http://a/b/c/d;p?q', 'the base fragment is never inherited'],
      [
        'http://a',
        'b',
        'http://a/b',
        'merging with an empty base path and an authority adds a "/" (§5.2.3)',
      ],
      [
        'http://a',
        '?x',
        'http://a?x',
        'a query-only reference keeps the (empty) base path as it is',
      ],
      [
        'http://u@a:8/b',
        'c',
        'http://u@a:8/c',
        'the base userinfo and port come along with its host',
      ],
      [
        'http://u@a:8/b',
        '//h/c',
        'http://h/c',
        'the reference authority replaces all of the base authority',
      ],
      ['a:b/c', 'd', 'a:b/d', 'a base without authority merges from its own path'],
      ['a:b', 'c', 'a:c', 'a base path without "/" contributes nothing to the merge'],
      ['HTTP://A/b', 'c', 'HTTP://A/c', 'resolution does not normalize case'],
      ['http://a/b/', 'c%2F..%2Fd', 'http://a/b/c%2F..%2Fd', '"%2F" is not a segment separator'],
      [
        'http://a/b/c',
        'g:../../h',
        'g:h',
        'a reference with a scheme still loses its dot segments',
      ],
      [
        'http://a/b/c',
        '//g/x/../y',
        'http://g/y',
        'a network-path reference loses its dot segments',
      ],
      ['http://a/b/c/d', '/g/../../h', 'http://a/h', CLIMB],
      ['a:', 'b', 'a:b', 'without an authority, an empty base path merges to the bare reference'],
      ['http://a/b', '/.//x', 'http://a//x', 'with an authority, a path may start with "//"'],
      ['http://a/b', '//h//x', 'http://h//x', 'with an authority, a path may start with "//"'],
      ['http://a/b', 'b://h//x', 'b://h//x', 'with an authority, a path may start with "//"'],
    ])('resolves %j + %j to %j', (base, reference, expected, why) => {
      expect(resolve(base, reference), hint(4, why)).toBe(expected);
    });

    it('never writes a path starting with "//" without an authority', () => {
      const why = hint(4, '"a://c" would name host "c"; prefix such a path with "/."');
      expect(resolve('a:/b', '..//c'), why).toBe('a:/.//c');
      expect(resolve('http://a/', 'b:/.//c'), why).toBe('b:/.//c');
    });

    it('needs an absolute base', () => {
      expectUriError(
        () => resolve('/a/b', 'c'),
        'ERR_URI_NOT_ABSOLUTE',
        hint(4, '§5.1 resolves against a URI with a scheme'),
      );
      expectUriError(() => resolve('//a/b', 'c'), 'ERR_URI_NOT_ABSOLUTE');
    });

    it('rejects an invalid base or reference', () => {
      expectUriError(() => resolve('http://a/b c', 'd'), 'ERR_URI_INVALID_CHARACTER');
      expectUriError(() => resolve('http://a/', 'b c'), 'ERR_URI_INVALID_CHARACTER');
      expectUriError(() => resolve('http://a/', 'http://a:x/'), 'ERR_URI_INVALID_PORT');
    });
  });

  describe('removeDotSegments (§5.2.4)', () => {
    it.each([
      ['/a/b/c/./../../g', '/a/g', 'the first example of §5.2.4'],
      ['mid/content=5/../6', 'mid/6', 'the second example of §5.2.4'],
      ['/..', '/', CLIMB],
      ['/../a', '/a', CLIMB],
      ['/.', '/', 'a final "/." leaves "/"'],
      ['/a/..', '/', 'a final "/.." leaves "/"'],
      ['/a/b/..', '/a/', 'a final "/.." leaves the trailing "/"'],
      ['/a/b/.', '/a/b/', 'a final "/." leaves the trailing "/"'],
      ['/a//..', '/a/', 'an empty segment is a segment'],
      ['.', '', 'rule D'],
      ['..', '', 'rule D'],
      ['./a', 'a', 'rule A'],
      ['../a', 'a', 'rule A'],
      ['.././a', 'a', 'rule A, twice'],
      ['./..', '', 'rule A, then rule D'],
      ['../.', '', 'rule A, then rule D'],
      ['a/..', '/', 'the algorithm of §5.2.4 leaves "/" here, not ""'],
      ['/a/.b/..b/b./b../...', '/a/.b/..b/b./b../...', DOT_PREFIX],
      ['', '', 'nothing to do'],
      ['/a/b', '/a/b', 'nothing to do'],
    ])('turns %j into %j', (path, expected, why) => {
      expect(removeDotSegments(path), hint(4, why)).toBe(expected);
    });
  });
});
