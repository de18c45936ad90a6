/**
 * RequestParser: the server side of a connection (RFC 9112 §3, §6.3 for requests).
 */
import { HttpParseError } from './errors.ts';
import { codings } from './header-section.ts';
import type { Headers } from './headers.ts';
import type { ParserOptions } from './limits.ts';
import { Body, MessageParser } from './message-parser.ts';
import { type HttpVersion, parseRequestLine, type RequestLine } from './start-line.ts';

export interface RequestHead {
  method: string;
  target: string;
  version: HttpVersion;
  headers: Headers;
}

export class RequestParser extends MessageParser<RequestHead> {
  private requestLine: RequestLine | undefined;

  constructor(options?: ParserOptions) {
    super(options);
  }

  protected startLine(b: Uint8Array, start: number, end: number): void {
    this.requestLine = parseRequestLine(b, start, end, this.limits);
  }

  /**
   * RFC 9112 §6.3, the request cases:
   *   - Transfer-Encoding and Content-Length together: reject (item 3 allows it; it is the classic
   *     smuggling pair, since a front end and a back end may each believe a different one);
   *   - Transfer-Encoding whose final coding is not chunked: 400 (item 4);
   *   - Content-Length: that many bytes (item 5);
   *   - neither: no body (item 7).
   * §3.2: an HTTP/1.1 request needs exactly one Host.
   */
  protected finishHead(): { head: RequestHead; body: Body } {
    const line = this.requestLine!;
    const f = this.framing;
    if (f.hostCount > 1) throw new HttpParseError('ERR_HTTP_DUPLICATE_HOST');
    if (f.hostCount === 0 && line.version === 'HTTP/1.1')
      throw new HttpParseError('ERR_HTTP_MISSING_HOST');
    const head: RequestHead = {
      method: line.method,
      target: line.target,
      version: line.version,
      headers: this.headers,
    };
    if (f.transferEncoding !== undefined) {
      // §6.1: HTTP/1.0 has no Transfer-Encoding; a 1.0 message carrying one has faulty framing.
      if (line.version === 'HTTP/1.0')
        throw new HttpParseError('ERR_HTTP_INVALID_TRANSFER_ENCODING');
      if (f.contentLength !== -1)
        throw new HttpParseError('ERR_HTTP_CONTENT_LENGTH_WITH_TRANSFER_ENCODING');
      const list = codings(f.transferEncoding);
      if (list[list.length - 1] !== 'chunked')
        throw new HttpParseError('ERR_HTTP_CHUNKED_NOT_FINAL');
      if (list.length > 1) {
        // §6.1: chunked MUST NOT be applied more than once; other codings we cannot undo (501).
        throw new HttpParseError(
          list.indexOf('chunked') < list.length - 1
            ? 'ERR_HTTP_INVALID_TRANSFER_ENCODING'
            : 'ERR_HTTP_UNSUPPORTED_TRANSFER_CODING',
        );
      }
      return { head, body: Body.Chunked };
    }
    if (f.contentLength !== -1) return { head, body: Body.Length };
    return { head, body: Body.None };
  }
}
