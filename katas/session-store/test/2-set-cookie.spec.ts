import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CookieError, serializeSetCookie } from '../src/index.ts';
import { expectThrows } from './helpers.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(2, 'one anchored regex per grammar rule of the README');

const rejects = (code: string, fn: () => unknown) =>
  expectThrows(fn, CookieError, code, STAGE_HINT);

describe('2. Serialize and validate Set-Cookie', () => {
  describe('the pair', () => {
    it('serializes name=value with no attributes', () => {
      expect(
        serializeSetCookie('sid', 'abc'),
        hint(2, 'write name=value and nothing else when no option is given'),
      ).toBe('sid=abc');
    });

    it('accepts every tchar in a name (RFC 9110 §5.6.2)', () => {
      const name = "!#$%&'*+-.^_`|~09AZaz";
      expect(
        serializeSetCookie(name, 'v'),
        hint(2, 'a cookie name is an RFC 9110 token: check each character against tchar'),
      ).toBe(`${name}=v`);
    });

    it.each([
      ['the empty name', ''],
      ['a space', 'a b'],
      ['a semicolon', 'a;b'],
      ['an equals sign', 'a=b'],
      ['a comma', 'a,b'],
      ['parentheses', '(a)'],
      ['a slash', 'a/b'],
      ['a control character', 'a\x01'],
      ['a non-ASCII letter', 'é'],
    ])('rejects a name with %s (cookie-name = token)', (_, name) => {
      rejects('ERR_COOKIE_INVALID_NAME', () => serializeSetCookie(name, 'v'));
    });

    it('accepts an empty value and a DQUOTE-wrapped value (§4.1.1 cookie-value)', () => {
      const why = hint(2, 'cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )');
      expect(serializeSetCookie('a', ''), why).toBe('a=');
      expect(serializeSetCookie('a', '"xyz"'), why).toBe('a="xyz"');
    });

    it('accepts every cookie-octet and encodes nothing', () => {
      const why = hint(2, 'serializeSetCookie validates, it never encodes');
      const octets = "!#$%&'()*+-./0123456789:<=>?@AZ[]^_`az{|}~";
      expect(serializeSetCookie('a', octets), why).toBe(`a=${octets}`);
      expect(serializeSetCookie('a', 'x%20y'), why).toBe('a=x%20y');
    });

    it.each([
      ['a space', 'a b'],
      ['a DQUOTE inside', 'a"b'],
      ['an unbalanced DQUOTE', '"ab'],
      ['a comma', 'a,b'],
      ['a semicolon', 'a;b'],
      ['a backslash', 'a\\b'],
      ['DEL', 'a\x7f'],
      ['a non-ASCII character', 'café'],
    ])('rejects a value with %s (cookie-octet)', (_, value) => {
      rejects('ERR_COOKIE_INVALID_VALUE', () => serializeSetCookie('a', value));
    });
  });

  describe('attributes', () => {
    it('writes every attribute in the documented order', () => {
      const header = serializeSetCookie('sid', 'v', {
        partitioned: true,
        sameSite: 'None',
        httpOnly: true,
        secure: true,
        path: '/app',
        domain: 'example.com',
        maxAge: 3600,
        expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
      });
      expect(header, hint(2, 'write the attributes in the order the README lists')).toBe(
        'sid=v; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Max-Age=3600; Domain=example.com; ' +
          'Path=/app; Secure; HttpOnly; SameSite=None; Partitioned',
      );
    });

    it('writes Max-Age 0 and negative values, which delete the cookie', () => {
      const why = hint(2, 'Max-Age 0 and below are valid: they delete the cookie');
      expect(serializeSetCookie('a', '', { maxAge: 0 }), why).toBe('a=; Max-Age=0');
      expect(serializeSetCookie('a', '', { maxAge: -1 }), why).toBe('a=; Max-Age=-1');
    });

    it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])(
      'rejects Max-Age %s (not a safe integer)',
      (maxAge) => {
        rejects('ERR_COOKIE_INVALID_MAX_AGE', () => serializeSetCookie('a', 'b', { maxAge }));
      },
    );

    it('rejects an invalid Date for Expires', () => {
      rejects('ERR_COOKIE_INVALID_EXPIRES', () =>
        serializeSetCookie('a', 'b', { expires: new Date(Number.NaN) }),
      );
    });

    it('writes nothing for Secure, HttpOnly and Partitioned set to false', () => {
      expect(
        serializeSetCookie('a', 'b', { secure: false, httpOnly: false, partitioned: false }),
        hint(2, 'write a flag only when it is true'),
      ).toBe('a=b');
    });

    it('accepts a path with spaces and "=" (av-octet)', () => {
      expect(
        serializeSetCookie('a', 'b', { path: '/a b/c=d' }),
        hint(2, 'av-octet: any CHAR except CTLs and ";"'),
      ).toBe('a=b; Path=/a b/c=d');
    });

    it.each([
      ['a semicolon', '/a;b'],
      ['CR LF', '/a\r\nSet-Cookie: x=y'],
      ['NUL', '/a\x00'],
      ['DEL', '/a\x7f'],
    ])('rejects a path with %s', (_, path) => {
      rejects('ERR_COOKIE_INVALID_PATH', () => serializeSetCookie('a', 'b', { path }));
    });

    it('accepts host names, with or without a leading dot, as Domain', () => {
      const why = hint(2, 'Domain is a host name; a leading dot is allowed');
      expect(serializeSetCookie('a', 'b', { domain: 'sub.example.com' }), why).toBe(
        'a=b; Domain=sub.example.com',
      );
      expect(serializeSetCookie('a', 'b', { domain: '.Example.COM' }), why).toBe(
        'a=b; Domain=.Example.COM',
      );
      expect(serializeSetCookie('a', 'b', { domain: 'x.y.z' }), why).toBe('a=b; Domain=x.y.z');
    });

    it.each([
      ['the empty string', ''],
      ['an empty label', 'a..b'],
      ['a label starting with "-"', '-a.com'],
      ['a label ending with "-"', 'a-.com'],
      ['an underscore', 'a_b.com'],
      ['a space', 'exa mple.com'],
      ['a trailing dot', 'example.com.'],
      ['a 64-character label', `${'a'.repeat(64)}.com`],
    ])('rejects a Domain with %s', (_, domain) => {
      rejects('ERR_COOKIE_INVALID_DOMAIN', () => serializeSetCookie('a', 'b', { domain }));
    });

    it('writes SameSite Strict, Lax and None', () => {
      const why = hint(2, 'write SameSite with its capitalised value');
      expect(serializeSetCookie('a', 'b', { sameSite: 'Strict' }), why).toBe(
        'a=b; SameSite=Strict',
      );
      expect(serializeSetCookie('a', 'b', { sameSite: 'Lax' }), why).toBe('a=b; SameSite=Lax');
      expect(serializeSetCookie('a', 'b', { sameSite: 'None', secure: true }), why).toBe(
        'a=b; Secure; SameSite=None',
      );
    });

    it('rejects any other SameSite value', () => {
      const sameSite = 'Sometimes' as 'Lax';
      rejects('ERR_COOKIE_INVALID_SAMESITE', () => serializeSetCookie('a', 'b', { sameSite }));
    });

    it('rejects SameSite=None without Secure (browsers drop such cookies)', () => {
      rejects('ERR_COOKIE_REQUIRES_SECURE', () =>
        serializeSetCookie('a', 'b', { sameSite: 'None' }),
      );
    });

    it('rejects Partitioned without Secure (CHIPS)', () => {
      rejects('ERR_COOKIE_REQUIRES_SECURE', () =>
        serializeSetCookie('a', 'b', { partitioned: true }),
      );
      expect(
        serializeSetCookie('a', 'b', { partitioned: true, secure: true }),
        hint(2, 'Partitioned requires Secure'),
      ).toBe('a=b; Secure; Partitioned');
    });
  });

  describe('cookie prefixes (RFC 6265bis §4.1.3)', () => {
    it('requires Secure for a __Secure- cookie', () => {
      rejects('ERR_COOKIE_PREFIX', () => serializeSetCookie('__Secure-id', 'v'));
      expect(
        serializeSetCookie('__Secure-id', 'v', { secure: true, domain: 'a.com' }),
        hint(2, 'a __Secure- name needs Secure'),
      ).toBe('__Secure-id=v; Domain=a.com; Secure');
    });

    it('requires Secure, Path=/ and no Domain for a __Host- cookie', () => {
      rejects('ERR_COOKIE_PREFIX', () => serializeSetCookie('__Host-id', 'v', { path: '/' }));
      rejects('ERR_COOKIE_PREFIX', () => serializeSetCookie('__Host-id', 'v', { secure: true }));
      rejects('ERR_COOKIE_PREFIX', () =>
        serializeSetCookie('__Host-id', 'v', { secure: true, path: '/app' }),
      );
      rejects('ERR_COOKIE_PREFIX', () =>
        serializeSetCookie('__Host-id', 'v', { secure: true, path: '/', domain: 'a.com' }),
      );
      expect(
        serializeSetCookie('__Host-id', 'v', { secure: true, path: '/' }),
        hint(2, 'a __Host- name needs Secure, Path=/ and no Domain'),
      ).toBe('__Host-id=v; Path=/; Secure');
    });

    it('matches the prefixes case-insensitively, as user agents do', () => {
      rejects('ERR_COOKIE_PREFIX', () => serializeSetCookie('__HOST-id', 'v', { secure: true }));
      rejects('ERR_COOKIE_PREFIX', () => serializeSetCookie('__secure-id', 'v'));
    });

    it('does not treat lookalikes as prefixes', () => {
      const why = hint(2, 'the prefix must be exactly __Secure- or __Host- (case aside)');
      expect(serializeSetCookie('_Host-id', 'v'), why).toBe('_Host-id=v');
      expect(serializeSetCookie('__Hostid', 'v'), why).toBe('__Hostid=v');
    });
  });
});
