import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { normalize, parse, parseQuery, percentDecode, resolve } from '../src/index.ts';
import { expectUriError } from './helpers.ts';

describe('8. Security', () => {
  describe('backslashes are not separators (url-parse, CVE-2021-27515)', () => {
    it.each([
      ['https:\\/evil.example/'],
      ['http:\\\\evil.example/x'],
      ['http://good.example\\@evil.example/'],
      ['http://good.example\\evil.example/'],
      ['/\\evil.example/'],
    ])('rejects %j instead of guessing a host', (uri) => {
      expectUriError(
        () => parse(uri),
        'ERR_URI_INVALID_CHARACTER',
        hint(8, '"\\" is not in the URI alphabet; never treat it as "/"'),
      );
    });

    it('does not resolve "\\\\evil.example" to another host', () => {
      expectUriError(
        () => resolve('http://good.example/', '\\\\evil.example/x'),
        'ERR_URI_INVALID_CHARACTER',
      );
    });
  });

  describe('blanks and control characters are rejected, not stripped (CVE-2023-24329)', () => {
    it.each([
      [' https://evil.example/'],
      ['\u0000https://evil.example/'],
      ['\thttps://evil.example/'],
      ['https://good.example/ '],
      ['https://good.example/\r\nSet-Cookie: a=b'],
      ['java\nscript:alert(1)'],
      ['https://good.example/\u2028'],
      ['\ufeffhttps://good.example/'],
    ])('rejects %j', (uri) => {
      expectUriError(
        () => parse(uri),
        'ERR_URI_INVALID_CHARACTER',
        hint(8, 'a strict parser does not trim'),
      );
    });
  });

  describe('brackets hold only IP literals (CVE-2024-11168)', () => {
    it.each([
      ['http://[evil.example]/'],
      ['http://prefix[::1]/'],
      ['http://[::1]suffix/'],
      ['http://[127.0.0.1]/'],
      ['http://[a.b]/'],
    ])('rejects the host of %j', (uri) => {
      expectUriError(
        () => parse(uri),
        'ERR_URI_INVALID_HOST',
        hint(8, '"[" … "]" must hold an IPv6address or IPvFuture'),
      );
    });
  });

  describe('the userinfo cannot smuggle a host', () => {
    it('rejects two "@" in one authority', () => {
      expectUriError(
        () => parse('http://user@evil.example@good.example/'),
        'ERR_URI_INVALID_USERINFO',
        hint(8, 'parsers disagree on which "@" ends the userinfo; the grammar allows neither'),
      );
    });

    it.each([
      ['http://good.example@evil.example/', 'good.example', 'evil.example'],
      ['http://good.example%40evil.example/', undefined, 'good.example%40evil.example'],
      ['http://good.example:443@evil.example/', 'good.example:443', 'evil.example'],
    ])('reads the host of %j after the "@"', (uri, userinfo, host) => {
      expect(parse(uri)).toMatchObject({ userinfo, host });
    });

    it.each([
      ['http://evil.example#@good.example/', 'evil.example'],
      ['http://evil.example?@good.example/', 'evil.example'],
      ['http://evil.example/@good.example', 'evil.example'],
    ])('ends the authority at the first "/", "?" or "#" in %j', (uri, host) => {
      expect(
        parse(uri).host,
        hint(8, 'an "@" after the authority is not a userinfo delimiter'),
      ).toBe(host);
    });
  });

  describe('%2540 stays encoded once', () => {
    it('decodes "%2540" to "%40", not "@"', () => {
      expect(percentDecode('%2540')).toBe('%40');
      expect(parseQuery('next=%2540evil')).toEqual([['next', '%40evil']]);
    });

    it('keeps "%2540" and "%40" as they are when normalizing', () => {
      expect(normalize('http://a/%2540')).toBe('http://a/%2540');
      expect(normalize('http://a/%40evil')).toBe('http://a/%40evil');
      expect(normalize(normalize('http://a/%2540'))).toBe('http://a/%2540');
    });
  });

  describe('path traversal', () => {
    it('never climbs above the root', () => {
      expect(resolve('http://a/static/', '../../../../etc/passwd')).toBe('http://a/etc/passwd');
      expect(normalize('http://a/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd')).toBe(
        'http://a/etc/passwd',
      );
    });

    it('does not treat "%2F" as a separator', () => {
      expect(normalize('http://a/static/..%2F..%2Fetc')).toBe('http://a/static/..%2F..%2Fetc');
    });

    it('rejects overlong UTF-8 (IIS, CVE-2000-0884)', () => {
      expectUriError(() => percentDecode('..%C0%AF..%C0%AFetc'), 'ERR_URI_INVALID_UTF8');
    });
  });

  it('does not split parameters at ";" (Python, CVE-2021-23336)', () => {
    expect(parseQuery('a=1;a=2')).toEqual([['a', '1;a=2']]);
  });
});
