/**
 * Helpers the specs share: bytes from text, events folded into whole messages, and the error
 * code of a rejected input. They only call the public API of ../../src/index.ts.
 */
import { codeOf as kitCodeOf } from '@hbu/kata-kit/expect-code';
import {
  type Headers,
  HttpParseError,
  type ParseEvent,
  type ParserOptions,
  type RequestHead,
  RequestParser,
  type ResponseHead,
  ResponseParser,
} from '../../src/index.ts';

/** Latin-1 bytes of a string: one char, one byte (so "\xff" is the byte 0xff). */
export function bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Latin-1 text of bytes. */
export function text(data: Uint8Array): string {
  let s = '';
  for (const b of data) s += String.fromCharCode(b);
  return s;
}

/** Field lines as plain pairs, for toEqual. */
export function pairs(headers: Headers): Array<[string, string]> {
  return [...headers];
}

export interface Message<H> {
  head: Omit<H, 'headers'> & { headers: Array<[string, string]> };
  body: string;
  trailers: Array<[string, string]>;
  /** Whether the end event was seen. */
  complete: boolean;
}

/** Folds events into messages (a message without its end event is marked incomplete). */
export function fold<H extends { headers: Headers }>(events: ParseEvent<H>[]): Message<H>[] {
  const out: Message<H>[] = [];
  for (const e of events) {
    if (e.type === 'head') {
      out.push({
        head: { ...e.head, headers: pairs(e.head.headers) },
        body: '',
        trailers: [],
        complete: false,
      });
    } else {
      const m = out.at(-1);
      if (m === undefined) throw new Error(`a ${e.type} event before any head`);
      if (e.type === 'data') m.body += text(e.data);
      else {
        m.trailers = pairs(e.trailers);
        m.complete = true;
      }
    }
  }
  return out;
}

/** Parses requests from one push of the whole input, then end(). */
export function requests(
  input: string | Uint8Array,
  options?: ParserOptions,
): Message<RequestHead>[] {
  const p = new RequestParser(options);
  const events = p.push(typeof input === 'string' ? bytes(input) : input);
  events.push(...p.end());
  return fold(events);
}

/** The single request in `input` (fails if there is not exactly one). */
export function request(input: string | Uint8Array, options?: ParserOptions): Message<RequestHead> {
  const all = requests(input, options);
  if (all.length !== 1) throw new Error(`expected one request, parsed ${all.length}`);
  return all[0]!;
}

/** Parses responses; `methods` are queued with expectResponseTo first. */
export function responses(
  input: string | Uint8Array,
  methods: string[] = [],
  options?: ParserOptions,
): Message<ResponseHead>[] {
  const p = new ResponseParser(options);
  for (const m of methods) p.expectResponseTo(m);
  const events = p.push(typeof input === 'string' ? bytes(input) : input);
  events.push(...p.end());
  return fold(events);
}

/**
 * The `code` of the HttpParseError that parsing `input` (push, then end) throws, or "accepted".
 * Any other error (NotImplementedError from a stub) propagates, so a stub never passes.
 */
export function requestError(input: string | Uint8Array, options?: ParserOptions): string {
  return codeOf(() => requests(input, options));
}

/** Same as requestError for the response parser. */
export function responseError(
  input: string | Uint8Array,
  methods: string[] = [],
  options?: ParserOptions,
): string {
  return codeOf(() => responses(input, methods, options));
}

export function codeOf(run: () => unknown): string {
  return kitCodeOf(run, HttpParseError);
}

/** Pushes `input` in the given pieces (sizes; the last piece takes the rest), then end(). */
export function eventsInPieces<H>(
  parser: { push(c: Uint8Array): ParseEvent<H>[]; end(): ParseEvent<H>[] },
  input: Uint8Array,
  cuts: number[],
): ParseEvent<H>[] {
  const events: ParseEvent<H>[] = [];
  let at = 0;
  for (const size of cuts) {
    if (at >= input.length) break;
    events.push(...parser.push(input.slice(at, at + size)));
    at += size;
  }
  if (at < input.length) events.push(...parser.push(input.slice(at)));
  events.push(...parser.end());
  return events;
}

/** A minimal valid HTTP/1.1 request head with the given extra field lines. */
export function get(target = '/', fields = ''): string {
  return `GET ${target} HTTP/1.1\r\nHost: example.com\r\n${fields}\r\n`;
}
