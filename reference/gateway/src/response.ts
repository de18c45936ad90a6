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

type Framing = 'none' | 'length' | 'chunked' | 'close';

export async function exchange(
  app: App,
  environ: Environ,
  socket: Socket,
  keepAlive: boolean,
  onError: (error: unknown, environ: Environ) => void,
): Promise<Outcome> {
  const method = environ.REQUEST_METHOD;
  const http11 = environ.SERVER_PROTOCOL === 'HTTP/1.1';
  let status: string | undefined;
  let code = 0;
  let headers: Header[] = [];
  let headSent = false;
  let framing = 'none' as Framing;
  let declared = -1;
  let sent = 0;
  let reusable = keepAlive;
  let broken: GatewayError | undefined;

  const startResponse: StartResponse = (s, h, excInfo) => {
    if (excInfo !== undefined && excInfo !== null) {
      // PEP 3333: with exc_info after the head is out, re-raise: the client already has a status.
      if (headSent) throw excInfo;
    } else if (status !== undefined) {
      throw new GatewayError('ERR_GATEWAY_START_RESPONSE_TWICE');
    }
    const c = parseStatus(s);
    headers = checkHeaders(h);
    status = s;
    code = c;
    return write;
  };

  /** Builds and writes the head (with `first` body bytes when given, in one write). */
  const sendHead = (knownLength: number | undefined, first?: Uint8Array): void => {
    if (status === undefined) throw new GatewayError('ERR_GATEWAY_NO_START_RESPONSE');
    let head = `HTTP/1.1 ${status}\r\n`;
    let hasDate = false;
    for (const [name, value] of headers) {
      head += `${name}: ${value}\r\n`;
      const lower = name.length === 14 || name.length === 4 ? name.toLowerCase() : '';
      if (lower === 'content-length') declared = Number(value);
      else if (lower === 'date') hasDate = true;
    }
    if (!hasDate) head += `Date: ${httpDate()}\r\n`;
    const noBody = method === 'HEAD' || code === 204 || code === 304;
    if (declared >= 0) framing = 'length';
    else if (knownLength !== undefined) {
      framing = 'length';
      declared = knownLength;
      if (code !== 204 && code !== 304) head += `Content-Length: ${knownLength}\r\n`;
    } else if (noBody) framing = 'none';
    else if (http11) {
      framing = 'chunked';
      head += 'Transfer-Encoding: chunked\r\n';
    } else {
      framing = 'close';
      reusable = false;
    }
    if (noBody) framing = 'none';
    if (!reusable) head += 'Connection: close\r\n';
    else if (!http11) head += 'Connection: keep-alive\r\n';
    head += '\r\n';
    headSent = true;
    if (first === undefined || framing === 'none') socket.write(head, 'latin1');
    else if (framing === 'length' && first.length > declared) {
      socket.write(head, 'latin1');
      sendChunk(first);
    } else {
      const h = Buffer.from(head, 'latin1');
      socket.write(Buffer.concat([h, frame(first)]));
      sent += first.length;
    }
  };

  /** The bytes of one body chunk as framed (chunked coding adds its size line). */
  const frame = (data: Uint8Array): Uint8Array => {
    if (framing !== 'chunked') return data;
    return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF]);
  };

  /** Writes a chunk; returns false when the socket wants us to wait for 'drain'. */
  const sendChunk = (data: Uint8Array): boolean => {
    if (framing === 'none') return true;
    if (framing === 'length' && sent + data.length > declared) {
      const fits = declared - sent;
      if (fits > 0) socket.write(data.subarray(0, fits));
      sent = declared;
      broken = new GatewayError('ERR_GATEWAY_CONTENT_LENGTH_EXCEEDED', `declared ${declared}`);
      return true;
    }
    sent += data.length;
    return socket.write(frame(data));
  };

  function write(data: Uint8Array): void {
    if (status === undefined) throw new GatewayError('ERR_GATEWAY_NO_START_RESPONSE');
    if (!(data instanceof Uint8Array)) throw new GatewayError('ERR_GATEWAY_WRITE_ARGUMENT');
    if (data.length === 0) return;
    if (!headSent) sendHead(undefined, data);
    else sendChunk(data);
  }

  let iterator: Iterator<Uint8Array> | AsyncIterator<Uint8Array> | undefined;
  try {
    const body: Body = app(environ, startResponse);
    if (typeof body === 'string') throw new GatewayError('ERR_GATEWAY_BODY_STRING');
    if (Array.isArray(body) && body.length <= 1) {
      // The length is known before anything is sent: Content-Length (PEP 3333, len() == 1).
      const only = (body[0] as Uint8Array | undefined) ?? new Uint8Array(0);
      if (!(only instanceof Uint8Array)) throw new GatewayError('ERR_GATEWAY_BODY_CHUNK');
      if (!headSent) sendHead(sent + only.length, only.length > 0 ? only : undefined);
      else if (only.length > 0) await drained(socket, sendChunk(only));
    } else {
      iterator = iteratorOf(body);
      const noBody = (): boolean => framing === 'none' && headSent;
      for (;;) {
        if (socket.destroyed) throw new GatewayError('ERR_GATEWAY_CLIENT_GONE');
        const step = iterator.next();
        const r = step instanceof Promise ? await step : step;
        if (r.done) break;
        const chunk = r.value as unknown;
        if (!(chunk instanceof Uint8Array)) throw new GatewayError('ERR_GATEWAY_BODY_CHUNK');
        if (chunk.length === 0) continue;
        if (!headSent) {
          sendHead(undefined, chunk);
          if (noBody()) break;
          if (socket.writableNeedDrain) await drained(socket, false);
        } else {
          await drained(socket, sendChunk(chunk));
        }
        if (broken !== undefined) break;
      }
      if (!headSent) sendHead(0);
    }
    if (broken === undefined && framing === 'length' && sent < declared && method !== 'HEAD') {
      broken = new GatewayError('ERR_GATEWAY_CONTENT_LENGTH_SHORT', `${sent} of ${declared}`);
    }
    if (broken !== undefined) throw broken;
    if (framing === 'chunked') socket.write(LAST_CHUNK);
  } catch (error) {
    if (!(error instanceof GatewayError && error.code === 'ERR_GATEWAY_CLIENT_GONE')) {
      onError(error, environ);
    }
    if (socket.destroyed) return { reusable: false };
    if (!headSent) {
      headSent = true;
      socket.write(
        `HTTP/1.1 500 Internal Server Error\r\nDate: ${httpDate()}\r\n` +
          `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${ERROR_BODY.length}\r\n` +
          `${reusable ? '' : 'Connection: close\r\n'}\r\n`,
        'latin1',
      );
      if (method !== 'HEAD') socket.write(ERROR_BODY);
      return { reusable };
    }
    // The head is out: the only honest signal left is to cut the connection before the body's
    // end. (A close-delimited HTTP/1.0 body cannot be told from a complete one: nothing can.)
    if (framing === 'close') socket.destroy();
    else socket.end();
    return { reusable: false };
  } finally {
    await closeBody(iterator, onError, environ);
  }
  if (framing === 'close') socket.end();
  return { reusable };
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
