/**
 * One request/response exchange: calls the application, holds its status and fields until the
 * first non-empty chunk (PEP 3333 "Buffering and Streaming"), chooses the framing, writes the body
 * with backpressure, and always closes the body (`return()`, PEP 3333's `close()`).
 *
 * Framing (RFC 9112 §6.3), in order:
 *   HEAD, 204, 304            the head only; the body is not iterated further
 *   Content-Length from app   exactly that many bytes; more is an error, fewer closes the line
 *   known length              an array of at most one chunk, or a body that ended before any
 *                             non-empty chunk: Content-Length
 *   HTTP/1.1                  chunked
 *   HTTP/1.0                  close-delimited: the connection ends the body
 */
import type { Socket } from 'node:net';
import { GatewayError } from './errors.ts';
import { checkHeaders, parseStatus } from './status-headers.ts';
import type { App, Body, Environ, Header, StartResponse } from './types.ts';
import { httpDate } from './wire.ts';

/** What the connection needs to know once the exchange is over. */
export interface Outcome {
  /** Whether the connection may carry another request. */
  reusable: boolean;
}

const CRLF = Buffer.from('\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');
const ERROR_BODY = Buffer.from('Internal Server Error\n');
const EMPTY = new Uint8Array(0);

type Framing = 'none' | 'length' | 'chunked' | 'close';

/**
 * The state of one exchange. A class rather than closures: an exchange per request is the hot
 * path, and methods on a prototype cost nothing to create (closures are allocated, and named by
 * the TypeScript loader, once per request).
 */
class Exchange {
  readonly method: string;
  readonly http11: boolean;
  status: string | undefined;
  code = 0;
  headers: Header[] = [];
  headSent = false;
  framing: Framing = 'none';
  declared = -1;
  sent = 0;
  reusable: boolean;
  broken: GatewayError | undefined;
  readonly startResponse: StartResponse;
  readonly write: (data: Uint8Array) => void;

  constructor(
    readonly environ: Environ,
    readonly socket: Socket,
    keepAlive: boolean,
  ) {
    this.method = environ.REQUEST_METHOD;
    this.http11 = environ.SERVER_PROTOCOL === 'HTTP/1.1';
    this.reusable = keepAlive;
    this.startResponse = this.start.bind(this);
    this.write = this.legacyWrite.bind(this);
  }

  start(s: string, h: Header[], excInfo?: unknown): (data: Uint8Array) => void {
    if (excInfo !== undefined && excInfo !== null) {
      // PEP 3333: with exc_info after the head is out, re-raise: the client already has a status.
      if (this.headSent) throw excInfo;
    } else if (this.status !== undefined) {
      throw new GatewayError('ERR_GATEWAY_START_RESPONSE_TWICE');
    }
    const c = parseStatus(s);
    this.headers = checkHeaders(h);
    this.status = s;
    this.code = c;
    return this.write;
  }

  /** Builds and writes the head (with `first` body bytes when given, in one write). */
  sendHead(knownLength: number | undefined, first?: Uint8Array): void {
    if (this.status === undefined) throw new GatewayError('ERR_GATEWAY_NO_START_RESPONSE');
    const code = this.code;
    let head = `HTTP/1.1 ${this.status}\r\n`;
    let hasDate = false;
    for (const [name, value] of this.headers) {
      head += `${name}: ${value}\r\n`;
      const lower = name.length === 14 || name.length === 4 ? name.toLowerCase() : '';
      if (lower === 'content-length') this.declared = Number(value);
      else if (lower === 'date') hasDate = true;
    }
    if (!hasDate) head += `Date: ${httpDate()}\r\n`;
    const noBody = this.method === 'HEAD' || code === 204 || code === 304;
    if (this.declared >= 0) this.framing = 'length';
    else if (knownLength !== undefined) {
      this.framing = 'length';
      this.declared = knownLength;
      if (code !== 204 && code !== 304) head += `Content-Length: ${knownLength}\r\n`;
    } else if (noBody) this.framing = 'none';
    else if (this.http11) {
      this.framing = 'chunked';
      head += 'Transfer-Encoding: chunked\r\n';
    } else {
      this.framing = 'close';
      this.reusable = false;
    }
    if (noBody) this.framing = 'none';
    if (!this.reusable) head += 'Connection: close\r\n';
    else if (!this.http11) head += 'Connection: keep-alive\r\n';
    head += '\r\n';
    this.headSent = true;
    if (first === undefined || this.framing === 'none') this.socket.write(head, 'latin1');
    else if (this.framing === 'length' && first.length > this.declared) {
      this.socket.write(head, 'latin1');
      this.sendChunk(first);
    } else {
      const h = Buffer.from(head, 'latin1');
      this.socket.write(Buffer.concat([h, this.frame(first)]));
      this.sent += first.length;
    }
  }

  /** The bytes of one body chunk as framed (chunked coding adds its size line). */
  frame(data: Uint8Array): Uint8Array {
    if (this.framing !== 'chunked') return data;
    return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF]);
  }

  /** Writes a chunk; returns false when the socket wants us to wait for 'drain'. */
  sendChunk(data: Uint8Array): boolean {
    if (this.framing === 'none') return true;
    if (this.framing === 'length' && this.sent + data.length > this.declared) {
      const fits = this.declared - this.sent;
      if (fits > 0) this.socket.write(data.subarray(0, fits));
      this.sent = this.declared;
      this.broken = new GatewayError(
        'ERR_GATEWAY_CONTENT_LENGTH_EXCEEDED',
        `declared ${this.declared}`,
      );
      return true;
    }
    this.sent += data.length;
    return this.socket.write(this.frame(data));
  }

  legacyWrite(data: Uint8Array): void {
    if (this.status === undefined) throw new GatewayError('ERR_GATEWAY_NO_START_RESPONSE');
    if (!(data instanceof Uint8Array)) throw new GatewayError('ERR_GATEWAY_WRITE_ARGUMENT');
    if (data.length === 0) return;
    if (!this.headSent) this.sendHead(undefined, data);
    else this.sendChunk(data);
  }

  /** Sends the whole body; throws on any broken rule (the caller answers it). */
  async run(
    app: App,
    x: { iterator?: Iterator<Uint8Array> | AsyncIterator<Uint8Array> },
  ): Promise<void> {
    const socket = this.socket;
    const body: Body = app(this.environ, this.startResponse);
    if (typeof body === 'string') throw new GatewayError('ERR_GATEWAY_BODY_STRING');
    if (Array.isArray(body) && body.length <= 1) {
      // The length is known before anything is sent: Content-Length (PEP 3333, len() == 1).
      const only = (body[0] as Uint8Array | undefined) ?? EMPTY;
      if (!(only instanceof Uint8Array)) throw new GatewayError('ERR_GATEWAY_BODY_CHUNK');
      if (!this.headSent)
        this.sendHead(this.sent + only.length, only.length > 0 ? only : undefined);
      else if (only.length > 0) await drained(socket, this.sendChunk(only));
    } else {
      const iterator = iteratorOf(body);
      x.iterator = iterator;
      for (;;) {
        if (socket.destroyed) throw new GatewayError('ERR_GATEWAY_CLIENT_GONE');
        const step = iterator.next();
        const r = step instanceof Promise ? await step : step;
        if (r.done) break;
        const chunk = r.value as unknown;
        if (!(chunk instanceof Uint8Array)) throw new GatewayError('ERR_GATEWAY_BODY_CHUNK');
        if (chunk.length === 0) continue;
        if (!this.headSent) {
          this.sendHead(undefined, chunk);
          if (this.framing === 'none') break;
          if (socket.writableNeedDrain) await drained(socket, false);
        } else {
          await drained(socket, this.sendChunk(chunk));
        }
        if (this.broken !== undefined) break;
      }
      if (!this.headSent) this.sendHead(0);
    }
    // HEAD, 204 and 304 have framing 'none': only a body that is sent can be short.
    if (this.broken === undefined && this.framing === 'length' && this.sent < this.declared) {
      this.broken = new GatewayError(
        'ERR_GATEWAY_CONTENT_LENGTH_SHORT',
        `${this.sent} of ${this.declared}`,
      );
    }
    if (this.broken !== undefined) throw this.broken;
    if (this.framing === 'chunked') socket.write(LAST_CHUNK);
  }

  /** An error: a 500 while the head is not out, else cut the connection. */
  fail(): Outcome {
    const socket = this.socket;
    if (socket.destroyed) return { reusable: false };
    if (!this.headSent) {
      this.headSent = true;
      socket.write(
        `HTTP/1.1 500 Internal Server Error\r\nDate: ${httpDate()}\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${ERROR_BODY.length}\r\n` +
          `${this.reusable ? '' : 'Connection: close\r\n'}\r\n`,
        'latin1',
      );
      if (this.method !== 'HEAD') socket.write(ERROR_BODY);
      return { reusable: this.reusable };
    }
    // The head is out: the only honest signal left is to cut the connection before the body's
    // end. (A close-delimited HTTP/1.0 body cannot be told from a complete one: nothing can.)
    if (this.framing === 'close') socket.destroy();
    else socket.end();
    return { reusable: false };
  }
}

export async function exchange(
  app: App,
  environ: Environ,
  socket: Socket,
  keepAlive: boolean,
  onError: (error: unknown, environ: Environ) => void,
): Promise<Outcome> {
  const x = new Exchange(environ, socket, keepAlive);
  const held: { iterator?: Iterator<Uint8Array> | AsyncIterator<Uint8Array> } = {};
  try {
    await x.run(app, held);
  } catch (error) {
    if (!(error instanceof GatewayError && error.code === 'ERR_GATEWAY_CLIENT_GONE')) {
      onError(error, environ);
    }
    return x.fail();
  } finally {
    if (held.iterator?.return !== undefined) await closeBody(held.iterator, onError, environ);
  }
  if (x.framing === 'close') socket.end();
  return { reusable: x.reusable };
}

function iteratorOf(body: Body): Iterator<Uint8Array> | AsyncIterator<Uint8Array> {
  if (body !== null && typeof body === 'object') {
    const asyncIt = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator];
    if (typeof asyncIt === 'function') return asyncIt.call(body);
    const it = (body as Iterable<Uint8Array>)[Symbol.iterator];
    if (typeof it === 'function') return it.call(body);
  }
  throw new GatewayError('ERR_GATEWAY_BODY_NOT_ITERABLE');
}

/** PEP 3333: "the server must call close() upon completion of the current request" — every time. */
async function closeBody(
  iterator: Iterator<Uint8Array> | AsyncIterator<Uint8Array> | undefined,
  onError: (error: unknown, environ: Environ) => void,
  environ: Environ,
): Promise<void> {
  if (iterator?.return === undefined) return;
  try {
    await iterator.return();
  } catch (error) {
    onError(error, environ);
  }
}

/** Resolves at once when `ok`, else on 'drain' (or when the socket closes). */
function drained(socket: Socket, ok: boolean): Promise<void> | undefined {
  if (ok || socket.destroyed) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
