import {
  DEADLINE_TEST_TIMEOUT_MS,
  deadlineWorkersAlive,
  withinDeadline,
} from '@hbu/kata-kit/deadline';
import { expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { afterAll, describe, expect, it } from 'vitest';
import * as kata from '../src/index.ts';
import {
  normalize,
  parse,
  parseQuery,
  percentDecode,
  resolve,
  UriError,
  type UriErrorCode,
} from '../src/index.ts';
import { expectUriError } from './helpers.ts';

const REDOS_HINT = hint(
  8,
  'one pass per component: no regular expression with nested quantifiers like "(a+)*" or "(/?x*)*"',
);

/**
 * Long inputs run first in a worker under a hard deadline (kata-kit's `withinDeadline`, 5 s),
 * then here, where the assertions look at the result. Sized so the margin is wide on both
 * sides: a linear parser needs milliseconds for 5,000 characters and a quadratic one well under
 * a second, while a regular expression with nested quantifiers would need longer than the
 * universe has. The outcome is the same on every run, however loaded the machine. The callbacks
 * run in the worker from their source text: they use only their parameters.
 */
const inTime = withinDeadline(kata, new URL('../src/index.ts', import.meta.url), {
  hint: REDOS_HINT,
});

/** What `parse` throws for `uri`, or undefined (the value `withinDeadline` returns here). */
const parseError = (k: typeof kata, uri: string): unknown => {
  try {
    k.parse(uri);
    return undefined;
  } catch (error) {
    return error;
  }
};

const N = 5_000;

describe('8. Security', () => {
  afterAll(() => {
    // Every deadline worker is terminated before its call returns.
    expect(deadlineWorkersAlive()).toBe(0);
  });

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

  // Ruby's URI parser (CVE-2023-28755, CVE-2023-36617) checked URIs with regular expressions
  // whose nested quantifiers backtrack for ever on a long component that almost matches.
  describe('long components end in linear time (ReDoS: Ruby URI, CVE-2023-28755 and CVE-2023-36617)', () => {
    it.concurrent.each<[string, string, UriErrorCode]>([
      ['a 5,000-letter scheme and a "!"', `${'a'.repeat(N)}!:x`, 'ERR_URI_INVALID_SCHEME'],
      [
        'a host of 2,500 labels and a "["',
        `http://${'a.'.repeat(N / 2)}[x/`,
        'ERR_URI_INVALID_HOST',
      ],
      [
        'an IPv6 literal of 2,500 groups',
        `http://[${'1:'.repeat(N / 2)}]/`,
        'ERR_URI_INVALID_HOST',
      ],
      [
        'a userinfo of 2,500 "a:" and two "@"',
        `http://${'a:'.repeat(N / 2)}@x@y/`,
        'ERR_URI_INVALID_USERINFO',
      ],
      [
        'a port of 5,000 digits and a letter',
        `http://a:${'1'.repeat(N)}x/`,
        'ERR_URI_INVALID_PORT',
      ],
      [
        'a path of 2,500 segments and a space',
        `/${'a/'.repeat(N / 2)} `,
        'ERR_URI_INVALID_CHARACTER',
      ],
      ['a path of 5,000 letters and a space', `/${'a'.repeat(N)} `, 'ERR_URI_INVALID_CHARACTER'],
      [
        'a path of 2,500 segments and a broken escape',
        `/${'a/'.repeat(N / 2)}%zz`,
        'ERR_URI_INVALID_PERCENT_ENCODING',
      ],
      [
        'a query of 1,666 escapes and one cut short',
        `?${'%41'.repeat(N / 3)}%4`,
        'ERR_URI_INVALID_PERCENT_ENCODING',
      ],
      [
        'a fragment of 2,500 "a?" and a second "#"',
        `#${'a?'.repeat(N / 2)}#`,
        'ERR_URI_INVALID_FRAGMENT',
      ],
    ])(
      'rejects %s quickly',
      async (_what, uri, code) => {
        expectErrorCode(await inTime(parseError, uri), UriError, code, REDOS_HINT);
      },
      DEADLINE_TEST_TIMEOUT_MS,
    );

    it.concurrent(
      'parses a path of 2,500 segments and a host of 2,500 labels quickly',
      async () => {
        const [path, host] = await inTime(
          (k, n) => [
            k.parse(`http://a/${'b/'.repeat(n / 2)}`).path,
            k.parse(`http://${'a.'.repeat(n / 2)}b/`).host,
          ],
          N,
        );
        expect(path, REDOS_HINT).toBe(`/${'b/'.repeat(N / 2)}`);
        expect(host, REDOS_HINT).toBe(`${'a.'.repeat(N / 2)}b`);
      },
      DEADLINE_TEST_TIMEOUT_MS,
    );

    it.concurrent(
      'normalizes 2,500 dot-segments and resolves 2,500 ".." quickly',
      async () => {
        const [normalized, resolved] = await inTime(
          (k, n) => [
            k.normalize(`http://a/${'./'.repeat(n / 2)}b`),
            k.resolve(`http://a/${'b/'.repeat(n / 2)}`, `${'../'.repeat(n / 2)}g`),
          ],
          N,
        );
        expect(normalized, REDOS_HINT).toBe('http://a/b');
        expect(resolved, REDOS_HINT).toBe('http://a/g');
      },
      DEADLINE_TEST_TIMEOUT_MS,
    );
  });
});
