import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parse, serialize, type UriComponents, type UriErrorCode } from '../src/index.ts';
import { expectUriError } from './helpers.ts';

describe('2. Validate against the grammar', () => {
  describe('characters (§2)', () => {
    it.each([
      ['http://a/b c', 'a space'],
      ['http://a/é', 'a non-ASCII letter (an IRI, not a URI: encode it as %C3%A9)'],
      ['http://a/<script>', '"<" and ">"'],
      ['http://a/"x"', 'a double quote'],
      ['http://a/{x}', 'braces'],
      ['http://a/a|b', 'a vertical bar'],
      ['http://a/^', 'a caret'],
      ['http://a/`', 'a backtick'],
      ['http://a/\x7f', 'DEL'],
      ['http://a/\u0000', 'NUL'],
      ['http://a/\tb', 'a tab inside'],
    ])('rejects %j: %s must be percent-encoded', (uri) => {
      expectUriError(
        () => parse(uri),
        'ERR_URI_INVALID_CHARACTER',
        hint(2, 'check every character before splitting'),
      );
    });

    it.each([
      ['http://a/%'],
      ['http://a/%2'],
      ['http://a/%zz'],
      ['http://a/%%41'],
      ['http://%g0/'],
      ['?%u0041'],
    ])('rejects the broken escape in %j', (uri) => {
      expectUriError(
        () => parse(uri),
        'ERR_URI_INVALID_PERCENT_ENCODING',
        hint(2, '"%" must be followed by two hex digits'),
      );
    });

    it('reports a forbidden character before a broken escape, wherever they are', () => {
      expectUriError(
        () => parse('http://a%zz/b c'),
        'ERR_URI_INVALID_CHARACTER',
        hint(2, 'characters first, then escapes, then components (README §2)'),
      );
    });
  });

  describe('scheme (§3.1)', () => {
    it.each([['1http://a/'], ['-x:y'], ['+x:y'], ['ht~tp://a/'], ['h_t:x'], ['%68ttp://a/']])(
      'rejects the scheme of %j',
      (uri) => {
        expectUriError(
          () => parse(uri),
          'ERR_URI_INVALID_SCHEME',
          hint(2, 'scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )'),
        );
      },
    );

    it('rejects an empty scheme', () => {
      expectUriError(
        () => parse(':x'),
        'ERR_URI_INVALID_SCHEME',
        hint(2, 'a relative reference cannot start with ":" (path-noscheme, §4.2)'),
      );
    });

    it('accepts every character the rule allows', () => {
      expect(parse('a+b-c.d9:x').scheme).toBe('a+b-c.d9');
    });
  });

  describe('host (§3.2.2)', () => {
    it.each([
      ['[::]'],
      ['[::1]'],
      ['[2001:DB8::7]'],
      ['[1:2:3:4:5:6:7:8]'],
      ['[1::]'],
      ['[1:2:3:4:5:6:7::]'],
      ['[::1:2:3:4:5:6:7]'],
      ['[::ffff:192.0.2.1]'],
      ['[::1.2.3.4]'],
      ['[1:2:3:4:5:6:1.2.3.4]'],
      ['[v7.fe80::a+en1]'],
      ['[V1.x:y]'],
      ['192.0.2.16'],
      ['256.256.256.256'],
      ['xn--caf-dma.example'],
      ['%C3%A9t%C3%A9.example'],
      ["a!$&'()*+,;=-._~"],
    ])('accepts the host %s', (host) => {
      expect(parse(`http://${host}/`).host).toBe(host);
    });

    it.each([
      ['[::1', 'an unclosed bracket'],
      ['[::1]x', 'text after "]"'],
      ['a]', 'a "]" outside an IP-literal'],
      ['[1:2:3:4:5:6:7]', 'seven groups and no "::"'],
      ['[1:2:3:4:5:6:7:8:9]', 'nine groups'],
      ['[1:2:3:4:5:6:7:8::]', 'eight groups and a "::"'],
      ['[1::2::3]', 'two "::"'],
      ['[1:2:3:4::5:6:7::8]', 'two "::" around eight groups'],
      ['[:::]', 'three colons'],
      ['[:1::]', 'a single leading colon'],
      ['[12345::]', 'a group of five hex digits'],
      ['[::g]', 'a non-hex digit'],
      ['[::1.2.3.256]', 'an IPv4 octet above 255'],
      ['[::1.2.3.04]', 'an IPv4 octet with a leading zero'],
      ['[1.2.3.4::]', 'an IPv4 address before "::"'],
      ['[1:2:3:4:5:6:7:1.2.3.4]', 'seven groups and an IPv4 address'],
      ['[1::g:1.2.3.4]', 'a non-hex group before an IPv4 address'],
      ['[1.2.3.4]', 'a bare IPv4 address in brackets'],
      ['[v1]', 'an IPvFuture without "."'],
      ['[v.x]', 'an IPvFuture without a version'],
      ['[vg.x]', 'an IPvFuture with a non-hex version'],
      ['[v1.]', 'an IPvFuture with nothing after "."'],
      ['[1v1.x]', 'an IPvFuture that does not start with "v"'],
      ['[v1.a%41]', 'an escape in an IPvFuture'],
      ['[v1.xy', 'an unclosed IPvFuture'],
      ['[fe80::1%25eth0]', 'a zone identifier (RFC 6874, obsoleted by RFC 9844)'],
    ])('rejects the host %s: %s', (host) => {
      expectUriError(
        () => parse(`http://${host}/`),
        'ERR_URI_INVALID_HOST',
        hint(2, 'IP-literal = "[" ( IPv6address / IPvFuture ) "]"'),
      );
    });
  });

  describe('port, userinfo, path, query, fragment', () => {
    it.each<[string, UriErrorCode]>([
      ['http://a:8a/', 'ERR_URI_INVALID_PORT'],
      ['http://a:-1/', 'ERR_URI_INVALID_PORT'],
      ['http://a:+80/', 'ERR_URI_INVALID_PORT'],
      ['http://a:80:90/', 'ERR_URI_INVALID_PORT'],
      ['http://a:80]/', 'ERR_URI_INVALID_PORT'],
      ['http://[::1]:x/', 'ERR_URI_INVALID_PORT'],
      ['http://[u]@a/', 'ERR_URI_INVALID_USERINFO'],
      ['http://a/[x]', 'ERR_URI_INVALID_PATH'],
      ['x:]', 'ERR_URI_INVALID_PATH'],
      ['http://a/?[x]', 'ERR_URI_INVALID_QUERY'],
      ['http://a/#b#c', 'ERR_URI_INVALID_FRAGMENT'],
      ['#[x]', 'ERR_URI_INVALID_FRAGMENT'],
    ])('rejects %j with %s', (uri, code) => {
      expectUriError(
        () => parse(uri),
        code,
        hint(2, 'each component has its own rule in §3 (README §2)'),
      );
    });

    it('accepts any number of digits as a port: the range belongs to the scheme', () => {
      expect(parse('http://a:99999/').port).toBe('99999');
    });

    it('accepts "@", ":" and sub-delims in a path, and "/" and "?" in a query and a fragment', () => {
      expect(parse("http://a/@:!$&'()*+,;=?/?@#/?")).toEqual({
        scheme: 'http',
        host: 'a',
        path: "/@:!$&'()*+,;=",
        query: '/?@',
        fragment: '/?',
      });
    });
  });

  describe('serialize refuses components that would not read back', () => {
    it.each<[UriComponents, UriErrorCode, string]>([
      [
        { host: 'a', path: 'b' },
        'ERR_URI_INVALID_PATH',
        'with an authority the path must be empty or start with "/"',
      ],
      [
        { path: '//a' },
        'ERR_URI_INVALID_PATH',
        'without an authority "//a" would read back as a host',
      ],
      [
        { path: 'a:b' },
        'ERR_URI_INVALID_PATH',
        'a first segment with ":" reads as a scheme; write "./a:b"',
      ],
      [{ port: '80', path: '/' }, 'ERR_URI_INVALID_HOST', 'a port needs a host'],
      [{ userinfo: 'u', path: '' }, 'ERR_URI_INVALID_HOST', 'a userinfo needs a host'],
      [{ scheme: '', path: '' }, 'ERR_URI_INVALID_SCHEME', 'a scheme cannot be empty'],
      [{ scheme: 'h%74tp', path: '' }, 'ERR_URI_INVALID_SCHEME', 'a scheme has no escapes'],
      [{ host: '::1', path: '' }, 'ERR_URI_INVALID_HOST', 'an IPv6 host keeps its brackets'],
      [{ host: '1::1]', path: '' }, 'ERR_URI_INVALID_HOST', 'an IP-literal needs both brackets'],
      [{ host: 'a', port: '8o', path: '' }, 'ERR_URI_INVALID_PORT', 'a port is digits'],
      [{ host: 'a@b', path: '' }, 'ERR_URI_INVALID_HOST', 'a host cannot contain "@"'],
      [
        { userinfo: 'a@b', host: 'c', path: '' },
        'ERR_URI_INVALID_USERINFO',
        'a userinfo cannot contain "@"',
      ],
      [{ path: '/a b' }, 'ERR_URI_INVALID_CHARACTER', 'components are written already encoded'],
      [
        { path: '/%zz' },
        'ERR_URI_INVALID_PERCENT_ENCODING',
        'components are written already encoded',
      ],
      [{ path: '/a?b' }, 'ERR_URI_INVALID_PATH', 'a "?" in the path would start the query'],
      [
        { path: '', query: 'a#b' },
        'ERR_URI_INVALID_QUERY',
        'a "#" in the query would start the fragment',
      ],
      [{ path: '', fragment: '#' }, 'ERR_URI_INVALID_FRAGMENT', 'a fragment cannot contain "#"'],
    ])('rejects %j with %s', (components, code, why) => {
      expectUriError(() => serialize(components), code, hint(2, why));
    });

    it.each<[UriComponents, string]>([
      [{ scheme: 'a', path: 'b:c' }, 'a:b:c'],
      [{ path: './a:b' }, './a:b'],
      [{ path: 'a/b:c' }, 'a/b:c'],
      [{ scheme: 'x', path: '/' }, 'x:/'],
    ])('accepts %j', (components, expected) => {
      expect(serialize(components)).toBe(expected);
    });
  });
});
