import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  ChunkedEncoder,
  Headers,
  HeadersError,
  HttpSerializeError,
  reasonPhrase,
  serializeRequest,
  serializeResponse,
  serializeResponseHead,
} from '../src/index.ts';
import { request, responses, text } from './helpers/messages.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(7, 'build the head in Latin-1, count the bytes of the encoded body');

describe('7. Serialization', () => {
  describe('serializeRequest', () => {
    it('writes a request line, field lines and the empty line', () => {
      const wire = serializeRequest({
        method: 'GET',
        target: '/a?b',
        headers: [['Host', 'example.com']],
      });
      expect(
        text(wire),
        hint(7, 'method SP target SP version CRLF, then name: value CRLF per field, then CRLF'),
      ).toBe('GET /a?b HTTP/1.1\r\nHost: example.com\r\n\r\n');
    });

    it('writes HTTP/1.0 when asked', () => {
      expect(
        text(serializeRequest({ method: 'GET', target: '/', version: 'HTTP/1.0' })),
        STAGE_HINT,
      ).toBe('GET / HTTP/1.0\r\n\r\n');
    });

    it('adds Content-Length for a body when there is no framing field', () => {
      const wire = serializeRequest({
        method: 'POST',
        target: '/',
        headers: [['Host', 'h']],
        body: 'hi',
      });
      expect(
        text(wire),
        hint(7, 'a body without Content-Length or Transfer-Encoding gets Content-Length'),
      ).toBe('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi');
    });

    it('counts Content-Length in UTF-8 bytes, not UTF-16 units', () => {
      const wire = serializeRequest({ method: 'POST', target: '/', body: 'é☃' });
      expect(
        text(wire),
        hint(7, 'encode the string body with TextEncoder and count its bytes'),
      ).toBe('POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n\xc3\xa9\xe2\x98\x83');
    });

    it('adds Content-Length: 0 for an empty body', () => {
      expect(
        text(serializeRequest({ method: 'POST', target: '/', body: '' })),
        hint(7, 'an empty body is still a body: Content-Length: 0'),
      ).toContain('Content-Length: 0\r\n');
    });

    it('writes no Content-Length when there is no body', () => {
      expect(text(serializeRequest({ method: 'GET', target: '/' }))).not.toContain(
        'Content-Length',
      );
    });

    it('keeps a Content-Length that matches the body and adds no second one', () => {
      const wire = text(
        serializeRequest({
          method: 'PUT',
          target: '/',
          headers: [['content-length', '3']],
          body: 'abc',
        }),
      );
      expect(wire, hint(7, 'a matching Content-Length stays, and none is added')).toBe(
        'PUT / HTTP/1.1\r\ncontent-length: 3\r\n\r\nabc',
      );
    });

    it('refuses a Content-Length that contradicts the body (a smuggling request)', () => {
      expectCode(
        () =>
          serializeRequest({
            method: 'PUT',
            target: '/',
            headers: [['Content-Length', '10']],
            body: 'abc',
          }),
        HttpSerializeError,
        'ERR_HTTP_CONTENT_LENGTH_MISMATCH',
        hint(7, "a Content-Length that differs from the body's length is refused"),
      );
    });

    it('adds no Content-Length when Transfer-Encoding is given: the body is written as is', () => {
      const body = new ChunkedEncoder().encode(new TextEncoder().encode('abc'));
      const wire = text(
        serializeRequest({
          method: 'POST',
          target: '/',
          headers: [['Transfer-Encoding', 'chunked']],
          body,
        }),
      );
      expect(
        wire,
        hint(7, 'Transfer-Encoding is framing: add nothing, write the body as given'),
      ).toBe('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n');
    });

    it('writes field lines from a Headers in order, original case', () => {
      const headers = new Headers([
        ['Host', 'h'],
        ['X-B', '2'],
        ['x-a', '1'],
      ]);
      expect(
        text(serializeRequest({ method: 'GET', target: '/', headers })),
        hint(7, 'iterate the Headers: order and case as stored'),
      ).toBe('GET / HTTP/1.1\r\nHost: h\r\nX-B: 2\r\nx-a: 1\r\n\r\n');
    });

    it('writes Latin-1 field values as single bytes', () => {
      const wire = serializeRequest({ method: 'GET', target: '/', headers: [['X', 'caf\xe9']] });
      expect(
        Array.from(wire.slice(-6, -3)),
        hint(7, 'write each char code of the head as one byte (Latin-1)'),
      ).toEqual([0x66, 0xe9, 0x0d]);
    });

    it.each(['GE T', '', 'G\r\nET', 'GET/'])(
      'refuses the method %j with ERR_HTTP_INVALID_METHOD',
      (method) => {
        expectCode(
          () => serializeRequest({ method, target: '/' }),
          HttpSerializeError,
          'ERR_HTTP_INVALID_METHOD',
          hint(7, 'the method must be a token'),
        );
      },
    );

    it.each(['/a b', '/a\r\nX: y', '', 'no-slash', '/\u2603'])(
      'refuses the target %j with ERR_HTTP_INVALID_TARGET',
      (target) => {
        expectCode(
          () => serializeRequest({ method: 'GET', target }),
          HttpSerializeError,
          'ERR_HTTP_INVALID_TARGET',
          hint(7, 'the target has no SP, no CTL, and is not empty'),
        );
      },
    );

    it('refuses a version it cannot write', () => {
      expectCode(
        () => serializeRequest({ method: 'GET', target: '/', version: 'HTTP/2.0' as 'HTTP/1.1' }),
        HttpSerializeError,
        'ERR_HTTP_INVALID_VERSION',
        hint(7, 'write only HTTP/1.0 and HTTP/1.1'),
      );
    });

    it('refuses header pairs that could not be sent (response splitting) with a HeadersError', () => {
      expectCode(
        () => serializeRequest({ method: 'GET', target: '/', headers: [['X', 'a\r\nEvil: 1']] }),
        HeadersError,
        'ERR_HTTP_INVALID_HEADER_VALUE',
        hint(
          7,
          "validate fields with the parser's tables: CR or LF in a value is response splitting",
        ),
      );
    });

    it('writes bytes the parser reads back', () => {
      const wire = serializeRequest({
        method: 'POST',
        target: '/p',
        headers: [['Host', 'h']],
        body: 'data',
      });
      expect(
        request(wire),
        hint(7, 'what you write must parse back to the same message'),
      ).toMatchObject({
        head: { method: 'POST', target: '/p' },
        body: 'data',
      });
    });
  });

  describe('serializeResponse and serializeResponseHead', () => {
    it('writes the RFC 9110 reason phrase when none is given', () => {
      expect(
        text(serializeResponse({ status: 404 })),
        hint(7, 'keep a table of the RFC 9110 reason phrases'),
      ).toBe('HTTP/1.1 404 Not Found\r\n\r\n');
    });

    it('writes a given reason phrase, even an empty one, keeping the SP', () => {
      const why = hint(
        7,
        'status line: version SP status SP reason CRLF, SP kept with an empty reason',
      );
      expect(text(serializeResponse({ status: 200, reason: 'Fine' })), why).toBe(
        'HTTP/1.1 200 Fine\r\n\r\n',
      );
      expect(text(serializeResponse({ status: 200, reason: '' })), why).toBe(
        'HTTP/1.1 200 \r\n\r\n',
      );
    });

    it('writes an empty reason for an unregistered code', () => {
      expect(
        text(serializeResponse({ status: 299 })),
        hint(7, 'no registered phrase: an empty reason'),
      ).toBe('HTTP/1.1 299 \r\n\r\n');
    });

    it('writes HTTP/1.0 when asked', () => {
      expect(text(serializeResponse({ status: 200, version: 'HTTP/1.0' })), STAGE_HINT).toBe(
        'HTTP/1.0 200 OK\r\n\r\n',
      );
    });

    it('adds Content-Length for a body', () => {
      const wire = serializeResponse({
        status: 200,
        headers: [['Content-Type', 'text/plain']],
        body: 'hello',
      });
      expect(
        text(wire),
        hint(7, 'a response body gets Content-Length unless framing is given'),
      ).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello');
    });

    it('writes a Uint8Array body byte for byte', () => {
      const wire = serializeResponse({ status: 200, body: new Uint8Array([0, 255, 13, 10]) });
      expect(Array.from(wire.slice(-4)), hint(7, 'copy a Uint8Array body as is')).toEqual([
        0, 255, 13, 10,
      ]);
    });

    it('writes only the head with serializeResponseHead, adding no Content-Length', () => {
      const wire = serializeResponseHead({
        status: 200,
        headers: [['Transfer-Encoding', 'chunked']],
      });
      expect(text(wire), hint(7, 'the head alone: no body, no added Content-Length')).toBe(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
    });

    it.each([99, 1000, 200.5, -200, Number.NaN])(
      'refuses the status %s with ERR_HTTP_INVALID_STATUS',
      (status) => {
        const why = hint(7, 'the status is an integer from 100 to 999');
        expectCode(
          () => serializeResponse({ status }),
          HttpSerializeError,
          'ERR_HTTP_INVALID_STATUS',
          why,
        );
        expectCode(
          () => serializeResponseHead({ status }),
          HttpSerializeError,
          'ERR_HTTP_INVALID_STATUS',
          why,
        );
      },
    );

    it.each(['OK\r\nSet-Cookie: evil=1', 'O\0K', 'snow \u2603'])(
      'refuses the reason %j with ERR_HTTP_INVALID_REASON',
      (reason) => {
        expectCode(
          () => serializeResponse({ status: 200, reason }),
          HttpSerializeError,
          'ERR_HTTP_INVALID_REASON',
          hint(7, 'a reason has no CR, LF or other CTL but HTAB'),
        );
      },
    );

    it('writes bytes the response parser reads back', () => {
      const wire = serializeResponse({ status: 201, headers: [['Location', '/x']], body: 'made' });
      expect(
        responses(wire)[0],
        hint(7, 'what you write must parse back to the same response'),
      ).toMatchObject({
        head: { status: 201, reason: 'Created' },
        body: 'made',
      });
    });
  });

  describe('reasonPhrase (RFC 9110 §15)', () => {
    it.each([
      [100, 'Continue'],
      [101, 'Switching Protocols'],
      [103, 'Early Hints'],
      [200, 'OK'],
      [201, 'Created'],
      [202, 'Accepted'],
      [203, 'Non-Authoritative Information'],
      [204, 'No Content'],
      [205, 'Reset Content'],
      [206, 'Partial Content'],
      [300, 'Multiple Choices'],
      [301, 'Moved Permanently'],
      [302, 'Found'],
      [303, 'See Other'],
      [304, 'Not Modified'],
      [305, 'Use Proxy'],
      [307, 'Temporary Redirect'],
      [308, 'Permanent Redirect'],
      [400, 'Bad Request'],
      [401, 'Unauthorized'],
      [402, 'Payment Required'],
      [403, 'Forbidden'],
      [404, 'Not Found'],
      [405, 'Method Not Allowed'],
      [406, 'Not Acceptable'],
      [407, 'Proxy Authentication Required'],
      [408, 'Request Timeout'],
      [409, 'Conflict'],
      [410, 'Gone'],
      [411, 'Length Required'],
      [412, 'Precondition Failed'],
      [413, 'Content Too Large'],
      [414, 'URI Too Long'],
      [415, 'Unsupported Media Type'],
      [416, 'Range Not Satisfiable'],
      [417, 'Expectation Failed'],
      [421, 'Misdirected Request'],
      [422, 'Unprocessable Content'],
      [426, 'Upgrade Required'],
      [429, 'Too Many Requests'],
      [431, 'Request Header Fields Too Large'],
      [500, 'Internal Server Error'],
      [501, 'Not Implemented'],
      [502, 'Bad Gateway'],
      [503, 'Service Unavailable'],
      [504, 'Gateway Timeout'],
      [505, 'HTTP Version Not Supported'],
      [799, ''],
    ])('gives %i the phrase %j', (status, phrase) => {
      expect(reasonPhrase(status), STAGE_HINT).toBe(phrase);
    });
  });

  describe('ChunkedEncoder (RFC 9112 §7.1)', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

    it('writes a chunk as hex size, CRLF, data, CRLF', () => {
      expect(
        text(new ChunkedEncoder().encode(enc('hello'))),
        hint(7, 'size.toString(16), CRLF, data, CRLF'),
      ).toBe('5\r\nhello\r\n');
    });

    it('writes the size in hexadecimal', () => {
      const why = hint(7, 'n.toString(16)');
      expect(text(new ChunkedEncoder().encode(new Uint8Array(255))).slice(0, 4), why).toBe(
        'ff\r\n',
      );
      expect(text(new ChunkedEncoder().encode(new Uint8Array(4096))).slice(0, 6), why).toBe(
        '1000\r\n',
      );
    });

    it('writes nothing for empty data, since a zero-size chunk ends the body', () => {
      expect(
        new ChunkedEncoder().encode(new Uint8Array(0)),
        hint(7, 'a zero-size chunk would end the body: write nothing'),
      ).toHaveLength(0);
    });

    it('ends with the last-chunk and the final CRLF', () => {
      expect(text(new ChunkedEncoder().end()), hint(7, 'end() writes 0 CRLF, then CRLF')).toBe(
        '0\r\n\r\n',
      );
    });

    it('writes trailer fields between the last-chunk and the final CRLF', () => {
      const trailers = new Headers([
        ['X-Checksum', 'abc'],
        ['Expires', 'never'],
      ]);
      expect(text(new ChunkedEncoder().end(trailers)), hint(7, '0 CRLF, trailer lines, CRLF')).toBe(
        '0\r\nX-Checksum: abc\r\nExpires: never\r\n\r\n',
      );
    });

    it('writes a body the parser decodes back, trailers included', () => {
      const e = new ChunkedEncoder();
      const trailers = new Headers([['T', '1']]);
      const body = text(e.encode(enc('ab'))) + text(e.encode(enc('cdef'))) + text(e.end(trailers));
      const input = `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n${body}`;
      expect(request(input), hint(7, 'ChunkedEncoder and the parser must agree')).toMatchObject({
        body: 'abcdef',
        trailers: [['T', '1']],
      });
    });
  });

  describe('edge cases of serialization', () => {
    it.each([100, 999])('writes the status %i at the ends of the range', (status) => {
      expect(
        text(serializeResponseHead({ status, reason: 'R' })),
        hint(7, '100 and 999 are valid'),
      ).toBe(`HTTP/1.1 ${status} R\r\n\r\n`);
    });

    it('writes an obs-text reason phrase as single bytes', () => {
      expect(
        Array.from(serializeResponseHead({ status: 200, reason: '\xff' }).slice(13, 14)),
        hint(7, 'the head is Latin-1: one byte per char code'),
      ).toEqual([0xff]);
    });

    it('accepts a Transfer-Encoding given in lower case as framing', () => {
      const wire = text(
        serializeResponse({
          status: 200,
          headers: [['transfer-encoding', 'chunked']],
          body: new ChunkedEncoder().end(),
        }),
      );
      expect(wire).not.toContain('Content-Length');
    });

    it('writes authority-form for CONNECT and asterisk-form for OPTIONS', () => {
      const why = hint(7, 'write the target as given; validate its form against the method');
      expect(text(serializeRequest({ method: 'CONNECT', target: 'h:443' })), why).toBe(
        'CONNECT h:443 HTTP/1.1\r\n\r\n',
      );
      expect(text(serializeRequest({ method: 'OPTIONS', target: '*' })), why).toBe(
        'OPTIONS * HTTP/1.1\r\n\r\n',
      );
    });
  });

  describe('framing fields in a head written alone', () => {
    it('keeps a Content-Length in serializeResponseHead: the body follows separately', () => {
      const wire = serializeResponseHead({ status: 200, headers: [['Content-Length', '10']] });
      expect(text(wire), hint(7, 'serializeResponseHead writes the fields as given')).toBe(
        'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n',
      );
    });

    it('keeps a Content-Length on a request without a body', () => {
      const wire = serializeRequest({
        method: 'POST',
        target: '/',
        headers: [['Content-Length', '0']],
      });
      expect(text(wire), hint(7, 'a Content-Length given without a body is kept as is')).toBe(
        'POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n',
      );
    });
  });
});
