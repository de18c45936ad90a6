import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parse, serialize, type UriComponents } from '../src/index.ts';

describe('1. Split a URI into components', () => {
  describe('parse', () => {
    it('splits the example of §3 into its five components', () => {
      expect(parse('foo://example.com:8042/over/there?name=ferret#nose')).toEqual({
        scheme: 'foo',
        host: 'example.com',
        port: '8042',
        path: '/over/there',
        query: 'name=ferret',
        fragment: 'nose',
      });
    });

    it('splits the authority into userinfo, host and port', () => {
      expect(parse('http://user:pass@example.com:8080/a/b?q=1#top')).toEqual({
        scheme: 'http',
        userinfo: 'user:pass',
        host: 'example.com',
        port: '8080',
        path: '/a/b',
        query: 'q=1',
        fragment: 'top',
      });
    });

    // §1.1.2 Examples
    it.each<[string, UriComponents]>([
      [
        'ftp://ftp.is.co.za/rfc/rfc1808.txt',
        { scheme: 'ftp', host: 'ftp.is.co.za', path: '/rfc/rfc1808.txt' },
      ],
      [
        'http://www.ietf.org/rfc/rfc2396.txt',
        { scheme: 'http', host: 'www.ietf.org', path: '/rfc/rfc2396.txt' },
      ],
      [
        'ldap://[2001:db8::7]/c=GB?objectClass?one',
        { scheme: 'ldap', host: '[2001:db8::7]', path: '/c=GB', query: 'objectClass?one' },
      ],
      ['mailto:John.Doe@example.com', { scheme: 'mailto', path: 'John.Doe@example.com' }],
      [
        'news:comp.infosystems.www.servers.unix',
        { scheme: 'news', path: 'comp.infosystems.www.servers.unix' },
      ],
      ['tel:+1-816-555-1212', { scheme: 'tel', path: '+1-816-555-1212' }],
      ['telnet://192.0.2.16:80/', { scheme: 'telnet', host: '192.0.2.16', port: '80', path: '/' }],
      [
        'urn:oasis:names:specification:docbook:dtd:xml:4.1.2',
        { scheme: 'urn', path: 'oasis:names:specification:docbook:dtd:xml:4.1.2' },
      ],
    ])('parses the §1.1.2 example %s', (uri, expected) => {
      expect(parse(uri)).toEqual(expected);
    });

    it.each<[string, UriComponents, string]>([
      [
        'http://a/?',
        { scheme: 'http', host: 'a', path: '/', query: '' },
        'a "?" with nothing after it is an empty query, not an absent one',
      ],
      [
        'http://a/#',
        { scheme: 'http', host: 'a', path: '/', fragment: '' },
        'a "#" with nothing after it is an empty fragment',
      ],
      [
        'http://a/?#',
        { scheme: 'http', host: 'a', path: '/', query: '', fragment: '' },
        'both delimiters, both empty',
      ],
      [
        'file:///etc/hosts',
        { scheme: 'file', host: '', path: '/etc/hosts' },
        '"//" starts an authority even when the host is empty',
      ],
      [
        'http://a:/',
        { scheme: 'http', host: 'a', port: '', path: '/' },
        'a ":" with no digits is an empty port',
      ],
      [
        'http://@a/',
        { scheme: 'http', userinfo: '', host: 'a', path: '/' },
        'an "@" with nothing before it is an empty userinfo',
      ],
      ['http:', { scheme: 'http', path: '' }, 'a scheme alone has an empty path and no authority'],
    ])('keeps empty apart from absent: %s', (uri, expected, why) => {
      expect(parse(uri), hint(1, why)).toEqual(expected);
    });

    it('keeps the port as the string of digits that was written', () => {
      expect(
        parse('http://a:0080/').port,
        hint(1, 'the port is a string, leading zeros included'),
      ).toBe('0080');
    });

    it('keeps the brackets of an IP-literal host and reads the port after them', () => {
      expect(parse('http://[::1]:8080/x')).toEqual({
        scheme: 'http',
        host: '[::1]',
        port: '8080',
        path: '/x',
      });
    });

    it.each<[string, UriComponents]>([
      ['', { path: '' }],
      ['//example.com', { host: 'example.com', path: '' }],
      ['/a/b?c', { path: '/a/b', query: 'c' }],
      ['a/b', { path: 'a/b' }],
      ['../x', { path: '../x' }],
      ['?q', { path: '', query: 'q' }],
      ['#f', { path: '', fragment: 'f' }],
      ['./this:that', { path: './this:that' }],
      ['a/b:c', { path: 'a/b:c' }],
    ])('parses the relative reference %j', (uri, expected) => {
      expect(parse(uri)).toEqual(expected);
    });

    it.each<[string, Partial<UriComponents>]>([
      ['http://a/b#c?d', { path: '/b', query: undefined, fragment: 'c?d' }],
      ['http://a/b?c#d?e', { query: 'c', fragment: 'd?e' }],
      ['http://a?b/c', { host: 'a', path: '', query: 'b/c' }],
      ['http://a#b/c', { host: 'a', path: '', fragment: 'b/c' }],
      ['http://a/b?c?d', { query: 'c?d' }],
      ['a:b:c', { scheme: 'a', path: 'b:c' }],
    ])('splits %s at the first delimiter of each kind', (uri, expected) => {
      // Component by component: an absent component may be left out or be undefined (README types).
      const actual = parse(uri);
      for (const [name, value] of Object.entries(expected)) {
        expect(actual[name as keyof UriComponents], name).toBe(value);
      }
    });

    it('returns components as written: no case folding, no decoding', () => {
      expect(parse('HTTP://User@EXAMPLE.com/A/%7e%2F?Q=%41#F')).toEqual({
        scheme: 'HTTP',
        userinfo: 'User',
        host: 'EXAMPLE.com',
        path: '/A/%7e%2F',
        query: 'Q=%41',
        fragment: 'F',
      });
    });
  });

  describe('serialize', () => {
    it.each<[UriComponents, string]>([
      [
        {
          scheme: 'foo',
          host: 'example.com',
          port: '8042',
          path: '/over/there',
          query: 'name=ferret',
          fragment: 'nose',
        },
        'foo://example.com:8042/over/there?name=ferret#nose',
      ],
      [{ scheme: 'http', userinfo: 'u:p', host: 'a', path: '/' }, 'http://u:p@a/'],
      [{ scheme: 'mailto', path: 'a@example.com' }, 'mailto:a@example.com'],
      [{ path: '' }, ''],
      [{ path: '../g', query: 'y' }, '../g?y'],
      [{ host: 'a', path: '/b' }, '//a/b'],
      [{ scheme: 'http', host: '[::1]', port: '80', path: '' }, 'http://[::1]:80'],
    ])('recomposes %j', (components, expected) => {
      expect(serialize(components)).toBe(expected);
    });

    it.each<[UriComponents, string]>([
      [{ scheme: 'http', host: 'a', path: '/', query: '' }, 'http://a/?'],
      [{ scheme: 'http', host: 'a', path: '/', fragment: '' }, 'http://a/#'],
      [{ scheme: 'file', host: '', path: '/x' }, 'file:///x'],
      [{ scheme: 'http', host: 'a', port: '', path: '/' }, 'http://a:/'],
      [{ scheme: 'http', userinfo: '', host: 'a', path: '/' }, 'http://@a/'],
      [{ scheme: 'http', host: 'a', port: '0080', path: '/' }, 'http://a:0080/'],
    ])('writes the delimiter of an empty component: %j', (components, expected) => {
      expect(serialize(components), hint(1, 'test `!== undefined`, not truthiness')).toBe(expected);
    });
  });
});
