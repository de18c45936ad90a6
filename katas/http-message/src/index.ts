/**
 * http-message — an incremental HTTP/1.1 message parser and serializer (RFC 9112, RFC 9110).
 *
 * This file is the stub: every exported name, type and doc comment is final; every function or
 * method that does work throws `NotImplementedError` naming the README stage to read. Split your
 * solution into as many modules as you like behind this file, but keep these exports.
 *
 * Byte-level vocabulary used below (RFC 9110 §5.6.2, RFC 5234 appendix B):
 *
 *   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
 *         / DIGIT / ALPHA
 *   token = 1*tchar
 *   OWS   = *( SP / HTAB )
 */
import { notImplemented } from '@hbu/kata-kit/not-implemented';

// ---------------------------------------------------------------------------------------------
// Errors (real: they are the interface)
// ---------------------------------------------------------------------------------------------

/** The HTTP versions this parser speaks. Anything else that looks like `HTTP/x.y` is a 505. */
export type HttpVersion = 'HTTP/1.0' | 'HTTP/1.1';

/**
 * Every way a message can be rejected, with the status a server should answer (RFC 9110 §15).
 * Specs assert on these codes, never on message text.
 */
export const HTTP_ERROR_STATUS = {
  /** method is not a token (RFC 9112 §3.1). */
  ERR_HTTP_INVALID_METHOD: 400,
  /** request-target is empty, has a control char or space, or does not match its form (§3.2). */
  ERR_HTTP_INVALID_TARGET: 400,
  /** HTTP-version is not `HTTP/` DIGIT `.` DIGIT (§2.3). */
  ERR_HTTP_INVALID_VERSION: 400,
  /** A well-formed version other than HTTP/1.0 and HTTP/1.1 (RFC 9110 §15.6.6). */
  ERR_HTTP_VERSION_NOT_SUPPORTED: 505,
  /** The request line or status line does not have the shape `a SP b SP c CRLF` (§3, §4). */
  ERR_HTTP_INVALID_START_LINE: 400,
  /** status-code is not 3 digits, or reason-phrase has a forbidden byte (§4). */
  ERR_HTTP_INVALID_STATUS: 400,
  /** The request line is longer than `limits.maxStartLineBytes`. */
  ERR_HTTP_START_LINE_TOO_LONG: 414,
  /** The request-target is longer than `limits.maxTargetBytes` (§3: 414 URI Too Long). */
  ERR_HTTP_URI_TOO_LONG: 414,
  /** field-name is empty or not a token (§5.1). */
  ERR_HTTP_INVALID_HEADER_NAME: 400,
  /** field-value has a byte that is not VCHAR / obs-text / SP / HTAB (RFC 9110 §5.5). */
  ERR_HTTP_INVALID_HEADER_VALUE: 400,
  /** Whitespace between field-name and colon (§5.1; CVE-2021-22959). */
  ERR_HTTP_WHITESPACE_BEFORE_COLON: 400,
  /** A field line starting with SP or HTAB: obsolete line folding (§5.2; CVE-2022-32215). */
  ERR_HTTP_OBS_FOLD: 400,
  /** A bare CR, or a bare LF without `lenientLineEndings` (§2.2; CVE-2022-32214, CVE-2023-30589). */
  ERR_HTTP_INVALID_LINE_ENDING: 400,
  /** The header section (or trailer section) is larger than `limits.maxHeaderBytes`. */
  ERR_HTTP_HEADER_TOO_LARGE: 431,
  /** More field lines than `limits.maxHeaderCount`. */
  ERR_HTTP_TOO_MANY_HEADERS: 431,
  /** Content-Length is not 1*DIGIT or does not fit a safe integer (§6.3 item 5). */
  ERR_HTTP_INVALID_CONTENT_LENGTH: 400,
  /** Several Content-Length values that differ (§6.3 item 5). */
  ERR_HTTP_DUPLICATE_CONTENT_LENGTH: 400,
  /** A request with both Transfer-Encoding and Content-Length (§6.3 item 3; smuggling). */
  ERR_HTTP_CONTENT_LENGTH_WITH_TRANSFER_ENCODING: 400,
  /** A request whose Transfer-Encoding does not end in `chunked`, or lists chunked twice (§6.3). */
  ERR_HTTP_CHUNKED_NOT_FINAL: 400,
  /** Transfer-Encoding in an HTTP/1.0 message, an empty list, a bad token, `chunked` twice (§6.1). */
  ERR_HTTP_INVALID_TRANSFER_ENCODING: 400,
  /** A transfer coding this parser does not implement (RFC 9112 §6.1: 501 Not Implemented). */
  ERR_HTTP_UNSUPPORTED_TRANSFER_CODING: 501,
  /** chunk-size is not 1*HEXDIG, or overflows (§7.1). */
  ERR_HTTP_INVALID_CHUNK_SIZE: 400,
  /** chunk-ext does not match its grammar (§7.1.1). */
  ERR_HTTP_INVALID_CHUNK_EXTENSION: 400,
  /** Chunk extensions of one chunk exceed `limits.maxChunkExtensionBytes` (CVE-2024-22019). */
  ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE: 413,
  /** chunk-data is not followed by CRLF (§7.1). */
  ERR_HTTP_INVALID_CHUNK_DATA: 400,
  /** The body is larger than `limits.maxBodyBytes` (RFC 9110 §15.5.14). */
  ERR_HTTP_BODY_TOO_LARGE: 413,
  /** An HTTP/1.1 request without Host (RFC 9112 §3.2). */
  ERR_HTTP_MISSING_HOST: 400,
  /** A request with more than one Host field line (RFC 9112 §3.2). */
  ERR_HTTP_DUPLICATE_HOST: 400,
  /** `end()` was called in the middle of a message. */
  ERR_HTTP_INCOMPLETE_MESSAGE: 400,
} as const satisfies Record<string, 400 | 413 | 414 | 431 | 501 | 505>;

/** A stable error code; see `HTTP_ERROR_STATUS` for what each means. */
export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUS;
/** The status a server answers a rejected message with. */
export type HttpErrorStatus = (typeof HTTP_ERROR_STATUS)[HttpErrorCode];

/**
 * Thrown by `RequestParser` / `ResponseParser`. `status` is what a server should answer; a
 * server always closes the connection after it (the byte stream can no longer be trusted).
 */
export class HttpParseError extends Error {
  override readonly name = 'HttpParseError';
  readonly code: HttpErrorCode;
  readonly status: HttpErrorStatus;
  /**
   * The events the failing `push` completed before it met the error (earlier pipelined
   * requests a server may still answer before its 400).
   */
  events: ParseEvent<RequestHead | ResponseHead>[] = [];

  constructor(code: HttpErrorCode, message: string = code) {
    super(message);
    this.code = code;
    this.status = HTTP_ERROR_STATUS[code];
  }
}

/** Codes of `HeadersError`: a name or value that could never be sent on the wire. */
export type HeadersErrorCode = 'ERR_HTTP_INVALID_HEADER_NAME' | 'ERR_HTTP_INVALID_HEADER_VALUE';

/** Thrown by `Headers` when a program (not the network) hands it an invalid name or value. */
export class HeadersError extends TypeError {
  override readonly name = 'HeadersError';
  readonly code: HeadersErrorCode;

  constructor(code: HeadersErrorCode, message: string = code) {
    super(message);
    this.code = code;
  }
}

/** Codes of `HttpSerializeError`. */
export type HttpSerializeErrorCode =
  | 'ERR_HTTP_INVALID_METHOD'
  | 'ERR_HTTP_INVALID_TARGET'
  | 'ERR_HTTP_INVALID_STATUS'
  | 'ERR_HTTP_INVALID_REASON'
  | 'ERR_HTTP_INVALID_VERSION'
  | 'ERR_HTTP_CONTENT_LENGTH_MISMATCH';

/** Thrown by the serializers when asked to write bytes no conforming parser would accept. */
export class HttpSerializeError extends TypeError {
  override readonly name = 'HttpSerializeError';
  readonly code: HttpSerializeErrorCode;

  constructor(code: HttpSerializeErrorCode, message: string = code) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Headers (README §2)
// ---------------------------------------------------------------------------------------------

/**
 * An ordered, case-insensitive multimap of field lines (RFC 9110 §5.2, §5.3).
 *
 * Iteration yields `[name, value]` in insertion (received) order with the name's original case.
 * `get` combines several lines of one field with `", "` (RFC 9110 §5.3) except `Set-Cookie`,
 * which can never be combined (RFC 6265 §3): `get('set-cookie')` is its first value.
 *
 * `append` and `set` validate: the name must be a token and the value must contain only
 * VCHAR / obs-text / SP / HTAB, with no leading or trailing whitespace; otherwise they throw
 * `HeadersError` with code `ERR_HTTP_INVALID_HEADER_NAME` / `ERR_HTTP_INVALID_HEADER_VALUE`.
 */
export class Headers implements Iterable<[name: string, value: string]> {
  constructor(init?: Iterable<readonly [string, string]>) {
    // TODO: README §2
    if (init !== undefined) notImplemented('new Headers(init)', 2);
  }

  /** All values of `name` combined with ", " (Set-Cookie: the first value); undefined if absent. */
  get(name: string): string | undefined {
    return notImplemented(`Headers.get(${JSON.stringify(name)})`, 2);
  }

  /** Every value of `name`, one per field line, in order. */
  getAll(name: string): string[] {
    return notImplemented(`Headers.getAll(${JSON.stringify(name)})`, 2);
  }

  /** Whether any field line has this name (case-insensitive). */
  has(name: string): boolean {
    return notImplemented(`Headers.has(${JSON.stringify(name)})`, 2);
  }

  /** Adds one field line at the end. Validates name and value (throws HeadersError). */
  append(name: string, value: string): void {
    notImplemented(`Headers.append(${JSON.stringify(name)}, ${JSON.stringify(value)})`, 2);
  }

  /** Replaces every line of `name` by one line with `value` (at the place of the first one). */
  set(name: string, value: string): void {
    notImplemented(`Headers.set(${JSON.stringify(name)}, ${JSON.stringify(value)})`, 2);
  }

  /** Removes every line of `name`. */
  delete(name: string): void {
    notImplemented(`Headers.delete(${JSON.stringify(name)})`, 2);
  }

  /** Number of field lines (not distinct names). */
  get size(): number {
    return notImplemented('Headers.size', 2);
  }

  /** `[name, value]` per field line, in order, original name case. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return notImplemented('Headers[Symbol.iterator]', 2);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsed messages and events
// ---------------------------------------------------------------------------------------------

/** request-line = method SP request-target SP HTTP-version (RFC 9112 §3), plus the fields. */
export interface RequestHead {
  /** Case-sensitive token, as received (`GET`, `get` is a different method). */
  method: string;
  /** As received: origin-form, absolute-form, authority-form (CONNECT) or `*` (OPTIONS). */
  target: string;
  version: HttpVersion;
  headers: Headers;
}

/** status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4). */
export interface ResponseHead {
  version: HttpVersion;
  /** 100..999 as received (three digits). */
  status: number;
  /** May be empty. */
  reason: string;
  headers: Headers;
}

/**
 * What `push` and `end` return, in wire order. Per message: one `head`, zero or more `data`,
 * one `end`. Several messages may follow one another in one array (pipelining).
 *
 * `data` is a view (`subarray`) into the chunk you pushed, not a copy: copy it if you reuse
 * the buffer. Bodies are never buffered whole by the parser.
 */
export type ParseEvent<H> =
  | { type: 'head'; head: H }
  | { type: 'data'; data: Uint8Array }
  | { type: 'end'; trailers: Headers };

/** Resource limits. Each violation is an `HttpParseError` with the code named. */
export interface ParserLimits {
  /** Request line / status line bytes, without CRLF (ERR_HTTP_START_LINE_TOO_LONG). */
  maxStartLineBytes: number;
  /** request-target bytes (ERR_HTTP_URI_TOO_LONG). */
  maxTargetBytes: number;
  /** Header section bytes after the start line, CRLFs included; same for trailers (…HEADER_TOO_LARGE). */
  maxHeaderBytes: number;
  /** Field lines in the header section; same for trailers (ERR_HTTP_TOO_MANY_HEADERS). */
  maxHeaderCount: number;
  /** Body bytes of one message after transfer decoding (ERR_HTTP_BODY_TOO_LARGE). */
  maxBodyBytes: number;
  /** Bytes of chunk-ext on one chunk line (ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE). */
  maxChunkExtensionBytes: number;
}

export interface ParserOptions {
  /** Overrides some of `DEFAULT_LIMITS`. */
  limits?: Partial<ParserLimits>;
  /**
   * Accept a bare LF as a line terminator in the start line, field lines and chunk lines
   * (RFC 9112 §2.2 allows a recipient to). Off by default: CVE-2022-32214. A bare CR is
   * never accepted.
   */
  lenientLineEndings?: boolean;
}

/** Sane defaults, close to what Node and nginx use. */
export const DEFAULT_LIMITS: ParserLimits = Object.freeze({
  maxStartLineBytes: 8192,
  maxTargetBytes: 8000,
  maxHeaderBytes: 16_384,
  maxHeaderCount: 100,
  maxBodyBytes: 10 * 1024 * 1024,
  maxChunkExtensionBytes: 1024,
});

// ---------------------------------------------------------------------------------------------
// Parsers (README §1 – §6, §9)
// ---------------------------------------------------------------------------------------------

/**
 * Parses the requests a client sends on one connection.
 *
 * - `push(chunk)` takes any number of bytes, split anywhere, and returns the events they complete.
 * - Body length (RFC 9112 §6.3): Transfer-Encoding ending in `chunked`, else Content-Length,
 *   else no body. Both at once is an error (request smuggling).
 * - After an error every call throws that same error again: the connection must be closed.
 */
export class RequestParser {
  constructor(options?: ParserOptions) {
    // TODO: README §1
    void options;
  }

  /** Feeds bytes; returns the events they complete. Throws HttpParseError. */
  push(chunk: Uint8Array): ParseEvent<RequestHead>[] {
    return notImplemented(`RequestParser.push(${chunk.length} bytes)`, 1);
  }

  /** End of stream. Returns [] between messages; throws ERR_HTTP_INCOMPLETE_MESSAGE inside one. */
  end(): ParseEvent<RequestHead>[] {
    return notImplemented('RequestParser.end()', 3);
  }
}

/**
 * Parses the responses a server sends on one connection.
 *
 * Body length (RFC 9112 §6.3): none for a response to HEAD, for 1xx, 204 and 304; none and a
 * tunnel for 2xx to CONNECT; then Transfer-Encoding ending in `chunked`; then Content-Length;
 * otherwise the body runs until the connection closes (`end()` completes it).
 *
 * A 1xx (other than 101) is an interim response: it is reported as its own message (head, end)
 * and the final response to the same request follows. After 101 or 2xx to CONNECT the bytes are
 * no longer HTTP: `upgraded` turns true, `push` returns [] and keeps them for `takeRemainder()`.
 */
export class ResponseParser {
  constructor(options?: ParserOptions) {
    // TODO: README §5
    void options;
  }

  /** Queues the method of the request the next response answers (HEAD, CONNECT change body rules); default GET. */
  expectResponseTo(method: string): void {
    notImplemented(`ResponseParser.expectResponseTo(${JSON.stringify(method)})`, 5);
  }

  /** Feeds bytes; returns the events they complete. Throws HttpParseError. */
  push(chunk: Uint8Array): ParseEvent<ResponseHead>[] {
    return notImplemented(`ResponseParser.push(${chunk.length} bytes)`, 5);
  }

  /** End of stream: completes a close-delimited body; throws ERR_HTTP_INCOMPLETE_MESSAGE inside any other message. */
  end(): ParseEvent<ResponseHead>[] {
    return notImplemented('ResponseParser.end()', 5);
  }

  /** True after a 101 (Switching Protocols) or a 2xx answer to CONNECT. */
  get upgraded(): boolean {
    return notImplemented('ResponseParser.upgraded', 5);
  }

  /** After an upgrade: the bytes received past the response head (and clears them). */
  takeRemainder(): Uint8Array {
    return notImplemented('ResponseParser.takeRemainder()', 5);
  }
}

/**
 * Whether the connection stays open after this message (RFC 9112 §9.3): HTTP/1.1 unless
 * `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
 */
export function isKeepAlive(head: RequestHead | ResponseHead): boolean {
  return notImplemented(`isKeepAlive(${'method' in head ? head.method : head.status})`, 3);
}

// ---------------------------------------------------------------------------------------------
// Serialization (README §7)
// ---------------------------------------------------------------------------------------------

export interface OutgoingRequest {
  method: string;
  target: string;
  /** Default HTTP/1.1. */
  version?: HttpVersion;
  headers?: Headers | Iterable<readonly [string, string]>;
  body?: Uint8Array | string;
}

export interface OutgoingResponse {
  status: number;
  /** Default: the RFC 9110 reason phrase for `status` (`reasonPhrase`), or empty. */
  reason?: string;
  /** Default HTTP/1.1. */
  version?: HttpVersion;
  headers?: Headers | Iterable<readonly [string, string]>;
  body?: Uint8Array | string;
}

/** The RFC 9110 §15 reason phrase of a status code (`404` → `Not Found`), or "" if unknown. */
export function reasonPhrase(status: number): string {
  return notImplemented(`reasonPhrase(${status})`, 7);
}

/**
 * Request line, field lines, CRLF, body. Adds `Content-Length` when a body is given and no
 * framing header (Content-Length / Transfer-Encoding) is; strings are UTF-8 encoded.
 * Throws HttpSerializeError for a method that is not a token, a target with SP / CTL, or a
 * Content-Length that contradicts the body.
 */
export function serializeRequest(req: OutgoingRequest): Uint8Array {
  return notImplemented(`serializeRequest(${req.method} ${req.target})`, 7);
}

/** Status line, field lines, CRLF, body; same framing rule as `serializeRequest`. */
export function serializeResponse(res: OutgoingResponse): Uint8Array {
  return notImplemented(`serializeResponse(${res.status})`, 7);
}

/** Status line, field lines and the empty line only: for streaming the body yourself. */
export function serializeResponseHead(res: Omit<OutgoingResponse, 'body'>): Uint8Array {
  return notImplemented(`serializeResponseHead(${res.status})`, 7);
}

/**
 * Writes the chunked transfer coding (RFC 9112 §7.1):
 *
 *   chunked-body = *chunk last-chunk trailer-section CRLF
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   last-chunk   = 1*("0") [ chunk-ext ] CRLF
 *
 * `encode` of an empty array returns an empty array (a zero-size chunk would end the body).
 */
export class ChunkedEncoder {
  /** One chunk: hex size, CRLF, the data, CRLF. */
  encode(data: Uint8Array): Uint8Array {
    return notImplemented(`ChunkedEncoder.encode(${data.length} bytes)`, 7);
  }

  /** The last chunk, the trailer fields, the final CRLF. */
  end(trailers?: Headers): Uint8Array {
    return notImplemented(`ChunkedEncoder.end(${trailers === undefined ? '' : 'trailers'})`, 7);
  }
}
