import { expectCode, expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, HttpParseError, RequestParser } from '../src/index.ts';
import { bytes, request, requestError, responseError, responses } from './helpers/messages.ts';

describe('1. Request line and status line', () => {
  describe('request-line = method SP request-target SP HTTP-version (RFC 9112 §3)', () => {
    it('splits "GET / HTTP/1.1" into method, target and version', () => {
      const m = request('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      expect(
        m.head,
        hint(1, 'walk the line with an index: method (tchar), one SP, target, one SP, version'),
      ).toMatchObject({ method: 'GET', target: '/', version: 'HTTP/1.1' });
    });

    it.each([
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'DELETE',
      'TRACE',
      'PATCH',
      'PROPFIND',
      'M-SEARCH',
      "X!#$%&'*+-.^_`|~9",
    ])('accepts the method %s: any token is a method (RFC 9110 §9.1)', (method) => {
      expect(
        request(`${method} /x HTTP/1.1\r\nHost: a\r\n\r\n`).head.method,
        hint(
          1,
          'any token is a method: check each byte against the tchar table, keep no list of methods',
        ),
      ).toBe(method);
    });

    it('keeps the case of a method: methods are case-sensitive, "get" is not GET (RFC 9110 §9.1)', () => {
      expect(
        request('get / HTTP/1.1\r\nHost: a\r\n\r\n').head.method,
        hint(1, 'never change the case of a method'),
      ).toBe('get');
    });

    it('reads HTTP/1.0 and does not require Host from it', () => {
      expect(
        request('GET /old HTTP/1.0\r\n\r\n').head,
        hint(1, 'Host is required from HTTP/1.1 only'),
      ).toMatchObject({
        version: 'HTTP/1.0',
        target: '/old',
      });
    });

    it.each([
      ['origin-form with a query (§3.2.1)', 'GET', '/where?q=now&x=%20y'],
      ['origin-form with an empty query', 'GET', '/p?'],
      ['origin-form starting with two slashes', 'GET', '//double'],
      ['origin-form with every sub-delim', 'GET', "/a!$&'()*+,;=:@b"],
      ['absolute-form (§3.2.2)', 'GET', 'http://www.example.org/pub/WWW/TheProject.html'],
      ['absolute-form with a port and no path', 'GET', 'https://example.org:8443'],
      ['authority-form for CONNECT (§3.2.3)', 'CONNECT', 'www.example.com:80'],
      ['authority-form with an IP literal', 'CONNECT', '[::1]:443'],
      ['asterisk-form for OPTIONS (§3.2.4)', 'OPTIONS', '*'],
    ])('accepts the %s', (_form, method, target) => {
      expect(
        request(`${method} ${target} HTTP/1.1\r\nHost: a\r\n\r\n`).head.target,
        hint(
          1,
          'origin-form, absolute-form, authority-form (CONNECT) and asterisk-form (OPTIONS) are all request-targets',
        ),
      ).toBe(target);
    });

    it('ignores empty lines before the request-line (RFC 9112 §2.2)', () => {
      expect(
        request('\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n').head.method,
        hint(1, 'skip CRLFs while you expect a start line'),
      ).toBe('GET');
    });

    it.each([
      ['a "(" in the method', 'G(ET / HTTP/1.1'],
      ['a "@" in the method', 'GE@T / HTTP/1.1'],
      ['a NUL in the method', 'GE\x00T / HTTP/1.1'],
      ['a non-ASCII byte in the method', 'G\xc9T / HTTP/1.1'],
      ['a method in quotes', '"GET" / HTTP/1.1'],
    ])('rejects %s with ERR_HTTP_INVALID_METHOD', (_what, line) => {
      expect(
        requestError(`${line}\r\nHost: a\r\n\r\n`),
        hint(1, 'the method stops at the first byte that is not tchar; it must be a SP'),
      ).toBe('ERR_HTTP_INVALID_METHOD');
    });

    it.each([
      ['two spaces after the method', 'GET  / HTTP/1.1'],
      ['two spaces before the version', 'GET /  HTTP/1.1'],
      ['no version (an HTTP/0.9 request)', 'GET /'],
      ['a line of one word', 'GET'],
      ['a line starting with SP', ' GET / HTTP/1.1'],
    ])('rejects %s', (_what, line) => {
      expect(
        requestError(`${line}\r\nHost: a\r\n\r\n`),
        hint(
          1,
          'exactly one SP between method, target and version; anything else is a malformed line',
        ),
      ).toBeOneOf([
        'ERR_HTTP_INVALID_START_LINE',
        'ERR_HTTP_INVALID_TARGET',
        'ERR_HTTP_INVALID_METHOD',
        'ERR_HTTP_INVALID_VERSION',
      ]);
    });

    it.each([
      ['a DEL byte', '/a\x7fb'],
      ['a control byte', '/a\x01b'],
      ['a raw non-ASCII byte', '/caf\xe9'],
      ['a relative path', 'index.html'],
      ['"*" with GET (asterisk-form is for OPTIONS)', '*'],
      ['a scheme that starts with a digit', '1http://x/'],
    ])('rejects a target with %s with ERR_HTTP_INVALID_TARGET', (_what, target) => {
      expect(
        requestError(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`),
        hint(1, 'the target is visible ASCII (0x21–0x7E) only'),
      ).toBe('ERR_HTTP_INVALID_TARGET');
    });

    it.each([
      ['origin-form', '/path'],
      ['absolute-form', 'http://example.com:80/'],
      ['a missing port', 'example.com'],
      ['an empty port', 'example.com:'],
      ['userinfo', 'user@example.com:80'],
    ])('rejects CONNECT with %s: CONNECT takes authority-form only (§3.2.3)', (_what, target) => {
      expect(
        requestError(`CONNECT ${target} HTTP/1.1\r\nHost: a\r\n\r\n`),
        hint(1, 'CONNECT takes host:port only (authority-form)'),
      ).toBe('ERR_HTTP_INVALID_TARGET');
    });

    it.each([
      'http/1.1',
      'HTTP/1.1 ',
      'HTTP/11',
      'HTTP/1.10',
      'HTTP/1',
      'HTTP/1.x',
      'HTTPS/1.1',
      'HTTP 1.1',
    ])(
      'rejects the malformed version %j with ERR_HTTP_INVALID_VERSION (RFC 9112 §2.3)',
      (version) => {
        expect(
          requestError(`GET / ${version}\r\nHost: a\r\n\r\n`),
          hint(1, 'the version is exactly 8 bytes: "HTTP/" DIGIT "." DIGIT, case-sensitive'),
        ).toBe('ERR_HTTP_INVALID_VERSION');
      },
    );

    it.each(['HTTP/2.0', 'HTTP/1.2', 'HTTP/0.9', 'HTTP/3.0', 'HTTP/9.9'])(
      'answers the well-formed but unsupported %s with 505 (RFC 9110 §15.6.6)',
      (version) => {
        let error: unknown;
        try {
          request(`GET / ${version}\r\nHost: a\r\n\r\n`);
        } catch (e) {
          error = e;
        }
        expect(
          expectErrorCode(error, HttpParseError, 'ERR_HTTP_VERSION_NOT_SUPPORTED').status,
          hint(1, 'a well-formed version other than 1.0 and 1.1 is 505, not 400'),
        ).toBe(505);
      },
    );

    it('answers a request-target over maxTargetBytes with 414 URI Too Long (§3)', () => {
      const target = `/${'a'.repeat(200)}`;
      const options = { limits: { maxTargetBytes: 100 } };
      expect(
        expectCode(
          () => request(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`, options),
          HttpParseError,
          'ERR_HTTP_URI_TOO_LONG',
        ).status,
        hint(1, "count the target's bytes against maxTargetBytes: over it is 414"),
      ).toBe(414);
    });

    it('accepts a request-target of exactly maxTargetBytes', () => {
      const target = `/${'a'.repeat(99)}`;
      const m = request(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`, {
        limits: { maxTargetBytes: 100 },
      });
      expect(
        m.head.target,
        hint(1, 'the limit is inclusive: > maxTargetBytes fails, = passes'),
      ).toBe(target);
    });

    it('rejects a request line over maxStartLineBytes with ERR_HTTP_START_LINE_TOO_LONG', () => {
      const line = `GET /${'a'.repeat(100)} HTTP/1.1`;
      expect(
        requestError(`${line}\r\nHost: a\r\n\r\n`, { limits: { maxStartLineBytes: 50 } }),
        hint(1, "count the line's bytes (without CRLF) against maxStartLineBytes"),
      ).toBe('ERR_HTTP_START_LINE_TOO_LONG');
    });

    it('accepts a request line of exactly maxStartLineBytes', () => {
      const line = `GET /${'a'.repeat(36)} HTTP/1.1`; // 50 bytes
      expect(
        request(`${line}\r\nHost: a\r\n\r\n`, { limits: { maxStartLineBytes: 50 } }).head.method,
        hint(1, 'the limit is inclusive: > fails, = passes'),
      ).toBe('GET');
    });

    it('gives a parse error its name, code and the status a server should answer', () => {
      const why = hint(
        1,
        'HttpParseError has name, code and status (400, 413, 414, 431, 501, 505)',
      );
      let error: unknown;
      try {
        new RequestParser().push(bytes('G(T / HTTP/1.1\r\n'));
      } catch (e) {
        error = e;
      }
      expect(error, why).toBeInstanceOf(HttpParseError);
      expect(error, why).toBeInstanceOf(Error);
      expect(error, why).toMatchObject({
        name: 'HttpParseError',
        code: 'ERR_HTTP_INVALID_METHOD',
        status: 400,
      });
    });

    it('has default limits that let an 8000-byte target through', () => {
      const why = hint(1, 'the default maxTargetBytes and maxStartLineBytes are at least 8000');
      expect(DEFAULT_LIMITS.maxTargetBytes, why).toBeGreaterThanOrEqual(8000);
      const target = `/${'x'.repeat(7999)}`;
      expect(request(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`).head.target, why).toHaveLength(
        8000,
      );
    });
  });

  describe('status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)', () => {
    it('splits "HTTP/1.1 200 OK"', () => {
      const [m] = responses('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
      expect(m?.head, hint(1, 'version, SP, 3DIGIT status, SP, reason')).toMatchObject({
        version: 'HTTP/1.1',
        status: 200,
        reason: 'OK',
      });
    });

    it('keeps a reason phrase with spaces', () => {
      const [m] = responses('HTTP/1.0 404 Not Found Here\r\nContent-Length: 0\r\n\r\n');
      expect(m?.head, hint(1, 'the reason is the rest of the line, spaces included')).toMatchObject(
        {
          version: 'HTTP/1.0',
          status: 404,
          reason: 'Not Found Here',
        },
      );
    });

    it('accepts an empty reason phrase after the SP', () => {
      expect(
        responses('HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n')[0]?.head.reason,
        hint(1, 'an empty reason is allowed'),
      ).toBe('');
    });

    it('accepts a status line without the SP after the code, as old servers sent', () => {
      expect(
        responses('HTTP/1.1 204\r\n\r\n')[0]?.head,
        hint(1, 'after the 3 digits: end of line, or SP and a reason'),
      ).toMatchObject({
        status: 204,
        reason: '',
      });
    });

    it('decodes obs-text in a reason phrase as Latin-1', () => {
      expect(
        responses('HTTP/1.1 200 Tr\xe8s bien\r\nContent-Length: 0\r\n\r\n')[0]?.head.reason,
        hint(1, 'decode bytes 0x80–0xFF as Latin-1, one byte one character'),
      ).toBe('Très bien');
    });

    it('keeps an HTAB inside a reason phrase', () => {
      expect(
        responses('HTTP/1.1 200 a\tb\r\nContent-Length: 0\r\n\r\n')[0]?.head.reason,
        hint(1, 'HTAB, SP, VCHAR and obs-text are allowed in a reason'),
      ).toBe('a\tb');
    });

    it.each(['2000 OK', '20 OK', 'abc OK', '099 Low', ' 200 OK', '2x0 OK', '200\x01'])(
      'rejects the status %j with ERR_HTTP_INVALID_STATUS (status-code = 3DIGIT)',
      (rest) => {
        expect(
          responseError(`HTTP/1.1 ${rest}\r\nContent-Length: 0\r\n\r\n`),
          hint(1, 'the status is exactly 3 digits followed by SP or the end of the line'),
        ).toBe('ERR_HTTP_INVALID_STATUS');
      },
    );

    it('rejects a reason phrase with a control byte', () => {
      expect(
        responseError('HTTP/1.1 200 O\x00K\r\nContent-Length: 0\r\n\r\n'),
        hint(1, 'a control byte other than HTAB in a reason is an error'),
      ).toBe('ERR_HTTP_INVALID_STATUS');
    });

    it.each(['HTTP/2 200 OK', 'http/1.1 200 OK', 'HTTP/1.1'])(
      'rejects the status line %j',
      (line) => {
        expect(
          responseError(`${line}\r\nContent-Length: 0\r\n\r\n`),
          hint(1, 'a status line starts with a well-formed HTTP-version and has a status code'),
        ).toBeOneOf([
          'ERR_HTTP_INVALID_VERSION',
          'ERR_HTTP_INVALID_START_LINE',
          'ERR_HTTP_INVALID_STATUS',
        ]);
      },
    );

    it('answers a response in HTTP/2.0 with ERR_HTTP_VERSION_NOT_SUPPORTED', () => {
      expect(
        responseError('HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'),
        hint(
          1,
          'a well-formed but unsupported version is ERR_HTTP_VERSION_NOT_SUPPORTED in responses too',
        ),
      ).toBe('ERR_HTTP_VERSION_NOT_SUPPORTED');
    });

    it('accepts the status codes 100 and 999 at the ends of the 3DIGIT range', () => {
      const all = responses(
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n',
      );
      expect(
        all.map((m) => m.head.status),
        hint(1, 'any 3 digits from 100 to 999'),
      ).toEqual([100, 999]);
    });
  });

  describe('edge cases of the start line', () => {
    it.each(['XTTP/1.1', 'HXTP/1.1', 'HTXP/1.1', 'HTTX/1.1', 'HTTP-1.1', 'HTTP/1,1', 'HTTP/a.1'])(
      'rejects %j, wrong in one byte only, with ERR_HTTP_INVALID_VERSION',
      (version) => {
        expect(
          requestError(`GET / ${version}\r\nHost: a\r\n\r\n`),
          hint(1, 'check every byte of "HTTP/", the digits and the dot'),
        ).toBe('ERR_HTTP_INVALID_VERSION');
      },
    );

    it.each(['HTTP/2.1', 'HTTP/0.1', 'HTTP/1.9'])(
      'answers %s with 505, not as HTTP/1.x',
      (version) => {
        expect(
          requestError(`GET / ${version}\r\nHost: a\r\n\r\n`),
          hint(1, 'compare both digits: 2.1, 0.1 and 1.9 are unsupported, not 1.x'),
        ).toBe('ERR_HTTP_VERSION_NOT_SUPPORTED');
      },
    );

    it.each([
      ['a port of letters', 'example.com:8x'],
      ['no host before the colon', ':443'],
    ])('rejects CONNECT with %s', (_what, target) => {
      expect(
        requestError(`CONNECT ${target} HTTP/1.1\r\nHost: a\r\n\r\n`),
        hint(1, 'CONNECT takes host:port only (authority-form)'),
      ).toBe('ERR_HTTP_INVALID_TARGET');
    });

    it.each(['coap+tcp://h/x', 'x-y.z:opaque', 'urn:isbn:0451450523'])(
      'accepts the absolute-form %j: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )',
      (target) => {
        expect(
          request(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`).head.target,
          hint(1, 'a scheme is ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) then ":"'),
        ).toBe(target);
      },
    );

    it.each(['ht_tp://x/', 'ht~tp://x/', 'http//x/'])(
      'rejects %j: not a scheme followed by ":"',
      (target) => {
        expect(
          requestError(`GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`),
          hint(1, 'absolute-form needs a valid scheme right before the first ":"'),
        ).toBe('ERR_HTTP_INVALID_TARGET');
      },
    );

    it.each([':00 X', '2 0 OK', '2:0 OK', '20/ OK', '20: OK'])(
      'rejects the status code in %j with ERR_HTTP_INVALID_STATUS',
      (rest) => {
        expect(
          responseError(`HTTP/1.1 ${rest}\r\nContent-Length: 0\r\n\r\n`),
          hint(1, 'each of the 3 status bytes must be a digit'),
        ).toBe('ERR_HTTP_INVALID_STATUS');
      },
    );

    it('reads every digit of the status code', () => {
      const all = responses(
        'HTTP/1.1 234 A\r\nContent-Length: 0\r\n\r\nHTTP/1.1 567 B\r\nContent-Length: 0\r\n\r\n',
      );
      expect(
        all.map((m) => m.head.status),
        hint(1, 'status = 100 × d1 + 10 × d2 + d3'),
      ).toEqual([234, 567]);
    });
  });
});
