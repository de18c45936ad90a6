import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { parseSetCookie, serializeSetCookie } from '../src/index.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const parse = (header: string) => parseSetCookie(header, NOW);

describe('3. Parse Set-Cookie', () => {
  describe('the name-value pair (RFC 6265 §5.2)', () => {
    it('reads name and value with every flag false', () => {
      expect(
        parse('sid=abc'),
        hint(3, 'the first pair is name=value; every flag defaults to false'),
      ).toEqual({
        name: 'sid',
        value: 'abc',
        secure: false,
        httpOnly: false,
        partitioned: false,
      });
    });

    it('ignores a header without "=" and one with an empty name', () => {
      const why = hint(3, 'no "=" or an empty name: return undefined');
      expect(parse('sid'), why).toBeUndefined();
      expect(parse('sid; Path=/a=b'), why).toBeUndefined();
      expect(parse(' =abc; Secure'), why).toBeUndefined();
    });

    it('trims SP and HTAB around the name, the value and every attribute', () => {
      const cookie = parse(' sid \t=\t a b ;  Path = /x ; \tSecure\t');
      expect(cookie, hint(3, 'trim SP and HTAB around every piece')).toMatchObject({
        name: 'sid',
        value: 'a b',
        path: '/x',
        secure: true,
      });
    });

    it('keeps the value raw: no percent-decoding, no unquoting', () => {
      const why = hint(3, 'Set-Cookie values are not decoded or unquoted');
      expect(parse('a=%41%42')?.value, why).toBe('%41%42');
      expect(parse('a="q"')?.value, why).toBe('"q"');
    });
  });

  it('treats a cookie named like an attribute as a cookie', () => {
    const why = hint(3, 'the first pair is always the cookie, whatever its name');
    expect(parse('Secure=yes'), why).toMatchObject({
      name: 'Secure',
      value: 'yes',
      secure: false,
    });
    expect(parse('Secure=yes; HttpOnly'), why).toMatchObject({
      secure: false,
      httpOnly: true,
    });
  });

  describe('attributes', () => {
    it('reads Secure, HttpOnly and Partitioned flags, names case-insensitive', () => {
      expect(
        parse('a=b; SECURE; httponly; PartitioneD'),
        hint(3, 'compare attribute names lower-cased'),
      ).toMatchObject({
        secure: true,
        httpOnly: true,
        partitioned: true,
      });
    });

    it('reads Max-Age as a signed integer (§5.2.2)', () => {
      const why = hint(3, 'Max-Age is an optional "-" and digits');
      expect(parse('a=b; Max-Age=60')?.maxAge, why).toBe(60);
      expect(parse('a=b; max-age=-5')?.maxAge, why).toBe(-5);
    });

    it.each(['1.5', '+1', '1e3', 'abc', '', ' '])('ignores Max-Age=%j', (value) => {
      expect(
        parse(`a=b; Max-Age=${value}`)?.maxAge,
        hint(3, 'anything but an optional "-" and digits is ignored'),
      ).toBeUndefined();
    });

    it.each([
      ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
      ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
      ['asctime', 'Sun Nov  6 08:49:37 1994'],
      ['any order and case', '1994 08:49:37 nOvember 6'],
    ])('reads an Expires date in %s form (§5.1.1)', (_, date) => {
      expect(
        parse(`a=b; Expires=${date}`)?.expires?.getTime(),
        hint(3, 'parse dates with the §5.1.1 algorithm: tokens, not Date.parse'),
      ).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    });

    it('reads two-digit years 70–99 as 19xx and 00–69 as 20xx', () => {
      const why = hint(3, '70–99 → 19xx, 00–69 → 20xx');
      expect(parse('a=b; Expires=01 Jan 70 00:00:00')?.expires?.getTime(), why).toBe(0);
      expect(parse('a=b; Expires=01 Jan 99 00:00:00')?.expires?.getTime(), why).toBe(
        Date.UTC(1999, 0, 1),
      );
      expect(parse('a=b; Expires=01 Jan 69 00:00:00')?.expires?.getTime(), why).toBe(
        Date.UTC(2069, 0, 1),
      );
    });

    it('accepts the edges of every field: 31 Dec 1601 23:59:59, tab-delimited', () => {
      expect(
        parse('a=b; Expires=31\tDec 1601 23:59:59')?.expires?.getTime(),
        hint(3, 'the delimiters include HTAB; years from 1601'),
      ).toBe(Date.UTC(1601, 11, 31, 23, 59, 59));
    });

    it('knows the twelve month names by their first three letters', () => {
      const names = [
        'January',
        'feb',
        'MAR',
        'april',
        'May',
        'june',
        'July',
        'aug',
        'sept',
        'Oct',
        'nov',
        'Dec',
      ];
      names.forEach((name, month) => {
        expect(
          parse(`a=b; Expires=01 ${name} 2000 00:00:00`)?.expires?.getTime(),
          hint(3, 'match the first three letters of the month, any case'),
        ).toBe(Date.UTC(2000, month, 1));
      });
    });

    it('keeps the first token of each kind and ignores the rest', () => {
      expect(
        parse('a=b; Expires=06 Nov 1994 08:49:37 07 Dec 1995 09:00:00')?.expires?.getTime(),
        hint(3, 'take the first time, day, month and year tokens; ignore later ones'),
      ).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    });

    it.each([
      ['no time', 'Sun, 06 Nov 1994 GMT'],
      ['no month', '06 1994 08:49:37'],
      ['no year', '06 Nov 08:49:37'],
      ['hour 24', '06 Nov 1994 24:00:00'],
      ['minute 60', '06 Nov 1994 08:60:00'],
      ['second 60', '06 Nov 1994 08:49:60'],
      ['day 0', '00 Nov 1994 08:49:37'],
      ['day 32', '32 Nov 1994 08:49:37'],
      ['February 30', '30 Feb 2024 08:49:37'],
      ['a year before 1601', '06 Nov 1600 08:49:37'],
      ['garbage', 'tomorrow'],
      ['a time glued to letters', '06 Nov 1994 T08:49:37'],
      ['three-digit seconds', '06 Nov 1994 08:49:370'],
      ['a year glued to letters', '06 Nov ab1994 08:49:37'],
      ['a five-digit year', '06 Nov 19940 08:49:37'],
    ])('ignores an Expires with %s', (_, date) => {
      expect(
        parse(`a=b; Expires=${date}`)?.expires,
        hint(3, 'an invalid date (out-of-range field, missing part) is ignored'),
      ).toBeUndefined();
    });

    it('lets Max-Age win over Expires, in either order (§5.3 step 3)', () => {
      const why = hint(3, 'Max-Age wins over Expires, in any order');
      const expires = 'Expires=Sun, 06 Nov 1994 08:49:37 GMT';
      expect(parse(`a=b; ${expires}; Max-Age=10`)?.expiresAt, why).toBe(NOW + 10_000);
      expect(parse(`a=b; Max-Age=10; ${expires}`)?.expiresAt, why).toBe(NOW + 10_000);
    });

    it('uses Expires when there is no Max-Age, and nothing for a session cookie', () => {
      const why = hint(
        3,
        'expires from Expires when there is no Max-Age; none for a session cookie',
      );
      expect(parse('a=b; Expires=Sun, 06 Nov 1994 08:49:37 GMT')?.expiresAt, why).toBe(
        Date.UTC(1994, 10, 6, 8, 49, 37),
      );
      expect(parse('a=b; Path=/')?.expiresAt, why).toBeUndefined();
    });

    it('expires a cookie with Max-Age 0 or less at the earliest time, 0', () => {
      const why = hint(3, 'Max-Age ≤ 0 means the earliest time: new Date(0)');
      expect(parse('a=b; Max-Age=0')?.expiresAt, why).toBe(0);
      expect(parse('a=b; Max-Age=-1')?.expiresAt, why).toBe(0);
    });

    it('measures Max-Age from the given now', () => {
      expect(
        parseSetCookie('a=b; Max-Age=1', 5_000)?.expiresAt,
        hint(3, 'expires = now + Max-Age × 1000'),
      ).toBe(6_000);
    });

    it('drops a leading dot from Domain and lower-cases it (§5.2.3)', () => {
      const why = hint(3, 'strip one leading ".", lower-case');
      expect(parse('a=b; Domain=.Example.COM')?.domain, why).toBe('example.com');
      expect(parse('a=b; Domain=')?.domain, why).toBeUndefined();
      expect(parse('a=b; Domain')?.domain, why).toBeUndefined();
    });

    it('ignores a Path that does not start with "/" (§5.2.4)', () => {
      const why = hint(3, 'a Path not starting with "/" is ignored');
      expect(parse('a=b; Path=relative')?.path, why).toBeUndefined();
      expect(parse('a=b; Path=')?.path, why).toBeUndefined();
      expect(parse('a=b; Path=/x; Path=y')?.path, why).toBeUndefined();
    });

    it('keeps the last occurrence of a repeated attribute', () => {
      expect(
        parse('a=b; Path=/one; Path=/two; Max-Age=1; Max-Age=2'),
        hint(3, 'a later attribute overwrites an earlier one'),
      ).toMatchObject({
        path: '/two',
        maxAge: 2,
      });
    });

    it('reads SameSite case-insensitively and ignores unknown values', () => {
      const why = hint(3, 'lower-case the value; keep Strict, Lax, None only');
      expect(parse('a=b; samesite=strict')?.sameSite, why).toBe('Strict');
      expect(parse('a=b; SameSite=LAX')?.sameSite, why).toBe('Lax');
      expect(parse('a=b; SameSite=None')?.sameSite, why).toBe('None');
      expect(parse('a=b; SameSite=Sometimes')?.sameSite, why).toBeUndefined();
    });

    it('ignores unknown attributes', () => {
      expect(
        parse('a=b; Priority=High; Comment=x; Secure'),
        hint(3, 'skip attributes you do not know'),
      ).toEqual({
        name: 'a',
        value: 'b',
        secure: true,
        httpOnly: false,
        partitioned: false,
      });
    });
  });

  it('reads back what serializeSetCookie wrote', () => {
    const expires = new Date(Date.UTC(2030, 5, 15, 10, 20, 30));
    const header = serializeSetCookie('sid', 'v.1', {
      expires,
      maxAge: 60,
      domain: 'example.com',
      path: '/app',
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
      partitioned: true,
    });
    expect(parse(header), hint(3, 'parseSetCookie and serializeSetCookie must agree')).toEqual({
      name: 'sid',
      value: 'v.1',
      expires,
      maxAge: 60,
      domain: 'example.com',
      path: '/app',
      secure: true,
      httpOnly: true,
      partitioned: true,
      sameSite: 'Strict',
      expiresAt: NOW + 60_000,
    });
  });
});
