import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { HttpParseError, RequestParser } from '../src/index.ts';
import { bytes, request, requestError, requests } from './helpers/messages.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  4,
  'size line, data, CRLF, trailers: parse the hex size by hand and bound it',
);

/** A chunked POST whose body section is `chunks` verbatim. */
const chunked = (chunks: string, te = 'chunked'): string =>
  `POST /upload HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: ${te}\r\n\r\n${chunks}`;

describe('4. Chunked transfer coding', () => {
  describe('chunked-body = *chunk last-chunk trailer-section CRLF (RFC 9112 §7.1)', () => {
    it('decodes one chunk', () => {
      expect(
        request(chunked('5\r\nhello\r\n0\r\n\r\n')).body,
        hint(4, 'chunked is three more states: size line, data, CRLF after the data'),
      ).toBe('hello');
    });

    it('decodes several chunks in order', () => {
      expect(
        request(chunked('5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n')).body,
        hint(4, "after a chunk's CRLF, go back to the size line"),
      ).toBe('hello world');
    });

    it('decodes an empty chunked body (only the last-chunk)', () => {
      const why = hint(4, 'a size of 0 is the last-chunk: then trailers and the final CRLF');
      const m = request(chunked('0\r\n\r\n'));
      expect(m.body, why).toBe('');
      expect(m.complete, why).toBe(true);
    });

    it('reads chunk-size as hexadecimal, upper or lower case', () => {
      const why = hint(4, 'size = size * 16 + hexValue, upper and lower case digits');
      const body = 'x'.repeat(26);
      expect(request(chunked(`1A\r\n${body}\r\n0\r\n\r\n`)).body, why).toBe(body);
      expect(request(chunked(`1a\r\n${body}\r\n0\r\n\r\n`)).body, why).toBe(body);
    });

    it('reads a chunk larger than 255 bytes (a three-digit size)', () => {
      const body = 'y'.repeat(0x1f4);
      expect(
        request(chunked(`1f4\r\n${body}\r\n0\r\n\r\n`)).body,
        hint(4, 'no limit on the number of hex digits but the value'),
      ).toBe(body);
    });

    it('accepts leading zeros in chunk-size and in the last-chunk', () => {
      expect(
        request(chunked('0005\r\nhello\r\n000\r\n\r\n')).body,
        hint(4, 'leading zeros do not change the value'),
      ).toBe('hello');
    });

    it('keeps CR and LF bytes inside chunk-data as data', () => {
      expect(
        request(chunked('4\r\n\r\n\r\n\r\n0\r\n\r\n')).body,
        hint(4, 'chunk data is counted, never scanned for CRLF'),
      ).toBe('\r\n\r\n');
    });

    it('matches Transfer-Encoding and chunked case-insensitively', () => {
      const input =
        'POST / HTTP/1.1\r\nHost: a\r\ntransfer-encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
      expect(
        request(input).body,
        hint(4, 'lower-case the field name and the coding before comparing'),
      ).toBe('abc');
    });

    it('parses the request after a chunked one on the same connection', () => {
      const all = requests(
        `${chunked('3\r\nabc\r\n0\r\n\r\n')}GET /next HTTP/1.1\r\nHost: a\r\n\r\n`,
      );
      expect(
        all.map((m) => m.head.target),
        hint(4, 'after the final CRLF, expect a start line again'),
      ).toEqual(['/upload', '/next']);
    });

    it('does not deliver an empty data event for the last-chunk', () => {
      const events = new RequestParser().push(bytes(chunked('3\r\nabc\r\n0\r\n\r\n')));
      expect(
        events.map((e) => e.type),
        hint(4, 'emit data only for non-empty chunks'),
      ).toEqual(['head', 'data', 'end']);
    });
  });

  describe('chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ) (§7.1.1)', () => {
    it.each([
      ['a bare name', '5;foo'],
      ['name=token', '5;foo=bar'],
      ['name="quoted string"', '5;foo="a b;c=d"'],
      ['a quoted-pair', '5;foo="a\\"b"'],
      ['several extensions', '5;a=1;b;c="x"'],
      ['BWS around ";" and "="', '5 ; foo = bar'],
      ['an extension on the last-chunk', '5\r\nhello\r\n0;done'],
    ])('accepts and ignores %s', (_what, line) => {
      const body = line.includes('hello') ? `${line}\r\n\r\n` : `${line}\r\nhello\r\n0\r\n\r\n`;
      expect(
        request(chunked(body)).body,
        hint(
          4,
          'a chunk extension is ;name[=value], value a token or a quoted-string: parse and drop it',
        ),
      ).toBe('hello');
    });

    it.each([
      ['an empty name', '5;'],
      ['an empty value after "="', '5;a='],
      ['an unterminated quoted string', '5;a="open'],
      ['two names without ";"', '5;a b'],
      ['a control byte in a quoted string', '5;a="\x01"'],
      ['a name that is not a token', '5;a@b=c'],
    ])('rejects %s with ERR_HTTP_INVALID_CHUNK_EXTENSION', (_what, line) => {
      expect(requestError(chunked(`${line}\r\nhello\r\n0\r\n\r\n`)), STAGE_HINT).toBe(
        'ERR_HTTP_INVALID_CHUNK_EXTENSION',
      );
    });

    it('rejects chunk extensions longer than maxChunkExtensionBytes with 413', () => {
      const ext = `;x=${'a'.repeat(100)}`;
      expect(
        expectCode(
          () =>
            request(chunked(`5${ext}\r\nhello\r\n0\r\n\r\n`), {
              limits: { maxChunkExtensionBytes: 64 },
            }),
          HttpParseError,
          'ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE',
        ).status,
        hint(4, 'count the extension bytes from ";" and stop at maxChunkExtensionBytes: 413'),
      ).toBe(413);
    });

    it('accepts chunk extensions of exactly maxChunkExtensionBytes (counted from the ";")', () => {
      const ext = `;x=${'a'.repeat(61)}`; // 64 bytes
      const m = request(chunked(`5${ext}\r\nhello\r\n0\r\n\r\n`), {
        limits: { maxChunkExtensionBytes: 64 },
      });
      expect(m.body, hint(4, 'the limit is inclusive, counted from the ";"')).toBe('hello');
    });
  });

  describe('chunk-size = 1*HEXDIG', () => {
    it.each([
      ['a "0x" prefix', '0x5'],
      ['a "+" sign', '+5'],
      ['a "-" sign', '-5'],
      ['leading whitespace', ' 5'],
      ['trailing whitespace without an extension', '5 '],
      ['a trailing HTAB', '5\t'],
      ['no digits at all', ''],
      ['a non-hex letter', 'g'],
      ['an underscore between digits', '1_0'],
    ])('rejects a size with %s with ERR_HTTP_INVALID_CHUNK_SIZE', (_what, size) => {
      expect(
        requestError(chunked(`${size}\r\nhello\r\n0\r\n\r\n`)),
        hint(4, 'the size is 1*HEXDIG, then BWS, ";" or CRLF'),
      ).toBe('ERR_HTTP_INVALID_CHUNK_SIZE');
    });

    it('rejects a size that overflows 2^53 instead of wrapping around (§7.1)', () => {
      expect(
        requestError(chunked('fffffffffffffffff5\r\nhello\r\n0\r\n\r\n')),
        hint(4, 'stop when the value passes Number.MAX_SAFE_INTEGER'),
      ).toBe('ERR_HTTP_INVALID_CHUNK_SIZE');
    });

    it('rejects chunk data longer than its size with ERR_HTTP_INVALID_CHUNK_DATA', () => {
      expect(
        requestError(chunked('5\r\nhello!\r\n0\r\n\r\n')),
        hint(4, 'after size bytes of data, the next two bytes must be CRLF'),
      ).toBe('ERR_HTTP_INVALID_CHUNK_DATA');
    });

    it('rejects chunk data not followed by CRLF', () => {
      expect(
        requestError(chunked('5\r\nhello0\r\n\r\n')),
        hint(4, "check the CRLF after every chunk's data"),
      ).toBe('ERR_HTTP_INVALID_CHUNK_DATA');
    });

    it('rejects a chunked body whose total exceeds maxBodyBytes with 413', () => {
      const input = chunked('6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n');
      expect(
        expectCode(
          () => request(input, { limits: { maxBodyBytes: 10 } }),
          HttpParseError,
          'ERR_HTTP_BODY_TOO_LARGE',
        ).status,
        hint(4, 'add each chunk size to a body total and compare with maxBodyBytes'),
      ).toBe(413);
    });

    it('checks maxBodyBytes against the chunk-size before the data arrives', () => {
      const parser = new RequestParser({ limits: { maxBodyBytes: 100 } });
      expectCode(
        () => parser.push(bytes(chunked('ffff\r\n'))),
        HttpParseError,
        'ERR_HTTP_BODY_TOO_LARGE',
        hint(4, 'check the limit when you read the size, before any data'),
      );
    });

    it('throws ERR_HTTP_INCOMPLETE_MESSAGE at end() inside a chunked body', () => {
      const why = hint(4, 'end() before the final CRLF is incomplete');
      expect(requestError(chunked('5\r\nhel')), why).toBe('ERR_HTTP_INCOMPLETE_MESSAGE');
      expect(requestError(chunked('5\r\nhello\r\n')), why).toBe('ERR_HTTP_INCOMPLETE_MESSAGE');
      expect(requestError(chunked('0\r\n')), why).toBe('ERR_HTTP_INCOMPLETE_MESSAGE');
    });
  });

  describe('trailer-section = *( field-line CRLF ) (§7.1.2)', () => {
    it('delivers trailer fields with the end event', () => {
      const m = request(chunked('3\r\nabc\r\n0\r\nExpires: never\r\nX-Checksum: 42\r\n\r\n'));
      expect(m.trailers, hint(4, 'trailer lines go in a fresh Headers on the end event')).toEqual([
        ['Expires', 'never'],
        ['X-Checksum', '42'],
      ]);
    });

    it('does not mix trailer fields into the head', () => {
      const events = new RequestParser().push(bytes(chunked('0\r\nX-T: 1\r\n\r\n')));
      const head = events[0];
      if (head?.type !== 'head') throw new Error('no head');
      expect(
        head.head.headers.has('x-t'),
        hint(4, 'trailers are not head fields: keep them apart'),
      ).toBe(false);
    });

    it('validates trailer fields like header fields', () => {
      const why = hint(4, 'reuse the stage 2 field-line code for trailers');
      expect(requestError(chunked('0\r\nX-T : 1\r\n\r\n')), why).toBe(
        'ERR_HTTP_WHITESPACE_BEFORE_COLON',
      );
      expect(requestError(chunked('0\r\nX-T: 1\r\n folded\r\n\r\n')), why).toBe(
        'ERR_HTTP_OBS_FOLD',
      );
      expect(requestError(chunked('0\r\nX-T: \x00\r\n\r\n')), why).toBe(
        'ERR_HTTP_INVALID_HEADER_VALUE',
      );
    });

    it('limits the number of trailer fields', () => {
      const input = chunked('0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n');
      expect(
        requestError(input, { limits: { maxHeaderCount: 3 } }),
        hint(4, 'trailers count against maxHeaderCount, with fresh counters'),
      ).toBe('ERR_HTTP_TOO_MANY_HEADERS');
    });

    it('limits the size of the trailer section', () => {
      const input = chunked(`0\r\nX-Big: ${'t'.repeat(200)}\r\n\r\n`);
      expect(
        requestError(input, { limits: { maxHeaderBytes: 128 } }),
        hint(4, 'trailers count against maxHeaderBytes, with fresh counters'),
      ).toBe('ERR_HTTP_HEADER_TOO_LARGE');
    });
  });

  describe('Transfer-Encoding = #transfer-coding (§6.1)', () => {
    it('answers a transfer coding it cannot decode with 501 Not Implemented', () => {
      expect(
        expectCode(
          () => request(chunked('0\r\n\r\n', 'gzip, chunked')),
          HttpParseError,
          'ERR_HTTP_UNSUPPORTED_TRANSFER_CODING',
        ).status,
        hint(4, 'a final coding other than chunked that you cannot decode is 501'),
      ).toBe(501);
    });

    it('joins Transfer-Encoding field lines into one list', () => {
      const input =
        'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n';
      expect(
        requestError(input),
        hint(4, 'split every Transfer-Encoding line on commas into one list'),
      ).toBe('ERR_HTTP_UNSUPPORTED_TRANSFER_CODING');
    });

    it('ignores empty list elements and OWS: "chunked ," is chunked (RFC 9110 §5.6.1)', () => {
      expect(
        request(chunked('3\r\nabc\r\n0\r\n\r\n', ' , chunked ,')).body,
        hint(4, 'drop empty elements after trimming'),
      ).toBe('abc');
    });

    it('rejects chunked applied twice with ERR_HTTP_INVALID_TRANSFER_ENCODING', () => {
      expect(
        requestError(chunked('0\r\n\r\n', 'chunked, chunked')),
        hint(4, 'chunked may appear once, last'),
      ).toBe('ERR_HTTP_INVALID_TRANSFER_ENCODING');
    });

    it('rejects an empty Transfer-Encoding with ERR_HTTP_INVALID_TRANSFER_ENCODING', () => {
      expect(
        requestError(chunked('0\r\n\r\n', '')),
        hint(4, 'a Transfer-Encoding with no coding is invalid'),
      ).toBe('ERR_HTTP_INVALID_TRANSFER_ENCODING');
    });

    it('rejects a coding that is not a token', () => {
      expect(
        requestError(chunked('0\r\n\r\n', 'gz@p, chunked')),
        hint(4, 'every coding is a token'),
      ).toBe('ERR_HTTP_INVALID_TRANSFER_ENCODING');
    });
  });

  describe('edge cases of chunk lines', () => {
    it('accepts a chunk-size of 64 characters (leading zeros)', () => {
      expect(
        request(chunked(`${'0'.repeat(63)}5\r\nhello\r\n0\r\n\r\n`)).body,
        hint(4, 'a size line of 64 hex digits is within the limit'),
      ).toBe('hello');
    });

    it('rejects a chunk-size line of 65 characters before its ";"', () => {
      expect(
        requestError(chunked(`${'0'.repeat(64)}5\r\nhello\r\n0\r\n\r\n`)),
        hint(4, 'bound the size digits: more than 64 is an error'),
      ).toBe('ERR_HTTP_INVALID_CHUNK_SIZE');
    });

    it.each([
      ['a quoted string ending in a lone backslash', '5;a="x\\'],
      ['a quoted-pair escaping a control byte', '5;a="\\\x01"'],
      ['a DEL inside a quoted string', '5;a="\x7f"'],
      ['a token value followed by junk', '5;a=b c'],
    ])('rejects %s with ERR_HTTP_INVALID_CHUNK_EXTENSION', (_what, line) => {
      expect(requestError(chunked(`${line}\r\nhello\r\n0\r\n\r\n`)), STAGE_HINT).toBe(
        'ERR_HTTP_INVALID_CHUNK_EXTENSION',
      );
    });

    it('accepts an HTAB and obs-text inside a quoted extension value', () => {
      expect(
        request(chunked('5;a="x\ty\xe9"\r\nhello\r\n0\r\n\r\n')).body,
        hint(4, 'qdtext is HTAB, SP, 0x21, 0x23–0x5B, 0x5D–0x7E and obs-text'),
      ).toBe('hello');
    });

    it('rejects a transfer coding that is only parameters, ";x"', () => {
      expect(
        requestError(chunked('0\r\n\r\n', ';x, chunked')),
        hint(4, 'a coding starts with a token'),
      ).toBe('ERR_HTTP_INVALID_TRANSFER_ENCODING');
    });

    it('reads "chunked ;x=1" as chunked with a parameter, which is not chunked', () => {
      expect(
        requestError(chunked('0\r\n\r\n', 'chunked ;x=1')),
        hint(4, '"chunked" with a parameter is another coding, not chunked'),
      ).toBe('ERR_HTTP_CHUNKED_NOT_FINAL');
    });
  });

  describe('whitespace in chunk lines', () => {
    it('rejects a byte other than BWS between the size and the ";"', () => {
      expect(
        requestError(chunked('5 x;a\r\nhello\r\n0\r\n\r\n')),
        hint(4, 'only SP and HTAB (BWS) may come between the size and ";"'),
      ).toBe('ERR_HTTP_INVALID_CHUNK_SIZE');
    });

    it('accepts HTAB as BWS around ";" and "="', () => {
      expect(
        request(chunked('5\t;\tfoo\t=\tbar\t\r\nhello\r\n0\r\n\r\n')).body,
        hint(4, 'BWS is SP or HTAB'),
      ).toBe('hello');
    });

    it('accepts an escaped HTAB and rejects an escaped DEL in a quoted extension', () => {
      const why = hint(4, 'quoted-pair is "\\\\" followed by HTAB, SP, VCHAR or obs-text');
      expect(request(chunked('5;a="\\\t"\r\nhello\r\n0\r\n\r\n')).body, why).toBe('hello');
      expect(requestError(chunked('5;a="\\\x7f"\r\nhello\r\n0\r\n\r\n')), why).toBe(
        'ERR_HTTP_INVALID_CHUNK_EXTENSION',
      );
    });
  });
});
