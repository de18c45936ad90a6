/**
 * The http-message kata's serializers for the crutch: start line, field lines, CRLF, body.
 * Reason phrases are node:http's `STATUS_CODES`; names and values are checked by `Headers`.
 */
import { STATUS_CODES } from 'node:http';
import { HttpSerializeError, type HttpVersion } from './http-errors.ts';
import { Headers } from './http-headers.ts';

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const TARGET = /^[\x21-\x7e\x80-\xff]+$/;
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

export interface OutgoingRequest {
  method: string;
  target: string;
  version?: HttpVersion;
  headers?: Headers | Iterable<readonly [string, string]>;
  body?: Uint8Array | string;
}

export interface OutgoingResponse {
  status: number;
  reason?: string;
  version?: HttpVersion;
  headers?: Headers | Iterable<readonly [string, string]>;
  body?: Uint8Array | string;
}

export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? '';
}

function checkVersion(version: string): HttpVersion {
  if (version !== 'HTTP/1.0' && version !== 'HTTP/1.1')
    throw new HttpSerializeError('ERR_HTTP_INVALID_VERSION', version);
  return version;
}

function bytesOf(body: Uint8Array | string | undefined): Uint8Array | undefined {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

function encode(
  startLine: string,
  init: OutgoingRequest['headers'],
  body: Uint8Array | undefined,
  head = false,
): Uint8Array {
  const headers = init instanceof Headers ? new Headers(init) : new Headers(init ?? []);
  if (body !== undefined) {
    const declared = headers.get('content-length');
    if (
      declared !== undefined &&
      !headers.has('transfer-encoding') &&
      declared !== String(body.length)
    ) {
      throw new HttpSerializeError(
        'ERR_HTTP_CONTENT_LENGTH_MISMATCH',
        `${declared} ≠ ${body.length}`,
      );
    }
    if (declared === undefined && !headers.has('transfer-encoding'))
      headers.append('Content-Length', String(body.length));
  }
  let text = `${startLine}\r\n`;
  for (const [name, value] of headers) text += `${name}: ${value}\r\n`;
  const top = Buffer.from(`${text}\r\n`, 'latin1');
  return head || body === undefined
    ? new Uint8Array(top)
    : new Uint8Array(Buffer.concat([top, body]));
}

export function serializeRequest(req: OutgoingRequest): Uint8Array {
  if (!TOKEN.test(req.method)) throw new HttpSerializeError('ERR_HTTP_INVALID_METHOD');
  if (!TARGET.test(req.target)) throw new HttpSerializeError('ERR_HTTP_INVALID_TARGET');
  const version = checkVersion(req.version ?? 'HTTP/1.1');
  return encode(`${req.method} ${req.target} ${version}`, req.headers, bytesOf(req.body));
}

function statusLine(res: Omit<OutgoingResponse, 'body'>): string {
  if (!Number.isInteger(res.status) || res.status < 100 || res.status > 999)
    throw new HttpSerializeError('ERR_HTTP_INVALID_STATUS', String(res.status));
  const reason = res.reason ?? reasonPhrase(res.status);
  if (!REASON.test(reason)) throw new HttpSerializeError('ERR_HTTP_INVALID_REASON');
  return `${checkVersion(res.version ?? 'HTTP/1.1')} ${res.status} ${reason}`;
}

export function serializeResponse(res: OutgoingResponse): Uint8Array {
  return encode(statusLine(res), res.headers, bytesOf(res.body));
}

export function serializeResponseHead(res: Omit<OutgoingResponse, 'body'>): Uint8Array {
  return encode(statusLine(res), res.headers, undefined, true);
}

export class ChunkedEncoder {
  encode(data: Uint8Array): Uint8Array {
    if (data.byteLength === 0) return new Uint8Array();
    const size = Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1');
    return new Uint8Array(Buffer.concat([size, data, Buffer.from('\r\n')]));
  }

  end(trailers?: Headers): Uint8Array {
    let text = '0\r\n';
    for (const [name, value] of trailers ?? []) text += `${name}: ${value}\r\n`;
    return new Uint8Array(Buffer.from(`${text}\r\n`, 'latin1'));
  }
}
