import { expectCode, expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  HttpParseError,
  isKeepAlive,
  type ParseEvent,
  type RequestHead,
  RequestParser,
} from '../src/index.ts';
import { bytes, fold, get, request, requestError, requests, text } from './helpers/messages.ts';

const post = (body: string, fields = `Content-Length: ${body.length}\r\n`): string =>
  `POST /submit HTTP/1.1\r\nHost: example.com\r\n${fields}\r\n${body}`;

describe('3. Content-Length bodies and pipelining', () => {
  describe('Content-Length = 1*DIGIT (RFC 9110 §8.6, RFC 9112 §6.3 item 5)', () => {
    it('reads exactly Content-Length bytes of body', () => {
      const why = hint(3, 'a body state needs one counter: remaining');
      const m = request(post('hello world'));
      expect(m.body, why).toBe('hello world');
      expect(m.complete, why).toBe(true);
    });

    it('ends a message with Content-Length: 0 at the empty line', () => {
      const events = new RequestParser().push(bytes(post('', 'Content-Length: 0\r\n')));
      expect(
        events.map((e) => e.type),
        hint(3, 'Content-Length: 0 ends the message right at the empty line'),
      ).toEqual(['head', 'end']);
    });

    it('gives a request with neither Content-Length nor Transfer-Encoding no body (§6.3 item 7)', () => {
      const events = new RequestParser().push(bytes(get('/')));
      expect(
        events.map((e) => e.type),
        hint(3, 'a request without framing fields has no body'),
      ).toEqual(['head', 'end']);
    });

    it('delivers body bytes unchanged, all 256 byte values', () => {
      const body = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
      expect(
        request(post(body)).body,
        hint(3, 'hand out subarrays of the input; never decode body bytes'),
      ).toBe(body);
    });

    it('emits an end event with empty trailers for a Content-Length body', () => {
      const why = hint(
        3,
        'every message ends with an end event; trailers are an empty Headers here',
      );
      const events = new RequestParser().push(bytes(post('abc')));
      const end = events.at(-1);
      expect(end?.type, why).toBe('end');
      if (end?.type === 'end') expect(end.trailers.size, why).toBe(0);
    });

    it('accepts OWS around the value', () => {
      expect(
        request(post('abc', 'Content-Length:  3 \r\n')).body,
        hint(3, 'the value is trimmed of OWS before you read the digits'),
      ).toBe('abc');
    });

    it('accepts leading zeros', () => {
      expect(request(post('abc', 'Content-Length: 003\r\n')).body, hint(3, '"003" is 3')).toBe(
        'abc',
      );
    });

    it('accepts a list of identical values, "3, 3" (§6.3 item 5)', () => {
      expect(
        request(post('abc', 'Content-Length: 3, 3\r\n')).body,
        hint(3, 'split on commas: every element digits, all equal'),
      ).toBe('abc');
    });

    it('accepts two identical Content-Length lines', () => {
      expect(
        request(post('abc', 'Content-Length: 3\r\nContent-Length: 3\r\n')).body,
        hint(3, 'several lines are one list: equal values are fine'),
      ).toBe('abc');
    });

    it.each(['-1', '+3', '3a', '0x3', '3.0', '', '3 3', '1e3', '99999999999999999999'])(
      'rejects Content-Length: %j with ERR_HTTP_INVALID_CONTENT_LENGTH',
      (value) => {
        expect(
          requestError(post('abc', `Content-Length: ${value}\r\n`)),
          hint(3, '1*DIGIT only, and no larger than Number.MAX_SAFE_INTEGER'),
        ).toBe('ERR_HTTP_INVALID_CONTENT_LENGTH');
      },
    );

    it('matches the name Content-Length case-insensitively', () => {
      expect(
        request(post('abc', 'content-LENGTH: 3\r\n')).body,
        hint(3, 'compare field names lower-cased'),
      ).toBe('abc');
    });

    it('rejects a body larger than maxBodyBytes with 413 as soon as the head is read', () => {
      const parser = new RequestParser({ limits: { maxBodyBytes: 10 } });
      expect(
        expectCode(
          () => parser.push(bytes(post('', 'Content-Length: 11\r\n'))),
          HttpParseError,
          'ERR_HTTP_BODY_TOO_LARGE',
        ).status,
        hint(
          3,
          'compare Content-Length with maxBodyBytes when the head ends, before any body byte',
        ),
      ).toBe(413);
    });

    it('accepts a body of exactly maxBodyBytes', () => {
      expect(
        request(post('0123456789'), { limits: { maxBodyBytes: 10 } }).body,
        hint(3, 'the limit is inclusive'),
      ).toBe('0123456789');
    });
  });

  describe('pipelining (RFC 9112 §9.3.2)', () => {
    it('parses three pipelined requests from one push', () => {
      const all = requests(get('/a') + post('xyz') + get('/c'));
      expect(
        all.map((m) => [m.head.method, m.head.target, m.body]),
        hint(3, 'when remaining reaches 0, go back to expecting a start line in the same push'),
      ).toEqual([
        ['GET', '/a', ''],
        ['POST', '/submit', 'xyz'],
        ['GET', '/c', ''],
      ]);
    });

    it('does not take the next request as the body of a GET without framing', () => {
      const why = hint(3, 'no framing fields, no body: the next bytes are the next request');
      const all = requests(get('/a') + get('/b'));
      expect(all, why).toHaveLength(2);
      expect(all[0]?.body, why).toBe('');
    });

    it('starts the next message right after Content-Length bytes, even inside one push', () => {
      const all = requests(`${post('ab', 'Content-Length: 2\r\n')}${get('/next')}`);
      expect(
        all[1]?.head.target,
        hint(3, 'take exactly remaining bytes of the push and go on with the rest'),
      ).toBe('/next');
    });

    it('gives every message of a pipeline its own Headers', () => {
      const why = hint(3, 'make a new Headers for each message');
      const events = new RequestParser().push(bytes(get('/a', 'X: 1\r\n') + get('/b', 'Y: 2\r\n')));
      const heads = events
        .filter((e) => e.type === 'head')
        .map((e) => (e as { head: RequestHead }).head);
      expect(heads[0]?.headers.has('y'), why).toBe(false);
      expect(heads[1]?.headers.has('x'), why).toBe(false);
    });

    it('hands the messages completed before a parse error to the error, so a server can answer them first', () => {
      const why = hint(
        3,
        'put the events produced before the error on the error, so a server can answer them',
      );
      let error: unknown;
      try {
        new RequestParser().push(
          bytes(
            `${get('/ok')}${post('ab', 'Content-Length: 2\r\n')}GET /bad HTTP/1.1\r\nHost : a\r\n\r\n`,
          ),
        );
      } catch (e) {
        error = e;
      }
      expect(error, why).toBeInstanceOf(HttpParseError);
      const events = (error as HttpParseError).events;
      expect(
        fold(events as ParseEvent<RequestHead>[]).map((m) => [m.head.target, m.body]),
        why,
      ).toEqual([
        ['/ok', ''],
        ['/submit', 'ab'],
      ]);
    });

    it('resets the body limit for each message', () => {
      const input = post('12345678') + post('12345678');
      expect(
        requests(input, { limits: { maxBodyBytes: 10 } }),
        hint(3, 'the body count starts again at 0 for each message'),
      ).toHaveLength(2);
    });

    it('resets the header limits for each message', () => {
      const input = get('/', 'X: 1\r\nY: 2\r\n').repeat(3);
      expect(
        requests(input, { limits: { maxHeaderCount: 3 } }),
        hint(3, 'reset the header count and size for each message'),
      ).toHaveLength(3);
    });
  });

  describe('streaming and end of stream', () => {
    it('hands out body bytes as they arrive, before the message is complete', () => {
      const why = hint(3, 'emit a data event for the body bytes of every push');
      const parser = new RequestParser();
      const first = parser.push(bytes(post('hello world').slice(0, -6)));
      expect(
        first.map((e) => e.type),
        why,
      ).toEqual(['head', 'data']);
      const data = first[1];
      if (data?.type === 'data') expect(text(data.data), why).toBe('hello');
      const rest = parser.push(bytes(' world'));
      expect(fold([...first, ...rest])[0]?.body, why).toBe('hello world');
      expect(rest.at(-1)?.type, why).toBe('end');
    });

    it('returns no events from end() between messages', () => {
      const parser = new RequestParser();
      parser.push(bytes(get('/')));
      expect(parser.end(), hint(3, 'end() between messages is a clean close: []')).toEqual([]);
    });

    it('returns no events from end() on a connection that sent nothing', () => {
      expect(new RequestParser().end(), hint(3, 'end() on a fresh parser returns []')).toEqual([]);
    });

    it('throws ERR_HTTP_INCOMPLETE_MESSAGE from end() inside a body', () => {
      expect(
        requestError(post('abc', 'Content-Length: 10\r\n')),
        hint(3, 'end() while remaining > 0 is ERR_HTTP_INCOMPLETE_MESSAGE'),
      ).toBe('ERR_HTTP_INCOMPLETE_MESSAGE');
    });

    it('throws ERR_HTTP_INCOMPLETE_MESSAGE from end() inside a head', () => {
      expect(
        requestError('GET / HTTP/1.1\r\nHost: a\r\n'),
        hint(3, 'end() before the empty line is ERR_HTTP_INCOMPLETE_MESSAGE'),
      ).toBe('ERR_HTTP_INCOMPLETE_MESSAGE');
    });

    it('throws ERR_HTTP_INCOMPLETE_MESSAGE from end() inside a request line', () => {
      expect(
        requestError('GET / HT'),
        hint(3, 'a pending partial start line at end() is incomplete'),
      ).toBe('ERR_HTTP_INCOMPLETE_MESSAGE');
    });

    it('rethrows the same error from every call after a parse error', () => {
      const why = hint(3, 'keep the error and throw it again from every later push and end');
      const parser = new RequestParser();
      let first: unknown;
      try {
        parser.push(bytes('BAD@ / HTTP/1.1\r\n'));
      } catch (e) {
        first = e;
      }
      const { code } = expectErrorCode(first, HttpParseError, 'ERR_HTTP_INVALID_METHOD');
      expectCode(() => parser.push(bytes(get('/'))), HttpParseError, code, why);
      expectCode(() => parser.end(), HttpParseError, code, why);
    });
  });

  describe('persistence: isKeepAlive (RFC 9112 §9.3)', () => {
    const head = (version: string, fields = ''): RequestHead => {
      const [e] = new RequestParser().push(bytes(`GET / ${version}\r\nHost: a\r\n${fields}\r\n`));
      if (e?.type !== 'head') throw new Error('no head');
      return e.head;
    };

    it('keeps an HTTP/1.1 connection open by default', () => {
      expect(
        isKeepAlive(head('HTTP/1.1')),
        hint(3, 'HTTP/1.1 is persistent unless Connection has close'),
      ).toBe(true);
    });

    it('closes an HTTP/1.1 connection after Connection: close', () => {
      expect(
        isKeepAlive(head('HTTP/1.1', 'Connection: close\r\n')),
        hint(3, 'Connection: close ends persistence'),
      ).toBe(false);
    });

    it('finds close in a list of options, in any case', () => {
      expect(
        isKeepAlive(head('HTTP/1.1', 'Connection: Upgrade, CLOSE\r\n')),
        hint(3, 'split Connection on commas, trim, lower-case, look for close'),
      ).toBe(false);
    });

    it('closes an HTTP/1.0 connection by default', () => {
      expect(
        isKeepAlive(head('HTTP/1.0')),
        hint(3, 'HTTP/1.0 closes unless Connection has keep-alive'),
      ).toBe(false);
    });

    it('keeps an HTTP/1.0 connection open with Connection: keep-alive', () => {
      expect(
        isKeepAlive(head('HTTP/1.0', 'Connection: Keep-Alive\r\n')),
        hint(3, 'keep-alive keeps an HTTP/1.0 connection open'),
      ).toBe(true);
    });

    it('lets close win over keep-alive', () => {
      expect(
        isKeepAlive(head('HTTP/1.0', 'Connection: keep-alive\r\nConnection: close\r\n')),
        hint(3, 'close wins whenever it is present'),
      ).toBe(false);
    });
  });

  describe('Content-Length lists with OWS', () => {
    it('accepts OWS on both sides of the comma, SP or HTAB', () => {
      expect(
        request(post('abc', 'Content-Length: 3 ,\t3\r\n')).body,
        hint(3, 'trim SP and HTAB around each list element'),
      ).toBe('abc');
    });

    it('rejects a trailing comma', () => {
      expect(
        requestError(post('abc', 'Content-Length: 3,\r\n')),
        hint(3, 'an empty element in a Content-Length list is invalid'),
      ).toBe('ERR_HTTP_INVALID_CONTENT_LENGTH');
    });
  });
});
