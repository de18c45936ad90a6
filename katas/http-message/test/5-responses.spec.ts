import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { ResponseParser } from '../src/index.ts';
import { bytes, fold, responseError, responses, text } from './helpers/messages.ts';

const ok = (body: string): string =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

describe('5. Responses', () => {
  describe('message body length of a response (RFC 9112 §6.3)', () => {
    it('reads a Content-Length body', () => {
      const why = hint(5, 'responses use the same Content-Length state as requests');
      const [m] = responses(ok('hello'));
      expect(m, why).toMatchObject({ body: 'hello', complete: true });
      expect(m?.head.headers, why).toEqual([['Content-Length', '5']]);
    });

    it('reads a chunked body with trailers', () => {
      const [m] = responses(
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-T: t\r\n\r\n',
      );
      expect(m, hint(5, 'responses use the same chunked states as requests')).toMatchObject({
        body: 'hi',
        trailers: [['X-T', 't']],
        complete: true,
      });
    });

    it('reads a body without framing until the connection closes (item 8)', () => {
      const why = hint(5, 'no framing in a response: read until close, and end() emits end');
      const parser = new ResponseParser();
      const events = parser.push(bytes('HTTP/1.1 200 OK\r\n\r\nall of '));
      events.push(...parser.push(bytes('this')));
      expect(events.at(-1)?.type, why).toBe('data');
      events.push(...parser.end());
      expect(fold(events), why).toMatchObject([{ body: 'all of this', complete: true }]);
    });

    it('takes no body from a response to HEAD, whatever Content-Length says (item 1)', () => {
      const all = responses(`HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n${ok('x')}`, [
        'HEAD',
        'GET',
      ]);
      expect(
        all.map((m) => [m.head.status, m.body]),
        hint(5, 'decide "no body" first: HEAD, 1xx, 204, 304'),
      ).toEqual([
        [200, ''],
        [200, 'x'],
      ]);
    });

    it('takes no body from a response to HEAD with Transfer-Encoding: chunked', () => {
      const all = responses(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${ok('y')}`, [
        'HEAD',
      ]);
      expect(
        all.map((m) => m.body),
        hint(5, 'a response to HEAD has no body, chunked or not'),
      ).toEqual(['', 'y']);
    });

    it.each([204, 304])('takes no body from a %i response, even with Content-Length', (status) => {
      const all = responses(`HTTP/1.1 ${status} X\r\nContent-Length: 10\r\n\r\n${ok('z')}`);
      expect(
        all.map((m) => [m.head.status, m.body, m.complete]),
        hint(5, '1xx, 204 and 304 have no body, whatever the fields say'),
      ).toEqual([
        [status, '', true],
        [200, 'z', true],
      ]);
    });

    it('reads a 1xx interim response as its own message, then the final one (RFC 9110 §15.2)', () => {
      const all = responses(
        `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n${ok('ok')}`,
      );
      expect(
        all.map((m) => [m.head.status, m.body]),
        hint(5, 'a 1xx is a message of its own; the final response follows'),
      ).toEqual([
        [100, ''],
        [103, ''],
        [200, 'ok'],
      ]);
    });

    it('keeps the method queued across 1xx responses: HEAD still applies to the final one', () => {
      const all = responses(
        `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n${ok('n')}`,
        ['HEAD', 'GET'],
      );
      expect(
        all.map((m) => m.body),
        hint(5, 'shift the method queue only on a final (non-1xx) response'),
      ).toEqual(['', '', 'n']);
    });

    it('answers pipelined requests in order: HEAD, GET, HEAD', () => {
      const head = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n';
      const all = responses(`${head}${ok('abc')}${head}`, ['HEAD', 'GET', 'HEAD']);
      expect(
        all.map((m) => m.body),
        hint(5, 'expectResponseTo pushes a method; each final response shifts one'),
      ).toEqual(['', 'abc', '']);
    });

    it('lets Transfer-Encoding override Content-Length in a response (item 3)', () => {
      const why = hint(5, 'in a response, Transfer-Encoding wins over Content-Length');
      const [m] = responses(
        'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n',
      );
      expect(m?.body, why).toBe('x');
      expect(m?.complete, why).toBe(true);
    });

    it('reads until close when Transfer-Encoding does not end in chunked (item 4)', () => {
      const [m] = responses('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\x1f\x8b raw bytes');
      expect(
        m?.body,
        hint(5, 'a response whose codings do not end in chunked is read until close'),
      ).toBe('\x1f\x8b raw bytes');
    });

    it('reads until close an HTTP/1.0 response with Transfer-Encoding: its framing is faulty (§6.1)', () => {
      const [m] = responses(
        'HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
      );
      expect(
        m?.body,
        hint(5, 'Transfer-Encoding in HTTP/1.0 is faulty framing: read until close'),
      ).toBe('3\r\nabc\r\n0\r\n\r\n');
    });

    it('reads an error response body like any other', () => {
      const why = hint(5, 'the status does not change framing, except 1xx, 204 and 304');
      const [m] = responses('HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found');
      expect(m?.head, why).toMatchObject({ status: 404, reason: 'Not Found' });
      expect(m?.body, why).toBe('not found');
    });

    it('does not require Host in a response', () => {
      expect(responses(ok(''))[0]?.complete, hint(5, 'Host is for requests only')).toBe(true);
    });

    it('limits a close-delimited body with maxBodyBytes', () => {
      expect(
        responseError(`HTTP/1.1 200 OK\r\n\r\n${'b'.repeat(20)}`, [], {
          limits: { maxBodyBytes: 10 },
        }),
        hint(5, 'count close-delimited bytes against maxBodyBytes too'),
      ).toBe('ERR_HTTP_BODY_TOO_LARGE');
    });

    it('throws ERR_HTTP_INCOMPLETE_MESSAGE at end() inside a Content-Length body', () => {
      expect(
        responseError('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'),
        hint(5, 'end() with remaining > 0 is incomplete'),
      ).toBe('ERR_HTTP_INCOMPLETE_MESSAGE');
    });

    it('throws ERR_HTTP_INCOMPLETE_MESSAGE at end() inside a chunked body', () => {
      expect(
        responseError('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab'),
        hint(5, 'end() before the last-chunk is incomplete'),
      ).toBe('ERR_HTTP_INCOMPLETE_MESSAGE');
    });

    it('throws ERR_HTTP_INCOMPLETE_MESSAGE at end() inside a head', () => {
      expect(
        responseError('HTTP/1.1 200 OK\r\nContent-'),
        hint(5, 'end() before the empty line is incomplete'),
      ).toBe('ERR_HTTP_INCOMPLETE_MESSAGE');
    });

    it('rejects differing Content-Length values in a response too', () => {
      expect(
        responseError('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'),
        hint(5, 'the Content-Length list rules apply to responses'),
      ).toBe('ERR_HTTP_DUPLICATE_CONTENT_LENGTH');
    });

    it('rejects an invalid field line in a response', () => {
      expect(
        responseError('HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n'),
        hint(5, 'responses use the same field-line checks as requests'),
      ).toBeOneOf(['ERR_HTTP_WHITESPACE_BEFORE_COLON', 'ERR_HTTP_INVALID_HEADER_NAME']);
    });
  });

  describe('leaving HTTP: 101 and CONNECT (RFC 9110 §9.3.6, §15.2.2)', () => {
    it('stops parsing after 101 Switching Protocols and keeps the rest for the new protocol', () => {
      const why = hint(5, 'after 101, stop: keep the rest of the bytes for takeRemainder()');
      const parser = new ResponseParser();
      const events = parser.push(
        bytes('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello'),
      );
      expect(
        events.map((e) => e.type),
        why,
      ).toEqual(['head', 'end']);
      expect(parser.upgraded, why).toBe(true);
      expect(parser.push(bytes('HTTP/1.1 200 OK\r\n\r\n')), why).toEqual([]);
      expect(text(parser.takeRemainder()), why).toBe('\x81\x05helloHTTP/1.1 200 OK\r\n\r\n');
      expect(parser.takeRemainder(), why).toHaveLength(0);
    });

    it('turns a 2xx answer to CONNECT into a tunnel', () => {
      const why = hint(5, 'a 2xx to CONNECT opens a tunnel: stop parsing, keep the rest');
      const parser = new ResponseParser();
      parser.expectResponseTo('CONNECT');
      const events = parser.push(bytes('HTTP/1.1 200 Connection Established\r\n\r\n\x16\x03\x01'));
      expect(
        events.map((e) => e.type),
        why,
      ).toEqual(['head', 'end']);
      expect(parser.upgraded, why).toBe(true);
      expect(text(parser.takeRemainder()), why).toBe('\x16\x03\x01');
      expect(parser.end(), why).toEqual([]);
    });

    it('reads a non-2xx answer to CONNECT as an ordinary response', () => {
      const why = hint(5, 'only a 2xx to CONNECT is a tunnel');
      const parser = new ResponseParser();
      parser.expectResponseTo('CONNECT');
      const events = parser.push(
        bytes('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 4\r\n\r\ndeny'),
      );
      expect(fold(events), why).toMatchObject([{ body: 'deny', complete: true }]);
      expect(parser.upgraded, why).toBe(false);
    });

    it('is not upgraded after an ordinary response', () => {
      const parser = new ResponseParser();
      parser.push(bytes(ok('x')));
      expect(
        parser.upgraded,
        hint(5, 'takeRemainder() has nothing after an ordinary response'),
      ).toBe(false);
    });
  });

  describe('edge cases of response framing', () => {
    it('reads a 300 answer to CONNECT as an ordinary response: only 2xx opens a tunnel', () => {
      const why = hint(5, '200–299 only opens a tunnel');
      const parser = new ResponseParser();
      parser.expectResponseTo('CONNECT');
      const events = parser.push(
        bytes('HTTP/1.1 300 Multiple Choices\r\nContent-Length: 2\r\n\r\nab'),
      );
      expect(fold(events), why).toMatchObject([{ body: 'ab', complete: true }]);
      expect(parser.upgraded, why).toBe(false);
    });

    it('opens a tunnel for 299 to CONNECT', () => {
      const parser = new ResponseParser();
      parser.expectResponseTo('CONNECT');
      parser.push(bytes('HTTP/1.1 299 Fine\r\n\r\n'));
      expect(parser.upgraded, hint(5, 'every 2xx, 299 included, opens a tunnel')).toBe(true);
    });

    it('takes a 199 as interim and a 200 as final', () => {
      const all = responses(
        'HTTP/1.1 199 Odd\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n',
        ['HEAD'],
      );
      expect(
        all.map((m) => [m.head.status, m.body]),
        hint(5, '1xx is 100–199'),
      ).toEqual([
        [199, ''],
        [200, ''],
      ]);
    });
  });
});
