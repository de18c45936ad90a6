/**
 * A push parser over Node's own llhttp: the `HTTPParser` class node:http feeds socket bytes to
 * (module `_http_common`), in strict mode. llhttp does the parsing; this file turns its callbacks
 * into the kata's events and its `HPE_*` errors into the kata's codes, and adds the few rules of
 * the kata llhttp leaves to its caller (Host, limits, supported versions and codings).
 */
import { createRequire } from 'node:module';
import {
  type HttpErrorCode,
  HttpParseError,
  type HttpVersion,
  type ParseEvent,
  type RequestHead,
  type ResponseHead,
} from './http-errors.ts';
import { Headers } from './http-headers.ts';

interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize?: number, lenient?: number): void;
  execute(data: Buffer): number | (Error & { code?: string; bytesParsed?: number });
  finish(): undefined | Error;
  close(): void;
  [key: number]: unknown;
}
interface ParserClass {
  new (): NativeParser;
  REQUEST: number;
  RESPONSE: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
}

const require = createRequire(import.meta.url);
const common = require('node:_http_common') as { HTTPParser: ParserClass; methods: string[] };
const { HTTPParser } = common;

export interface Limits {
  maxStartLineBytes: number;
  maxTargetBytes: number;
  maxHeaderBytes: number;
  maxHeaderCount: number;
  maxBodyBytes: number;
  maxChunkExtensionBytes: number;
}

const CODES: Record<string, HttpErrorCode> = {
  HPE_HEADER_OVERFLOW: 'ERR_HTTP_HEADER_TOO_LARGE',
  HPE_INVALID_METHOD: 'ERR_HTTP_INVALID_METHOD',
  HPE_INVALID_URL: 'ERR_HTTP_INVALID_TARGET',
  HPE_INVALID_VERSION: 'ERR_HTTP_INVALID_VERSION',
  HPE_INVALID_STATUS: 'ERR_HTTP_INVALID_STATUS',
  HPE_INVALID_HEADER_TOKEN: 'ERR_HTTP_INVALID_HEADER_NAME',
  HPE_INVALID_CONTENT_LENGTH: 'ERR_HTTP_INVALID_CONTENT_LENGTH',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'ERR_HTTP_CONTENT_LENGTH_WITH_TRANSFER_ENCODING',
  HPE_INVALID_TRANSFER_ENCODING: 'ERR_HTTP_CHUNKED_NOT_FINAL',
  HPE_INVALID_CHUNK_SIZE: 'ERR_HTTP_INVALID_CHUNK_SIZE',
  HPE_CR_EXPECTED: 'ERR_HTTP_INVALID_LINE_ENDING',
  HPE_LF_EXPECTED: 'ERR_HTTP_INVALID_LINE_ENDING',
  HPE_STRICT: 'ERR_HTTP_INVALID_LINE_ENDING',
  HPE_INVALID_EOF_STATE: 'ERR_HTTP_INCOMPLETE_MESSAGE',
};

type Head = RequestHead | ResponseHead;
const LONGEST_METHOD = Math.max(...common.methods.map((m) => m.length));

export class LlhttpStream<H extends Head> {
  readonly #parser = new HTTPParser();
  readonly #kind: 'request' | 'response';
  readonly #limits: Limits;
  #events: ParseEvent<H>[] = [];
  #pending: string[] = [];
  #url = '';
  #bodyBytes = 0;
  #failed: HttpParseError | undefined;
  /** The tail of the bytes already pushed: tells an unsupported version from a malformed one. */
  #recent = '';
  #methods: string[] = [];
  /** Bytes of a method token cut by the end of a push (see #otherMethod). */
  #lead = Buffer.alloc(0);
  /** The method as received, when llhttp was fed a stand-in (see #otherMethod). */
  #method: string | undefined;
  readonly #maxHeaderSize: number;
  upgraded = false;
  remainder: Uint8Array = new Uint8Array(0);

  constructor(kind: 'request' | 'response', limits: Limits) {
    this.#kind = kind;
    this.#limits = limits;
    const p = this.#parser;
    // llhttp's own bound covers the start line and the header section together.
    this.#maxHeaderSize = limits.maxStartLineBytes + limits.maxHeaderBytes + 4;
    p.initialize(
      kind === 'request' ? HTTPParser.REQUEST : HTTPParser.RESPONSE,
      {},
      this.#maxHeaderSize,
      0,
    );
    p[HTTPParser.kOnHeaders] = (headers: string[], url: string) => {
      this.#pending.push(...headers);
      this.#url += url;
    };
    p[HTTPParser.kOnHeadersComplete] = this.#onHead.bind(this);
    p[HTTPParser.kOnBody] = (chunk: Buffer) => {
      this.#bodyBytes += chunk.length;
      if (this.#bodyBytes > this.#limits.maxBodyBytes) throw this.#error('ERR_HTTP_BODY_TOO_LARGE');
      this.#events.push({ type: 'data', data: chunk });
    };
    p[HTTPParser.kOnMessageComplete] = () => {
      this.#events.push({ type: 'end', trailers: Headers.fromWire(this.#pending) });
      this.#pending = [];
      this.#url = '';
    };
  }

  expect(method: string): void {
    this.#methods.push(method.toUpperCase());
  }

  push(chunk: Uint8Array): ParseEvent<H>[] {
    if (this.#failed) throw this.#failed;
    if (this.upgraded) {
      this.remainder = concat(this.remainder, chunk);
      return [];
    }
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#lead.length > 0) {
      buf = Buffer.concat([this.#lead, buf]);
      this.#lead = Buffer.alloc(0);
    }
    this.#recent = (this.#recent + buf.toString('latin1')).slice(
      -(this.#limits.maxStartLineBytes + 2),
    );
    for (;;) {
      const result = this.#execute(buf);
      if (!(result instanceof Error)) {
        if (this.upgraded && result < buf.length)
          this.remainder = concat(this.remainder, buf.subarray(result));
        return this.#take();
      }
      const rest =
        result.code === 'HPE_INVALID_METHOD'
          ? this.#otherMethod(buf, result.bytesParsed ?? 0)
          : undefined;
      if (rest === undefined) throw this.#fail(this.#fromLlhttp(result.code ?? ''));
      buf = rest;
      if (buf.length === 0) return this.#take();
    }
  }

  #execute(buf: Buffer): ReturnType<NativeParser['execute']> {
    try {
      return this.#parser.execute(buf);
    } catch (error) {
      throw this.#fail(
        error instanceof HttpParseError ? error : this.#error('ERR_HTTP_INVALID_START_LINE'),
      );
    }
  }

  /**
   * llhttp knows a fixed list of methods and refuses any other token ("get", "BREW"), which the
   * kata must accept. At a message start (llhttp has nothing of the message yet) the parser is
   * reset and fed a known method in its place; the head reports the method as received. Returns
   * the bytes to feed next, or undefined when the method is not a token.
   */
  #otherMethod(buf: Buffer, at: number): Buffer | undefined {
    if (this.#kind !== 'request') return undefined;
    // llhttp stopped at the first byte that is not in its list; the bytes before it that it took
    // are a prefix of one of its methods (the longest such run is taken: body bytes may precede).
    const end = Math.min(at, buf.length);
    let start = end;
    for (let s = end; s >= 0 && end - s <= LONGEST_METHOD; s -= 1) {
      const prefix = buf.subarray(s, end).toString('latin1');
      if (common.methods.some((known) => known.startsWith(prefix))) start = s;
    }
    const text = buf.subarray(start, start + 64).toString('latin1');
    const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)( |$)/.exec(text);
    if (m === null) return undefined;
    this.#reset();
    if (m[2] === '') {
      if (m[1]!.length >= 64) return undefined;
      this.#lead = Buffer.from(buf.subarray(start));
      return Buffer.alloc(0);
    }
    this.#method = m[1];
    return Buffer.concat([Buffer.from('GET'), buf.subarray(start + m[1]!.length)]);
  }

  #reset(): void {
    this.#parser.initialize(HTTPParser.REQUEST, {}, this.#maxHeaderSize, 0);
  }

  end(): ParseEvent<H>[] {
    if (this.#failed) throw this.#failed;
    if (this.upgraded) return this.#take();
    const result = this.#parser.finish();
    if (result instanceof Error) throw this.#fail(this.#error('ERR_HTTP_INCOMPLETE_MESSAGE'));
    return this.#take();
  }

  #take(): ParseEvent<H>[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #error(code: HttpErrorCode): HttpParseError {
    return new HttpParseError(code);
  }

  #fail(error: HttpParseError): HttpParseError {
    error.events = this.#take();
    this.#failed = error;
    return error;
  }

  #fromLlhttp(code: string): HttpParseError {
    // llhttp refuses HTTP/1.2 outright; a well-formed version it does not speak is a 505.
    if (code === 'HPE_INVALID_VERSION' && /HTTP\/\d\.\d[\r\n]/.test(this.#recent)) {
      return this.#error('ERR_HTTP_VERSION_NOT_SUPPORTED');
    }
    return this.#error(CODES[code] ?? 'ERR_HTTP_INVALID_START_LINE');
  }

  #onHead(
    major: number,
    minor: number,
    headers: string[] | undefined,
    method: number | undefined,
    url: string | undefined,
    status: number | undefined,
    reason: string | undefined,
    upgrade: boolean,
  ): number {
    const flat = headers === undefined ? this.#pending : this.#pending.concat(headers);
    const target = this.#url + (url ?? '');
    this.#pending = [];
    this.#url = '';
    this.#bodyBytes = 0;
    const received = this.#method;
    this.#method = undefined;
    const limits = this.#limits;
    if (flat.length / 2 > limits.maxHeaderCount) throw this.#error('ERR_HTTP_TOO_MANY_HEADERS');
    let size = 0;
    for (const part of flat) size += part.length + 2;
    if (size > limits.maxHeaderBytes) throw this.#error('ERR_HTTP_HEADER_TOO_LARGE');
    if (major !== 1 || (minor !== 0 && minor !== 1))
      throw this.#error('ERR_HTTP_VERSION_NOT_SUPPORTED');
    const version: HttpVersion = minor === 0 ? 'HTTP/1.0' : 'HTTP/1.1';
    const fields = Headers.fromWire(flat);
    const codings = (fields.get('transfer-encoding') ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter(Boolean);
    if (codings.some((c) => c !== 'chunked'))
      throw this.#error('ERR_HTTP_UNSUPPORTED_TRANSFER_CODING');
    if (this.#kind === 'request') {
      if (target.length > limits.maxTargetBytes) throw this.#error('ERR_HTTP_URI_TOO_LONG');
      const hosts = fields.getAll('host').length;
      if (hosts > 1) throw this.#error('ERR_HTTP_DUPLICATE_HOST');
      if (hosts === 0 && version === 'HTTP/1.1') throw this.#error('ERR_HTTP_MISSING_HOST');
      const head: RequestHead = {
        method: received ?? common.methods[method ?? -1] ?? '',
        target,
        version,
        headers: fields,
      };
      this.#events.push({ type: 'head', head: head as H });
      return 0;
    }
    const asked = this.#methods.shift() ?? 'GET';
    const code = status ?? 0;
    const head: ResponseHead = { version, status: code, reason: reason ?? '', headers: fields };
    this.#events.push({ type: 'head', head: head as H });
    if (code === 101 || (asked === 'CONNECT' && code >= 200 && code < 300)) {
      this.upgraded = true;
      return 2;
    }
    if (code >= 100 && code < 200) this.#methods.unshift(asked);
    void upgrade;
    return asked === 'HEAD' ? 1 : 0;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
