import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type ParseEvent, type RequestHead, RequestParser, ResponseParser } from '../src/index.ts';
import { bytes, codeOf, eventsInPieces, fold, requests, responses } from './helpers/messages.ts';

const pipeline =
  'POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello' +
  'POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: v\r\n\r\n' +
  'GET /c?q=1 HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n';

const byteByByte = (input: string): number[] => Array.from({ length: input.length }, () => 1);

describe('6. Incremental parsing', () => {
  it('gives the same messages for a pipeline pushed one byte at a time', () => {
    const events = eventsInPieces(new RequestParser(), bytes(pipeline), byteByByte(pipeline));
    expect(
      fold(events),
      hint(6, 'keep a copy of the pending line; the next push continues it'),
    ).toEqual(requests(pipeline));
  });

  it.each([2, 3, 7, 16, 50])(
    'gives the same messages for a pipeline pushed in %i-byte pieces',
    (size) => {
      const cuts = Array.from({ length: Math.ceil(pipeline.length / size) }, () => size);
      expect(
        fold(eventsInPieces(new RequestParser(), bytes(pipeline), cuts)),
        hint(6, 'every state must stop at the end of a push and go on with the next'),
      ).toEqual(requests(pipeline));
    },
  );

  it('gives the same responses pushed one byte at a time, close-delimited last', () => {
    const input =
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n0\r\n\r\n' +
      'HTTP/1.1 200 OK\r\n\r\nuntil close';
    const events = eventsInPieces(new ResponseParser(), bytes(input), byteByByte(input));
    expect(
      fold(events),
      hint(6, 'the response parser keeps its pending line like the request parser'),
    ).toEqual(responses(input));
  });

  it('joins a CRLF split between two pushes', () => {
    const why = hint(6, 'a CR at the end of a push is fine: the LF may come next');
    const parser = new RequestParser();
    const a = parser.push(bytes('GET / HTTP/1.1\r\nHost: h\r'));
    const b = parser.push(bytes('\n\r'));
    const c = parser.push(bytes('\n'));
    expect([a.length, b.length], why).toEqual([0, 0]);
    expect(
      c.map((e) => e.type),
      why,
    ).toEqual(['head', 'end']);
  });

  it('joins a field name split between two pushes', () => {
    const parser = new RequestParser();
    parser.push(bytes('GET / HTTP/1.1\r\nHost: h\r\nConte'));
    parser.push(bytes('nt-Length: 2\r\n\r\n'));
    const events = parser.push(bytes('ok'));
    expect(
      events.map((e) => e.type),
      hint(6, 'join the pending bytes with the next push before scanning'),
    ).toEqual(['data', 'end']);
  });

  it('emits the head as soon as the empty line arrives, before any body byte', () => {
    const parser = new RequestParser();
    const events = parser.push(bytes('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n'));
    expect(
      events.map((e) => e.type),
      hint(6, 'emit head at the empty line, not when the body is complete'),
    ).toEqual(['head']);
  });

  it('emits one data event per push of body bytes, without waiting for the whole body', () => {
    const why = hint(6, 'hand out the body bytes of each push at once');
    const parser = new RequestParser();
    parser.push(bytes('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n'));
    expect(
      parser.push(bytes('ab')).map((e) => e.type),
      why,
    ).toEqual(['data']);
    expect(
      parser.push(bytes('cd')).map((e) => e.type),
      why,
    ).toEqual(['data']);
    expect(
      parser.push(bytes('ef')).map((e) => e.type),
      why,
    ).toEqual(['data', 'end']);
  });

  it('streams a chunk split across pushes as it arrives', () => {
    const parser = new RequestParser();
    parser.push(
      bytes('POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\na\r\n01234'),
    );
    const events = parser.push(bytes('56789\r\n0\r\n\r\n'));
    expect(
      events.map((e) => e.type),
      hint(6, 'chunk data is counted down across pushes like a Content-Length body'),
    ).toEqual(['data', 'end']);
  });

  it('returns no events for an empty push', () => {
    const why = hint(6, 'an empty push changes nothing');
    const parser = new RequestParser();
    expect(parser.push(new Uint8Array(0)), why).toEqual([]);
    parser.push(bytes('GET / HTTP/1.1\r\n'));
    expect(parser.push(new Uint8Array(0)), why).toEqual([]);
  });

  it('copies an unfinished line: the caller may reuse its buffer after push returns', () => {
    const why = hint(6, "copy the pending line (slice), never keep a view of the caller's buffer");
    const parser = new RequestParser();
    const buffer = bytes('GET /first HTTP/1.1\r\nHo');
    parser.push(buffer);
    buffer.fill(0x21);
    const events = parser.push(bytes('st: h\r\n\r\n'));
    const head = events[0] as ParseEvent<RequestHead> & { type: 'head' };
    expect(head.head.target, why).toBe('/first');
    expect(head.head.headers.get('host'), why).toBe('h');
  });

  it('keeps the body bytes of one push in order when a message ends mid-push', () => {
    const parser = new RequestParser();
    parser.push(bytes('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab'));
    const events = parser.push(bytes(`cdGET /n HTTP/1.1\r\nHost: h\r\n\r\n`));
    expect(
      events.map((e) => e.type),
      hint(6, 'process the rest of the push after a message ends'),
    ).toEqual(['data', 'end', 'head', 'end']);
  });

  describe('limits hold while a line is still unfinished', () => {
    it('rejects an endless request line before its LF arrives', () => {
      const parser = new RequestParser({ limits: { maxStartLineBytes: 100 } });
      expect(
        codeOf(() => parser.push(bytes(`GET /${'a'.repeat(200)}`))),
        hint(6, 'check the pending line against maxStartLineBytes on every push'),
      ).toBe('ERR_HTTP_START_LINE_TOO_LONG');
    });

    it('rejects an endless field line before its LF arrives', () => {
      const parser = new RequestParser({ limits: { maxHeaderBytes: 100 } });
      parser.push(bytes('GET / HTTP/1.1\r\nHost: h\r\n'));
      expect(
        codeOf(() => parser.push(bytes(`X: ${'a'.repeat(200)}`))),
        hint(6, 'check the pending field line against maxHeaderBytes on every push'),
      ).toBe('ERR_HTTP_HEADER_TOO_LARGE');
    });

    it('rejects a header section that grows line by line past the limit', () => {
      const parser = new RequestParser({ limits: { maxHeaderBytes: 100 } });
      parser.push(bytes('GET / HTTP/1.1\r\nHost: h\r\n'));
      const code = codeOf(() => {
        for (let i = 0; i < 20; i++) parser.push(bytes(`X-${i}: v\r\n`));
      });
      expect(code, hint(6, 'the header size counts every line, whatever the pushes')).toBe(
        'ERR_HTTP_HEADER_TOO_LARGE',
      );
    });

    it('rejects endless chunk extensions before their LF arrives (CVE-2024-22019)', () => {
      const parser = new RequestParser({ limits: { maxChunkExtensionBytes: 50 } });
      parser.push(bytes('POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'));
      expect(
        codeOf(() => parser.push(bytes(`1;${'x'.repeat(100)}`))),
        hint(6, 'check a pending chunk-size line against the extension limit on every push'),
      ).toBe('ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE');
    });

    it('rejects an endless chunk-size line of zeros', () => {
      const parser = new RequestParser();
      parser.push(bytes('POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'));
      expect(
        codeOf(() => parser.push(bytes('0'.repeat(100_000)))),
        hint(6, 'bound the pending size line even when it is only zeros'),
      ).toBe('ERR_HTTP_INVALID_CHUNK_SIZE');
    });

    it('rejects a close-delimited body past maxBodyBytes while it streams', () => {
      const parser = new ResponseParser({ limits: { maxBodyBytes: 10 } });
      parser.push(bytes('HTTP/1.1 200 OK\r\n\r\n12345'));
      expect(
        codeOf(() => parser.push(bytes('678901'))),
        hint(6, 'count a close-delimited body as it streams'),
      ).toBe('ERR_HTTP_BODY_TOO_LARGE');
    });
  });

  describe('exact limits while a line is unfinished', () => {
    it('accepts a request line of exactly maxStartLineBytes pushed with its CR, then its LF', () => {
      const why = hint(6, 'a trailing CR is not part of the line when you check the limit');
      const parser = new RequestParser({ limits: { maxStartLineBytes: 50 } });
      const line = `GET /${'a'.repeat(36)} HTTP/1.1`; // 50 bytes
      expect(parser.push(bytes(`${line}\r`)), why).toEqual([]);
      expect(
        parser.push(bytes('\nHost: a\r\n\r\n')).map((e) => e.type),
        why,
      ).toEqual(['head', 'end']);
    });

    it('accepts a field line that fills maxHeaderBytes, pushed with its CR, then its LF', () => {
      const why = hint(6, 'do not count a pending CR twice against the limit');
      // "Host: aaaa…\r\n" of 30 bytes + the final CRLF = 32.
      const parser = new RequestParser({ limits: { maxHeaderBytes: 32 } });
      parser.push(bytes('GET / HTTP/1.1\r\n'));
      expect(parser.push(bytes(`Host: ${'a'.repeat(22)}\r`)), why).toEqual([]);
      expect(
        parser.push(bytes('\n\r\n')).map((e) => e.type),
        why,
      ).toEqual(['head', 'end']);
    });

    it('accepts chunk extensions of exactly the limit pushed with the CR, then the LF', () => {
      const why = hint(6, 'a pending CR is not part of the extension');
      const parser = new RequestParser({ limits: { maxChunkExtensionBytes: 10 } });
      parser.push(bytes('POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'));
      expect(parser.push(bytes('1;123456789\r')), why).toEqual([]);
      expect(
        parser.push(bytes('\nx\r\n0\r\n\r\n')).map((e) => e.type),
        why,
      ).toEqual(['data', 'end']);
    });

    it('accepts a chunk-size line of 64 characters pushed with its CR, then its LF', () => {
      const why = hint(6, 'a pending CR is not part of the size');
      const parser = new RequestParser();
      parser.push(bytes('POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'));
      expect(parser.push(bytes(`${'0'.repeat(63)}1\r`)), why).toEqual([]);
      expect(
        parser.push(bytes('\nx\r\n0\r\n\r\n')).map((e) => e.type),
        why,
      ).toEqual(['data', 'end']);
    });

    it('treats blank lines before a request as nothing at end()', () => {
      const parser = new RequestParser();
      parser.push(bytes('\r\n\r'));
      expect(
        parser.end(),
        hint(6, 'blank lines before a start line are not a message: end() returns []'),
      ).toEqual([]);
    });
  });

  describe('a CR at the end of an unfinished line is not a bare CR', () => {
    it('reports a too-long request line, not a line-ending error, when the push ends in CR', () => {
      const parser = new RequestParser({ limits: { maxStartLineBytes: 50 } });
      expect(
        codeOf(() => parser.push(bytes(`GET /${'a'.repeat(100)}\r`))),
        hint(6, 'check the length before you judge a pending CR'),
      ).toBe('ERR_HTTP_START_LINE_TOO_LONG');
    });

    it('reports a too-large header section when the push ends in CR', () => {
      const parser = new RequestParser({ limits: { maxHeaderBytes: 50 } });
      parser.push(bytes('GET / HTTP/1.1\r\n'));
      expect(
        codeOf(() => parser.push(bytes(`X: ${'a'.repeat(100)}\r`))),
        hint(6, 'check the header size before you judge a pending CR'),
      ).toBe('ERR_HTTP_HEADER_TOO_LARGE');
    });

    it('reports a too-long chunk-size or chunk extension when the push ends in CR', () => {
      const why = hint(6, "check the size line's limits before you judge a pending CR");
      const head = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
      const a = new RequestParser();
      a.push(bytes(head));
      expect(
        codeOf(() => a.push(bytes(`${'0'.repeat(100)}\r`))),
        why,
      ).toBe('ERR_HTTP_INVALID_CHUNK_SIZE');
      const b = new RequestParser({ limits: { maxChunkExtensionBytes: 10 } });
      b.push(bytes(head));
      expect(
        codeOf(() => b.push(bytes(`1;${'x'.repeat(50)}\r`))),
        why,
      ).toBe('ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE');
    });

    it('applies maxStartLineBytes to the second request of a pipeline as to the first', () => {
      const line = `GET /${'a'.repeat(36)} HTTP/1.1`; // 50 bytes
      const input = `${line}\r\nHost: a\r\n\r\n`.repeat(2);
      expect(
        requests(input, { limits: { maxStartLineBytes: 50 } }),
        hint(6, 'reset the line counters for every message'),
      ).toHaveLength(2);
    });

    it('accepts exactly maxHeaderCount LF-terminated field lines in lenient mode', () => {
      const why = hint(6, 'lenient line endings count lines the same way');
      const input = 'GET / HTTP/1.1\nHost: a\nA: 1\nB: 2\n\n';
      expect(
        requests(input, { lenientLineEndings: true, limits: { maxHeaderCount: 3 } }),
        why,
      ).toHaveLength(1);
      expect(
        codeOf(() => requests(input, { lenientLineEndings: true, limits: { maxHeaderCount: 2 } })),
        why,
      ).toBe('ERR_HTTP_TOO_MANY_HEADERS');
    });
  });

  describe('the largest lengths that are still exact integers', () => {
    const huge = { limits: { maxBodyBytes: Number.MAX_SAFE_INTEGER } };

    it('accepts Content-Length: 2^53 - 1', () => {
      const events = new RequestParser(huge).push(
        bytes('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9007199254740991\r\n\r\nab'),
      );
      expect(
        events.map((e) => e.type),
        hint(6, 'Number.MAX_SAFE_INTEGER is still a valid length'),
      ).toEqual(['head', 'data']);
    });

    it('accepts a chunk-size of 2^53 - 1', () => {
      const parser = new RequestParser(huge);
      parser.push(bytes('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n'));
      expect(
        parser.push(bytes('1fffffffffffff\r\nab')).map((e) => e.type),
        hint(6, 'Number.MAX_SAFE_INTEGER is still a valid size'),
      ).toEqual(['data']);
    });
  });
});
