/**
 * http-message — reference solution. An incremental HTTP/1.1 message parser and serializer
 * (RFC 9112, RFC 9110). Each module quotes the grammar it implements.
 */

export { ChunkedEncoder } from './body/chunked-encoder.ts';
export {
  HeadersError,
  type HeadersErrorCode,
  HTTP_ERROR_STATUS,
  type HttpErrorCode,
  type HttpErrorStatus,
  HttpParseError,
  HttpSerializeError,
  type HttpSerializeErrorCode,
} from './errors.ts';
export { Headers } from './headers.ts';
export { isKeepAlive } from './keep-alive.ts';
export { DEFAULT_LIMITS, type ParserLimits, type ParserOptions } from './limits.ts';
export type { ParseEvent } from './message-parser.ts';
export { reasonPhrase } from './reason-phrases.ts';
export { type RequestHead, RequestParser } from './request-parser.ts';
export { type ResponseHead, ResponseParser } from './response-parser.ts';
export {
  type OutgoingRequest,
  type OutgoingResponse,
  serializeRequest,
  serializeResponse,
  serializeResponseHead,
} from './serialize.ts';
export type { HttpVersion } from './start-line.ts';
