/**
 * The http-message kata's error classes and codes, for the crutch. Same names, codes and statuses
 * as the kata's interface (katas/http-message/src/index.ts); the type check in
 * test/interface.check.ts keeps the two assignable.
 */
import type { Headers } from './http-headers.ts';

export type HttpVersion = 'HTTP/1.0' | 'HTTP/1.1';

export const HTTP_ERROR_STATUS = {
  ERR_HTTP_INVALID_METHOD: 400,
  ERR_HTTP_INVALID_TARGET: 400,
  ERR_HTTP_INVALID_VERSION: 400,
  ERR_HTTP_VERSION_NOT_SUPPORTED: 505,
  ERR_HTTP_INVALID_START_LINE: 400,
  ERR_HTTP_INVALID_STATUS: 400,
  ERR_HTTP_START_LINE_TOO_LONG: 414,
  ERR_HTTP_URI_TOO_LONG: 414,
  ERR_HTTP_INVALID_HEADER_NAME: 400,
  ERR_HTTP_INVALID_HEADER_VALUE: 400,
  ERR_HTTP_WHITESPACE_BEFORE_COLON: 400,
  ERR_HTTP_OBS_FOLD: 400,
  ERR_HTTP_INVALID_LINE_ENDING: 400,
  ERR_HTTP_HEADER_TOO_LARGE: 431,
  ERR_HTTP_TOO_MANY_HEADERS: 431,
  ERR_HTTP_INVALID_CONTENT_LENGTH: 400,
  ERR_HTTP_DUPLICATE_CONTENT_LENGTH: 400,
  ERR_HTTP_CONTENT_LENGTH_WITH_TRANSFER_ENCODING: 400,
  ERR_HTTP_CHUNKED_NOT_FINAL: 400,
  ERR_HTTP_INVALID_TRANSFER_ENCODING: 400,
  ERR_HTTP_UNSUPPORTED_TRANSFER_CODING: 501,
  ERR_HTTP_INVALID_CHUNK_SIZE: 400,
  ERR_HTTP_INVALID_CHUNK_EXTENSION: 400,
  ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE: 413,
  ERR_HTTP_INVALID_CHUNK_DATA: 400,
  ERR_HTTP_BODY_TOO_LARGE: 413,
  ERR_HTTP_MISSING_HOST: 400,
  ERR_HTTP_DUPLICATE_HOST: 400,
  ERR_HTTP_INCOMPLETE_MESSAGE: 400,
} as const satisfies Record<string, 400 | 413 | 414 | 431 | 501 | 505>;

export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUS;
export type HttpErrorStatus = (typeof HTTP_ERROR_STATUS)[HttpErrorCode];

export interface RequestHead {
  method: string;
  target: string;
  version: HttpVersion;
  headers: Headers;
}

export interface ResponseHead {
  version: HttpVersion;
  status: number;
  reason: string;
  headers: Headers;
}

export type ParseEvent<H> =
  | { type: 'head'; head: H }
  | { type: 'data'; data: Uint8Array }
  | { type: 'end'; trailers: Headers };

export class HttpParseError extends Error {
  override readonly name = 'HttpParseError';
  readonly code: HttpErrorCode;
  readonly status: HttpErrorStatus;
  events: ParseEvent<RequestHead | ResponseHead>[] = [];

  constructor(code: HttpErrorCode, message: string = code) {
    super(message);
    this.code = code;
    this.status = HTTP_ERROR_STATUS[code];
  }
}

export type HeadersErrorCode = 'ERR_HTTP_INVALID_HEADER_NAME' | 'ERR_HTTP_INVALID_HEADER_VALUE';

export class HeadersError extends TypeError {
  override readonly name = 'HeadersError';
  readonly code: HeadersErrorCode;

  constructor(code: HeadersErrorCode, message: string = code) {
    super(message);
    this.code = code;
  }
}

export type HttpSerializeErrorCode =
  | 'ERR_HTTP_INVALID_METHOD'
  | 'ERR_HTTP_INVALID_TARGET'
  | 'ERR_HTTP_INVALID_STATUS'
  | 'ERR_HTTP_INVALID_REASON'
  | 'ERR_HTTP_INVALID_VERSION'
  | 'ERR_HTTP_CONTENT_LENGTH_MISMATCH';

export class HttpSerializeError extends TypeError {
  override readonly name = 'HttpSerializeError';
  readonly code: HttpSerializeErrorCode;

  constructor(code: HttpSerializeErrorCode, message: string = code) {
    super(message);
    this.code = code;
  }
}
