import { expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { HttpParseError, RequestParser } from '../src/index.ts';
import { bytes, codeOf, request, requestError, requests } from './helpers/messages.ts';

const start = 'POST / HTTP/1.1\r\nHost: example.com\r\n';

describe('9. Security', () => {
  describe('request smuggling: two parsers must never disagree on where a message ends', () => {
    it('rejects Content-Length together with Transfer-Encoding (RFC 9112 §6.3 item 3; CL.TE / TE.CL)', () => {
      const input = `${start}Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG`;
      expect(
        requestError(input),
        hint(
          9,
          'a request with both Content-Length and Transfer-Encoding is rejected (request smuggling)',
        ),
      ).toBe('ERR_HTTP_CONTENT_LENGTH_WITH_TRANSFER_ENCODING');
    });

    it('rejects Transfer-Encoding before Content-Length just the same', () => {
      const input = `${start}Transfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n0\r\n\r\nG`;
      expect(
        requestError(input),
        hint(9, 'check both fields when the head is complete, whatever their order'),
      ).toBe('ERR_HTTP_CONTENT_LENGTH_WITH_TRANSFER_ENCODING');
    });

    it('rejects Content-Length with a Transfer-Encoding that is not chunked', () => {
      expect(
        requestError(`${start}Content-Length: 0\r\nTransfer-Encoding: gzip\r\n\r\n`),
        hint(9, 'any Transfer-Encoding beside Content-Length is rejected'),
      ).toBeOneOf(['ERR_HTTP_CONTENT_LENGTH_WITH_TRANSFER_ENCODING', 'ERR_HTTP_CHUNKED_NOT_FINAL']);
    });

    it('rejects two differing Content-Length lines (§6.3 item 5)', () => {
      expect(
        requestError(`${start}Content-Length: 3\r\nContent-Length: 30\r\n\r\nabc`),
        hint(9, 'differing Content-Length values are an error'),
      ).toBe('ERR_HTTP_DUPLICATE_CONTENT_LENGTH');
    });

    it('rejects a Content-Length list with differing values', () => {
      expect(
        requestError(`${start}Content-Length: 3, 4\r\n\r\nabcd`),
        hint(9, 'every element of a Content-Length list must be equal'),
      ).toBe('ERR_HTTP_DUPLICATE_CONTENT_LENGTH');
    });

    it.each([
      ['gzip', 'gzip'],
      ['chunked, gzip', 'chunked, gzip'],
      ['chunked then identity on a second line', 'chunked\r\nTransfer-Encoding: identity'],
      ['"chunked;" with a parameter', 'chunked;q=1'],
      ['a misspelt "chunk"', 'chunk'],
      ['"xchunked"', 'xchunked'],
    ])(
      'rejects a request whose Transfer-Encoding does not end in chunked, %s, with 400 (§6.3 item 4)',
      (_what, te) => {
        let error: unknown;
        try {
          request(`${start}Transfer-Encoding: ${te}\r\n\r\n0\r\n\r\n`);
        } catch (e) {
          error = e;
        }
        expect(
          expectErrorCode(error, HttpParseError, 'ERR_HTTP_CHUNKED_NOT_FINAL').status,
          hint(9, 'in a request, the last coding must be chunked, else 400'),
        ).toBe(400);
      },
    );

    it('rejects Transfer-Encoding in an HTTP/1.0 request (§6.1)', () => {
      const input = 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n';
      expect(
        requestError(input),
        hint(9, 'an HTTP/1.0 request with Transfer-Encoding is rejected'),
      ).toBe('ERR_HTTP_INVALID_TRANSFER_ENCODING');
    });

    it('rejects a space before the colon in Transfer-Encoding (CVE-2021-22959)', () => {
      const input = `${start}Transfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`;
      expect(
        requestError(input),
        hint(9, 'whitespace before ":" is rejected, for every field'),
      ).toBe('ERR_HTTP_WHITESPACE_BEFORE_COLON');
    });

    it('rejects an HTAB before the colon (CVE-2021-22959)', () => {
      expect(
        requestError(`${start}Content-Length\t: 0\r\n\r\n`),
        hint(9, 'HTAB before ":" is rejected too'),
      ).toBe('ERR_HTTP_WHITESPACE_BEFORE_COLON');
    });

    it('rejects obs-fold inside Transfer-Encoding (CVE-2022-32215)', () => {
      const input = `${start}Transfer-Encoding: chunked\r\n , identity\r\n\r\n0\r\n\r\n`;
      expect(
        requestError(input),
        hint(9, 'obs-fold is rejected before you look at the field'),
      ).toBe('ERR_HTTP_OBS_FOLD');
    });

    it('rejects a folded Transfer-Encoding whose first line is empty (CVE-2022-32215)', () => {
      const input = `${start}Transfer-Encoding:\r\n chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n`;
      expect(requestError(input), hint(9, 'obs-fold is rejected even after an empty value')).toBe(
        'ERR_HTTP_OBS_FOLD',
      );
    });

    it('does not take a header that merely contains "transfer-encoding" as the real one', () => {
      const m = request(`${start}X-Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc`);
      expect(m.body, hint(9, 'compare the whole lower-cased name, never includes()')).toBe('abc');
    });

    it('does not take a Transfer-Encoding trailer as framing', () => {
      const all = requests(
        `${start}Transfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 5\r\n\r\n`,
      );
      expect(all, hint(9, 'framing comes from the head only')).toHaveLength(1);
    });
  });

  describe('line endings (RFC 9112 §2.2)', () => {
    it('rejects a bare LF ending the request line (CVE-2022-32214)', () => {
      expect(
        requestError('GET / HTTP/1.1\nHost: a\r\n\r\n'),
        hint(9, 'every line ends in CRLF: check the byte before LF'),
      ).toBe('ERR_HTTP_INVALID_LINE_ENDING');
    });

    it('rejects a bare LF ending a field line (CVE-2022-32214)', () => {
      expect(
        requestError('GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n'),
        hint(9, 'every field line ends in CRLF'),
      ).toBe('ERR_HTTP_INVALID_LINE_ENDING');
    });

    it('rejects a bare LF as the empty line ending the head (CVE-2022-32214)', () => {
      expect(
        requestError('GET / HTTP/1.1\r\nHost: a\r\n\n'),
        hint(9, 'the empty line is CRLF too'),
      ).toBe('ERR_HTTP_INVALID_LINE_ENDING');
    });

    it('rejects a bare LF after a chunk-size (CVE-2022-32214)', () => {
      expect(
        requestError(`${start}Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n`),
        hint(9, 'chunk-size lines end in CRLF'),
      ).toBe('ERR_HTTP_INVALID_LINE_ENDING');
    });

    it('accepts bare LF everywhere with lenientLineEndings', () => {
      const input =
        'POST / HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n3\nabc\n0\nT: 1\n\nGET /n HTTP/1.1\nHost: a\n\n';
      const all = requests(input, { lenientLineEndings: true });
      expect(
        all.map((m) => [m.head.target, m.body, m.trailers]),
        hint(9, 'lenientLineEndings lets a bare LF end any line'),
      ).toEqual([
        ['/', 'abc', [['T', '1']]],
        ['/n', '', []],
      ]);
    });

    it('still accepts CRLF with lenientLineEndings', () => {
      expect(
        request('GET / HTTP/1.1\r\nHost: a\r\n\r\n', { lenientLineEndings: true }).head.target,
        hint(9, 'lenient mode accepts CRLF as well'),
      ).toBe('/');
    });

    it.each([
      ['in the request line', 'GET / HTTP/1.1\rHost: a\r\n\r\n'],
      ['as a field line terminator', 'GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n'],
      ['inside a field value', 'GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n'],
      ['as the empty line', 'GET / HTTP/1.1\r\nHost: a\r\n\r\r\n'],
      ['after a field name', 'GET / HTTP/1.1\r\nHost: a\r\nX\r: y\r\n\r\n'],
    ])('rejects a bare CR %s (CVE-2023-30589)', (_what, input) => {
      expect(requestError(input), hint(9, 'a CR not followed by LF is an error everywhere')).toBe(
        'ERR_HTTP_INVALID_LINE_ENDING',
      );
    });

    it('rejects a bare CR even with lenientLineEndings (CVE-2023-30589)', () => {
      expect(
        requestError('GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n', { lenientLineEndings: true }),
        hint(9, 'leniency is for LF only: a bare CR is still an error'),
      ).toBe('ERR_HTTP_INVALID_LINE_ENDING');
    });

    it('rejects a bare CR in a chunk-size line (CVE-2023-30589)', () => {
      expect(
        requestError(`${start}Transfer-Encoding: chunked\r\n\r\n3\rabc\r\n0\r\n\r\n`),
        hint(9, 'a bare CR in a size line is an error'),
      ).toBe('ERR_HTTP_INVALID_LINE_ENDING');
    });
  });

  describe('chunk sizes (RFC 9112 §7.1)', () => {
    it.each([
      ['"0x" prefix', '0x3'],
      ['"+" sign', '+3'],
      ['"-" sign', '-3'],
      ['leading SP', ' 3'],
      ['trailing SP', '3 '],
      ['an overflow to 2^64 + 3', '10000000000000003'],
      ['an overflow of 2^53', '20000000000001'],
    ])('rejects a chunk-size with a %s that a lax parser reads as 3', (_what, size) => {
      const input = `${start}Transfer-Encoding: chunked\r\n\r\n${size}\r\nabc\r\n0\r\n\r\n`;
      expect(
        requestError(input),
        hint(9, 'parse the size by hand: only hex digits, then BWS, ";" or CRLF'),
      ).toBe('ERR_HTTP_INVALID_CHUNK_SIZE');
    });
  });

  describe('resource exhaustion', () => {
    it('bounds chunk extensions by default (CVE-2024-22019)', () => {
      const parser = new RequestParser();
      parser.push(bytes(`${start}Transfer-Encoding: chunked\r\n\r\n`));
      const code = codeOf(() => {
        for (let i = 0; i < 1000; i++) parser.push(bytes(`1;a=${'b'.repeat(100)}`));
      });
      expect(code, hint(9, 'the default maxChunkExtensionBytes must bound extensions')).toBe(
        'ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE',
      );
    });

    it('bounds extensions spread over many tiny chunks, each within the limit, by the body limit', () => {
      // Each chunk line is small; what stops this is maxBodyBytes, not memory.
      const chunk = `1;e=${'x'.repeat(50)}\r\na\r\n`;
      const input = `${start}Transfer-Encoding: chunked\r\n\r\n${chunk.repeat(20)}0\r\n\r\n`;
      expect(
        requestError(input, { limits: { maxBodyBytes: 10 } }),
        hint(9, 'count extension bytes in the body total as well'),
      ).toBe('ERR_HTTP_BODY_TOO_LARGE');
    });

    it('bounds the header section by default', () => {
      const parser = new RequestParser();
      parser.push(bytes('GET / HTTP/1.1\r\nHost: a\r\n'));
      const code = codeOf(() => {
        for (let i = 0; i < 10_000; i++) parser.push(bytes(`X-${i}: ${'v'.repeat(50)}\r\n`));
      });
      expect(code, hint(9, 'the default maxHeaderBytes must bound the head')).toBeOneOf([
        'ERR_HTTP_HEADER_TOO_LARGE',
        'ERR_HTTP_TOO_MANY_HEADERS',
      ]);
    });

    it('bounds a request line that never ends by default', () => {
      const parser = new RequestParser();
      const code = codeOf(() => {
        for (let i = 0; i < 1000; i++) parser.push(bytes(`/${'a'.repeat(99)}`));
      });
      expect(code, hint(9, 'the default maxStartLineBytes must bound the line')).toBe(
        'ERR_HTTP_START_LINE_TOO_LONG',
      );
    });
  });

  describe('Host (RFC 9112 §3.2)', () => {
    it('rejects an HTTP/1.1 request without Host', () => {
      expect(
        requestError('GET / HTTP/1.1\r\nAccept: */*\r\n\r\n'),
        hint(9, 'an HTTP/1.1 request needs exactly one Host'),
      ).toBe('ERR_HTTP_MISSING_HOST');
    });

    it('rejects two Host lines', () => {
      expect(
        requestError('GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'),
        hint(9, 'count Host lines: more than one is an error'),
      ).toBe('ERR_HTTP_DUPLICATE_HOST');
    });

    it('rejects two Host lines even when they agree, and in HTTP/1.0', () => {
      const why = hint(9, 'two Host lines are an error, equal or not, in any version');
      expect(requestError('GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n'), why).toBe(
        'ERR_HTTP_DUPLICATE_HOST',
      );
      expect(requestError('GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n'), why).toBe(
        'ERR_HTTP_DUPLICATE_HOST',
      );
    });

    it('accepts an empty Host, which the RFC allows when the URI has no authority', () => {
      expect(
        request('GET / HTTP/1.1\r\nHost:\r\n\r\n').head.headers,
        hint(9, 'an empty Host value is allowed'),
      ).toEqual([['Host', '']]);
    });
  });

  describe('framing fields are found in any case', () => {
    it('reads TRANSFER-ENCODING: CHUNKED in capitals', () => {
      const m = request(`${start}TRANSFER-ENCODING: CHUNKED\r\n\r\n3\r\nabc\r\n0\r\n\r\n`);
      expect(m.body, hint(9, 'lower-case names and codings before comparing')).toBe('abc');
    });

    it('counts HOST in capitals as a second Host', () => {
      expect(
        requestError('GET / HTTP/1.1\r\nHost: a\r\nHOST: b\r\n\r\n'),
        hint(9, 'count Host lines case-insensitively'),
      ).toBe('ERR_HTTP_DUPLICATE_HOST');
    });

    it('finds CONTENT-LENGTH in capitals next to Transfer-Encoding', () => {
      expect(
        requestError(`${start}CONTENT-LENGTH: 3\r\nTransfer-Encoding: chunked\r\n\r\n`),
        hint(9, 'find framing fields case-insensitively'),
      ).toBe('ERR_HTTP_CONTENT_LENGTH_WITH_TRANSFER_ENCODING');
    });

    it('does not take look-alike names of the same length as framing fields', () => {
      const m = request(
        `${start}Content-Lengtx: 9\r\nTransfer-Encodinx: chunked\r\nHosx: b\r\nContent-Length: 3\r\n\r\nabc`,
      );
      expect(m.body, hint(9, 'compare names exactly, byte for byte, after lower-casing')).toBe(
        'abc',
      );
    });
  });

  describe('lenient line endings keep every other rule', () => {
    const lenient = { lenientLineEndings: true };

    it('trims OWS, SP and HTAB, around values of LF-terminated lines', () => {
      const [m] = requests('GET / HTTP/1.1\nHost: a\nX-A: \t a b \t\nX-B:\tc\n\n', lenient);
      expect(m?.head.headers, hint(9, 'lenient lines are trimmed like CRLF lines')).toEqual([
        ['Host', 'a'],
        ['X-A', 'a b'],
        ['X-B', 'c'],
      ]);
    });

    it('still rejects whitespace before a colon on an LF-terminated line (CVE-2021-22959)', () => {
      const why = hint(9, 'lenient mode changes line endings only');
      expect(requestError('GET / HTTP/1.1\nHost : a\n\n', lenient), why).toBe(
        'ERR_HTTP_WHITESPACE_BEFORE_COLON',
      );
      expect(requestError('GET / HTTP/1.1\nHost\t: a\n\n', lenient), why).toBe(
        'ERR_HTTP_WHITESPACE_BEFORE_COLON',
      );
    });

    it('still finds Content-Length and Transfer-Encoding together on LF-terminated lines', () => {
      const input =
        'POST / HTTP/1.1\nHost: a\nContent-Length: 1\nTransfer-Encoding: chunked\n\n0\n\n';
      expect(
        requestError(input, lenient),
        hint(9, 'the framing checks apply in lenient mode too'),
      ).toBe('ERR_HTTP_CONTENT_LENGTH_WITH_TRANSFER_ENCODING');
    });

    it('still rejects a bad field value on an LF-terminated line', () => {
      expect(
        requestError('GET / HTTP/1.1\nHost: a\nX: \x00\n\n', lenient),
        hint(9, 'value checks apply in lenient mode too'),
      ).toBe('ERR_HTTP_INVALID_HEADER_VALUE');
    });
  });
});
