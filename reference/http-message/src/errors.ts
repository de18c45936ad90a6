/**
 * Errors: one class per kind of failure, each with a stable `code`. A parse error also carries
 * the status a server should answer, so a server never has to map codes itself.
 */
import type { ParseEvent } from './message-parser.ts';
import type { RequestHead } from './request-parser.ts';
import type { ResponseHead } from './response-parser.ts';

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
