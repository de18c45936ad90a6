import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Headers, HeadersError, HttpParseError, RequestParser } from '../src/index.ts';
import { bytes, get, pairs, request, requestError } from './helpers/messages.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  2,
  'scan the name with the tchar table; the byte that stops it must be ":"',
);

describe('2. Header fields', () => {
  describe('field-line = field-name ":" OWS field-value OWS (RFC 9112 §5)', () => {
    it('keeps field lines in received order with the original case of their names', () => {
      const m = request('GET / HTTP/1.1\r\nHost: a\r\nX-One: 1\r\nx-two: 2\r\nX-ONE: 3\r\n\r\n');
      expect(
        m.head.headers,
        hint(2, 'keep names and values in two arrays, in order, names as received'),
      ).toEqual([
        ['Host', 'a'],
        ['X-One', '1'],
        ['x-two', '2'],
        ['X-ONE', '3'],
      ]);
    });

    it('trims OWS (SP and HTAB) around the value but keeps inner whitespace', () => {
      const m = request(get('/', 'X-A: \t  a  b\t \r\nX-B:b\r\n'));
      expect(
        m.head.headers.slice(1),
        hint(2, 'trim SP and HTAB at both ends of the value, never inside'),
      ).toEqual([
        ['X-A', 'a  b'],
        ['X-B', 'b'],
      ]);
    });

    it('accepts an empty field value', () => {
      expect(
        request(get('/', 'X-Empty:\r\nX-Blank:   \r\n')).head.headers.slice(1),
        hint(2, 'an empty value (or only OWS) is a valid field'),
      ).toEqual([
        ['X-Empty', ''],
        ['X-Blank', ''],
      ]);
    });

    it('decodes obs-text bytes (%x80-FF) in a value as Latin-1, as Node does', () => {
      expect(
        request(get('/', 'X-Name: Andr\xe9\r\n')).head.headers[1],
        hint(2, 'decode field values as Latin-1, never as UTF-8'),
      ).toEqual(['X-Name', 'André']);
    });

    it('keeps a colon inside the value', () => {
      expect(
        request(get('/', 'X-Time: 12:30:00\r\n')).head.headers[1],
        hint(2, 'split the line at the first ":" only'),
      ).toEqual(['X-Time', '12:30:00']);
    });

    it.each(["!#$%&'*+-.^_`|~", 'x-9', 'A'])('accepts the token %j as a field name', (name) => {
      expect(
        request(get('/', `${name}: v\r\n`)).head.headers[1],
        hint(2, 'a field name is a token: check each byte with the tchar table'),
      ).toEqual([name, 'v']);
    });

    it.each([
      ['"@"', 'X@Y: v'],
      ['a quoted name', '"X": v'],
      ['"(" and ")"', 'X(y): v'],
      ['"/"', 'X/Y: v'],
      ['a non-ASCII byte', 'X\xe9: v'],
      ['no colon at all', 'NoColon'],
      ['an empty name', ': v'],
      ['a NUL in the name', 'X\x00Y: v'],
    ])('rejects a field name with %s with ERR_HTTP_INVALID_HEADER_NAME', (_what, line) => {
      expect(
        requestError(get('/', `${line}\r\n`)),
        hint(2, 'the byte that stops the tchar scan must be ":"'),
      ).toBe('ERR_HTTP_INVALID_HEADER_NAME');
    });

    it.each([
      ['NUL', 'a\x00b'],
      ['SOH', '\x01'],
      ['DEL', 'a\x7f'],
      ['ESC', '\x1b[31m'],
      ['VT', 'a\x0bb'],
    ])(
      'rejects a field value holding %s with ERR_HTTP_INVALID_HEADER_VALUE (RFC 9110 §5.5)',
      (_what, value) => {
        expect(
          requestError(get('/', `X-V: ${value}\r\n`)),
          hint(2, 'allowed in a value: HTAB, SP, 0x21–0x7E, 0x80–0xFF; nothing else'),
        ).toBe('ERR_HTTP_INVALID_HEADER_VALUE');
      },
    );

    it('rejects obsolete line folding with ERR_HTTP_OBS_FOLD (§5.2)', () => {
      expect(
        requestError(get('/', 'X-Long: a\r\n b\r\n')),
        hint(2, 'a field line that starts with SP or HTAB is obs-fold: check it first'),
      ).toBe('ERR_HTTP_OBS_FOLD');
    });

    it('rejects obsolete line folding by HTAB as well', () => {
      expect(
        requestError(get('/', 'X-Long: a\r\n\tb\r\n')),
        hint(2, 'HTAB at the start of a line is obs-fold as well as SP'),
      ).toBe('ERR_HTTP_OBS_FOLD');
    });

    it('rejects whitespace between the name and the colon (§5.1)', () => {
      expect(
        requestError(get('/', 'X-A : v\r\n')),
        hint(2, 'SP or HTAB where the name scan stops is its own error, not a bad name'),
      ).toBe('ERR_HTTP_WHITESPACE_BEFORE_COLON');
    });

    it('rejects more field lines than maxHeaderCount with 431', () => {
      const fields = Array.from({ length: 5 }, (_, i) => `X-${i}: ${i}\r\n`).join('');
      expect(
        expectCode(
          () => request(get('/', fields), { limits: { maxHeaderCount: 5 } }),
          HttpParseError,
          'ERR_HTTP_TOO_MANY_HEADERS',
        ).status,
        hint(2, 'count field lines as you read them: one more than maxHeaderCount is 431'),
      ).toBe(431);
    });

    it('accepts exactly maxHeaderCount field lines', () => {
      const fields = Array.from({ length: 4 }, (_, i) => `X-${i}: ${i}\r\n`).join('');
      expect(
        request(get('/', fields), { limits: { maxHeaderCount: 5 } }).head.headers,
        hint(2, 'the limit is inclusive: > maxHeaderCount fails, = passes'),
      ).toHaveLength(5);
    });

    it('rejects a header section larger than maxHeaderBytes with 431', () => {
      expect(
        expectCode(
          () =>
            request(get('/', `X-Big: ${'b'.repeat(300)}\r\n`), { limits: { maxHeaderBytes: 256 } }),
          HttpParseError,
          'ERR_HTTP_HEADER_TOO_LARGE',
        ).status,
        hint(
          2,
          'add up the bytes of the header section as you read it: over maxHeaderBytes is 431',
        ),
      ).toBe(431);
    });

    it('counts the header section from after the start line through the empty line', () => {
      const why = hint(2, "count from the first field line through the empty line's CRLF");
      // "Host: a\r\n" (9) + "X: yyy\r\n" (8) + "\r\n" (2) = 19 bytes.
      const input = 'GET / HTTP/1.1\r\nHost: a\r\nX: yyy\r\n\r\n';
      expect(request(input, { limits: { maxHeaderBytes: 19 } }).head.headers, why).toHaveLength(2);
      expect(requestError(input, { limits: { maxHeaderBytes: 18 } }), why).toBe(
        'ERR_HTTP_HEADER_TOO_LARGE',
      );
    });
  });

  describe('the Headers type (RFC 9110 §5.2, §5.3)', () => {
    const sample = (): Headers =>
      new Headers([
        ['Accept', 'text/html'],
        ['Set-Cookie', 'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT'],
        ['accept', 'application/json'],
        ['Set-Cookie', 'b=2'],
      ]);

    it('looks names up case-insensitively', () => {
      const why = hint(2, 'lower-case names only to compare them');
      const h = sample();
      expect(h.has('ACCEPT'), why).toBe(true);
      expect(h.getAll('aCCept'), why).toEqual(['text/html', 'application/json']);
    });

    it('combines several lines of one field with ", " (§5.3)', () => {
      expect(
        sample().get('accept'),
        hint(2, 'get joins the values of every line of the field with ", "'),
      ).toBe('text/html, application/json');
    });

    it('never combines Set-Cookie: get returns the first value (RFC 6265 §3)', () => {
      const why = hint(
        2,
        'Set-Cookie is the exception: get returns its first value, getAll every one',
      );
      expect(sample().get('set-cookie'), why).toBe('a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT');
      expect(sample().getAll('Set-Cookie'), why).toEqual([
        'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT',
        'b=2',
      ]);
    });

    it('returns undefined and [] for an absent field', () => {
      const why = hint(2, 'get → undefined, getAll → [] when no line has the name');
      const h = sample();
      expect(h.get('x-missing'), why).toBeUndefined();
      expect(h.getAll('x-missing'), why).toEqual([]);
      expect(h.has('x-missing'), why).toBe(false);
    });

    it('counts field lines, not names, in size', () => {
      const why = hint(2, 'size is the number of lines');
      expect(sample().size, why).toBe(4);
      expect(new Headers().size, why).toBe(0);
    });

    it('iterates [name, value] in insertion order with the original case', () => {
      expect(
        [...sample()].map(([n]) => n),
        hint(2, 'iterate the two arrays in order'),
      ).toEqual(['Accept', 'Set-Cookie', 'accept', 'Set-Cookie']);
    });

    it('appends a line at the end', () => {
      const why = hint(2, 'append pushes to both arrays');
      const h = sample();
      h.append('ACCEPT', 'text/plain');
      expect(h.get('accept'), why).toBe('text/html, application/json, text/plain');
      expect(h.size, why).toBe(5);
    });

    it('set replaces every line of a field by one, at the place of the first', () => {
      const h = sample();
      h.set('accept', '*/*');
      expect(
        pairs(h),
        hint(2, 'set: put the value at the first line of the name, remove the others'),
      ).toEqual([
        ['accept', '*/*'],
        ['Set-Cookie', 'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT'],
        ['Set-Cookie', 'b=2'],
      ]);
    });

    it('set adds the field at the end when it is absent', () => {
      const why = hint(2, 'set without a line of that name is append');
      const h = sample();
      h.set('X-New', 'n');
      expect(pairs(h).at(-1), why).toEqual(['X-New', 'n']);
      expect(h.size, why).toBe(5);
    });

    it('delete removes every line of a field and nothing else', () => {
      const why = hint(
        2,
        'delete every line whose lower-cased name matches, keep the order of the rest',
      );
      const h = sample();
      h.delete('SET-COOKIE');
      expect(pairs(h), why).toEqual([
        ['Accept', 'text/html'],
        ['accept', 'application/json'],
      ]);
      h.delete('x-absent');
      expect(h.size, why).toBe(2);
    });

    it('finds names after set and delete reorder the lines', () => {
      const why = hint(2, 'keep any name index in step with the arrays after set and delete');
      const h = new Headers([
        ['A', '1'],
        ['B', '2'],
        ['A', '3'],
        ['C', '4'],
      ]);
      h.set('a', '5');
      h.append('d', '6');
      expect(h.get('c'), why).toBe('4');
      expect(h.get('D'), why).toBe('6');
      h.delete('b');
      expect(h.get('c'), why).toBe('4');
      expect(h.has('b'), why).toBe(false);
      expect(pairs(h), why).toEqual([
        ['a', '5'],
        ['C', '4'],
        ['d', '6'],
      ]);
    });

    it.each([
      ['an empty name', '', 'v'],
      ['a name with SP', 'X Y', 'v'],
      ['a name with a colon', 'X:', 'v'],
      ['a name with a non-Latin-1 char', 'X\u2603', 'v'],
    ])(
      'append rejects %s with a HeadersError ERR_HTTP_INVALID_HEADER_NAME',
      (_what, name, value) => {
        expectCode(
          () => new Headers().append(name, value),
          HeadersError,
          'ERR_HTTP_INVALID_HEADER_NAME',
          hint(2, 'validate the name with the same tchar table the parser uses'),
        );
      },
    );

    it.each([
      ['CRLF (response splitting)', 'a\r\nSet-Cookie: evil=1'],
      ['a bare LF', 'a\nb'],
      ['a NUL', 'a\0b'],
      ['leading whitespace', ' a'],
      ['trailing whitespace', 'a\t'],
      ['a char above U+00FF', 'snow \u2603'],
    ])('append rejects a value with %s with ERR_HTTP_INVALID_HEADER_VALUE', (_what, value) => {
      expectCode(
        () => new Headers().append('X', value),
        HeadersError,
        'ERR_HTTP_INVALID_HEADER_VALUE',
        STAGE_HINT,
      );
    });

    it('set validates like append', () => {
      const why = hint(2, 'set validates name and value exactly as append does');
      expectCode(
        () => new Headers().set('X', 'a\r\nb'),
        HeadersError,
        'ERR_HTTP_INVALID_HEADER_VALUE',
        why,
      );
      expectCode(
        () => new Headers().set('X Y', 'a'),
        HeadersError,
        'ERR_HTTP_INVALID_HEADER_NAME',
        why,
      );
    });

    it('the constructor validates every pair', () => {
      expectCode(
        () => new Headers([['Bad Name', 'v']]),
        HeadersError,
        'ERR_HTTP_INVALID_HEADER_NAME',
        hint(2, 'the constructor appends each pair, validation included'),
      );
    });

    it('accepts obs-text and inner whitespace in a value', () => {
      const h = new Headers([['X', 'caf\xe9  au\tlait']]);
      expect(h.get('x'), hint(2, '0x80–0xFF and inner SP/HTAB are valid in a value')).toBe(
        'café  au\tlait',
      );
    });

    it('gives a parsed request a Headers with working lookups', () => {
      const why = hint(2, 'the parser builds a Headers, not a plain object');
      const [event] = new RequestParser().push(bytes(get('/', 'Accept: a\r\nACCEPT: b\r\n')));
      if (event?.type !== 'head') throw new Error('expected a head event');
      expect(event.head.headers.get('accept'), why).toBe('a, b');
      expect(event.head.headers.get('HOST'), why).toBe('example.com');
      expect(event.head.headers.size, why).toBe(3);
    });
  });

  describe('edge cases of field values', () => {
    it.each([
      ['a leading HTAB', '\ta'],
      ['a trailing SP', 'a '],
    ])('Headers.append rejects a value with %s', (_what, value) => {
      expectCode(
        () => new Headers().append('X', value),
        HeadersError,
        'ERR_HTTP_INVALID_HEADER_VALUE',
        hint(2, 'CR, LF and NUL are never allowed in a value'),
      );
    });

    it('Headers.append accepts an empty value', () => {
      const h = new Headers();
      h.append('X-Empty', '');
      expect(h.get('x-empty'), hint(2, 'an empty value is valid')).toBe('');
    });

    it('keeps other limits at their defaults when only one limit is given', () => {
      const fields = Array.from({ length: 120 }, (_, i) => `X-${i}: ${i}\r\n`).join('');
      expect(
        requestError(get('/', fields), { limits: { maxBodyBytes: 10 } }),
        hint(2, 'merge the given limits over the defaults: { ...DEFAULTS, ...limits }'),
      ).toBe('ERR_HTTP_TOO_MANY_HEADERS');
    });
  });
});
