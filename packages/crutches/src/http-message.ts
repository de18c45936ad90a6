/**
 * Crutch for kata 7 (http-message): the kata's exact interface over Node's own HTTP parser,
 * llhttp (the parser inside node:http), and node:http's header validators and reason phrases.
 *
 * For the katas that stand on http-message (static-server…) while your own parser is not done:
 * point the kata's `src/prereqs.ts` at `@hbu/crutches/http-message`. Forbidden in http-message.
 */

import type { ParseEvent, RequestHead, ResponseHead } from './internal/http-errors.ts';
import { LlhttpStream } from './internal/llhttp.ts';

export {
  HeadersError,
  type HeadersErrorCode,
  HTTP_ERROR_STATUS,
  type HttpErrorCode,
  type HttpErrorStatus,
  HttpParseError,
  HttpSerializeError,
  type HttpSerializeErrorCode,
  type HttpVersion,
  type ParseEvent,
  type RequestHead,
  type ResponseHead,
} from './internal/http-errors.ts';
export { Headers } from './internal/http-headers.ts';
export {
  ChunkedEncoder,
  type OutgoingRequest,
  type OutgoingResponse,
  reasonPhrase,
  serializeRequest,
  serializeResponse,
  serializeResponseHead,
} from './internal/http-serialize.ts';

export interface ParserLimits {
  maxStartLineBytes: number;
  maxTargetBytes: number;
  maxHeaderBytes: number;
  maxHeaderCount: number;
  maxBodyBytes: number;
  maxChunkExtensionBytes: number;
}

export interface ParserOptions {
  limits?: Partial<ParserLimits>;
  /** Not supported by the crutch: llhttp runs strict (bare LF refused). */
  lenientLineEndings?: boolean;
}

export const DEFAULT_LIMITS: ParserLimits = Object.freeze({
  maxStartLineBytes: 8192,
  maxTargetBytes: 8000,
  maxHeaderBytes: 16_384,
  maxHeaderCount: 100,
  maxBodyBytes: 10 * 1024 * 1024,
  maxChunkExtensionBytes: 1024,
});

export class RequestParser {
  readonly #stream: LlhttpStream<RequestHead>;

  constructor(options?: ParserOptions) {
    this.#stream = new LlhttpStream('request', { ...DEFAULT_LIMITS, ...options?.limits });
  }

  push(chunk: Uint8Array): ParseEvent<RequestHead>[] {
    return this.#stream.push(chunk);
  }

  end(): ParseEvent<RequestHead>[] {
    return this.#stream.end();
  }
}

export class ResponseParser {
  readonly #stream: LlhttpStream<ResponseHead>;

  constructor(options?: ParserOptions) {
    this.#stream = new LlhttpStream('response', { ...DEFAULT_LIMITS, ...options?.limits });
  }

  expectResponseTo(method: string): void {
    this.#stream.expect(method);
  }

  push(chunk: Uint8Array): ParseEvent<ResponseHead>[] {
    return this.#stream.push(chunk);
  }

  end(): ParseEvent<ResponseHead>[] {
    return this.#stream.end();
  }

  get upgraded(): boolean {
    return this.#stream.upgraded;
  }

  takeRemainder(): Uint8Array {
    const rest = this.#stream.remainder;
    this.#stream.remainder = new Uint8Array(0);
    return rest;
  }
}

export function isKeepAlive(head: RequestHead | ResponseHead): boolean {
  const tokens = new Set(
    (head.headers.get('connection') ?? '').split(',').map((t) => t.trim().toLowerCase()),
  );
  if (tokens.has('close')) return false;
  return tokens.has('keep-alive') || head.version !== 'HTTP/1.0';
}
