import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { normalize } from '../src/index.ts';
import { expectUriError } from './helpers.ts';

describe('5. Normalize and compare', () => {
  it('normalizes the example of §6.2.2', () => {
    expect(normalize('eXAMPLE://a/./b/../b/%63/%7bfoo%7d')).toBe('example://a/b/c/%7Bfoo%7D');
  });

  it.each([
    'http://example.com',
    'http://example.com/',
    'http://example.com:/',
    'http://example.com:80/',
  ])('normalizes the §6.2.3 example %j to "http://example.com/"', (uri) => {
    expect(normalize(uri)).toBe('http://example.com/');
  });

  describe('case (§6.2.2.1)', () => {
    it.each([
      [
        'HTTP://WWW.EXAMPLE.COM/',
        'http://www.example.com/',
        'the scheme and the host are case-insensitive',
      ],
      [
        'http://a/B/C?D#E',
        'http://a/B/C?D#E',
        'the path, query and fragment are case-sensitive: never fold them',
      ],
      ['http://User:Pw@a/', 'http://User:Pw@a/', 'the userinfo is case-sensitive'],
      ['http://a/%7b%2f', 'http://a/%7B%2F', 'the hex digits of an escape are uppercase'],
      [
        'http://%c3%a9.COM/',
        'http://%C3%A9.com/',
        'lowercase the host, but not the hex digits of its escapes',
      ],
      ['http://[2001:DB8::A]/', 'http://[2001:db8::a]/', 'an IP-literal is part of the host'],
      ['X://[V1.AB]/', 'x://[v1.ab]/', 'an IPvFuture is part of the host'],
    ])('normalizes %j to %j', (uri, expected, why) => {
      expect(normalize(uri), hint(5, why)).toBe(expected);
    });
  });

  describe('percent-encoding (§6.2.2.2)', () => {
    it.each([
      [
        'http://a/%7Euser/%41%2D%5F%2E%30',
        'http://a/~user/A-_.0',
        'decode the escapes of unreserved characters',
      ],
      ['http://%41%42.com/', 'http://ab.com/', 'a decoded letter in the host is lowercased too'],
      [
        'http://a/b%2Fc%3A%40%3F',
        'http://a/b%2Fc%3A%40%3F',
        'never decode a reserved character: "%2F" is not "/"',
      ],
      ['http://a/%25', 'http://a/%25', '"%25" is a literal "%": decoding it creates an escape'],
      ['http://a/%2541', 'http://a/%2541', 'decode once: "%2541" is not "A"'],
      ['http://a/%C3%A9', 'http://a/%C3%A9', 'non-ASCII stays encoded'],
      [
        'http://a/a+b?c+d=%20',
        'http://a/a+b?c+d=%20',
        '"+" is not a space, and a space stays "%20"',
      ],
      ['http://%75@a/?%61#%62', 'http://u@a/?a#b', 'every component is normalized'],
    ])('normalizes %j to %j', (uri, expected, why) => {
      expect(normalize(uri), hint(5, why)).toBe(expected);
    });
  });

  describe('path segments (§6.2.2.3)', () => {
    it.each([
      ['http://a/b/../../c', 'http://a/c', 'remove dot segments as resolution does'],
      ['http://a/b/%2E%2E/c', 'http://a/c', 'decode first: "%2E%2E" is ".."'],
      ['http://a/b/%2e/c', 'http://a/b/c', 'decode first: "%2e" is "."'],
      ['/a/./b/../c', '/a/c', 'an absolute-path reference can lose its dot segments'],
      ['//A/b/../c', '//a/c', 'so can a network-path reference'],
      ['../a/./b', '../a/./b', 'a relative-path reference keeps them: they depend on the base'],
      ['a:/.//b', 'a:/.//b', 'without an authority, do not write a path starting with "//"'],
      ['http://a/.//b', 'http://a//b', 'with an authority, a path may start with "//"'],
      [
        'URN:x:a/./b/../c',
        'urn:x:a/c',
        'a URI with a scheme loses its dot segments, even with a rootless path',
      ],
    ])('normalizes %j to %j', (uri, expected, why) => {
      expect(normalize(uri), hint(5, why)).toBe(expected);
    });
  });

  describe('scheme-based normalization of http and https (§6.2.3)', () => {
    it.each([
      ['https://a:443/', 'https://a/', 'the default port of https is 443'],
      ['https://a:80/', 'https://a:80/', '80 is not the default port of https'],
      ['http://a:443/', 'http://a:443/', '443 is not the default port of http'],
      ['http://a:0080/', 'http://a/', 'a port is a number: "0080" is 80'],
      ['http://a:08080/', 'http://a:8080/', 'a port is a number: "08080" is 8080'],
      ['http://a:0/', 'http://a:0/', 'port 0 is not the default port'],
      ['http://a:8000/', 'http://a:8000/', 'strip the leading zeros only'],
      ['HTTP://a:80', 'http://a/', 'the scheme is compared in lowercase'],
      ['http://a?x', 'http://a/?x', 'an empty path is "/"'],
      ['http://a/?', 'http://a/?', 'an empty query is not an absent one: keep the "?"'],
      ['http://a/#', 'http://a/#', 'an empty fragment is not an absent one: keep the "#"'],
      ['ftp://a:21/', 'ftp://a:21/', 'only http and https are known here'],
      [
        'foo://a:/',
        'foo://a:/',
        'the empty port of an unknown scheme stays: only the scheme can license removing it',
      ],
      ['foo://a', 'foo://a', 'the empty path of an unknown scheme stays empty'],
      ['https:', 'https:', 'without a host, there is no authority to follow with "/"'],
      [
        'constructor://a:/',
        'constructor://a:/',
        'look schemes up in a Map: an object literal knows "constructor"',
      ],
    ])('normalizes %j to %j', (uri, expected, why) => {
      expect(normalize(uri), hint(5, why)).toBe(expected);
    });
  });

  it('tells equivalent URIs apart from different ones by their normal forms', () => {
    expect(normalize('HTTP://Example.COM:80/%7Euser/a/../b')).toBe(
      normalize('http://example.com/~user/b'),
    );
    expect(normalize('http://example.com/a')).not.toBe(normalize('http://example.com/A'));
  });

  it('rejects what is not a URI reference', () => {
    expectUriError(() => normalize('http://a b/'), 'ERR_URI_INVALID_CHARACTER');
    expectUriError(() => normalize('http://[::1/'), 'ERR_URI_INVALID_HOST');
  });
});
