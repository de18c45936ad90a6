/**
 * Serialization: messages to wire bytes (RFC 9112 §2.1).
 *
 *   HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]
 *
 * A serializer is the other half of every smuggling bug: it must never write what a strict
 * parser would reject or read differently, so it validates what it writes.
 */
import { REASON_BYTE, TARGET_BYTE } from './chars.ts';
import { HttpParseError, HttpSerializeError } from './errors.ts';
import { Headers, isToken } from './headers.ts';
import { reasonPhrase } from './reason-phrases.ts';
import { checkTargetForm, type HttpVersion } from './start-line.ts';

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

const encoder = new TextEncoder();

export function serializeRequest(req: OutgoingRequest): Uint8Array {
  if (!isToken(req.method)) throw new HttpSerializeError('ERR_HTTP_INVALID_METHOD');
  checkTarget(req.method, req.target);
  const version = checkVersion(req.version);
  const body = toBytes(req.body);
  const head = `${req.method} ${req.target} ${version}\r\n${fieldLines(req.headers, body)}\r\n`;
  return join(head, body);
}

export function serializeResponse(res: OutgoingResponse): Uint8Array {
  const body = toBytes(res.body);
  return join(`${statusLine(res)}${fieldLines(res.headers, body)}\r\n`, body);
}

export function serializeResponseHead(res: Omit<OutgoingResponse, 'body'>): Uint8Array {
  return join(`${statusLine(res)}${fieldLines(res.headers, undefined)}\r\n`, undefined);
}

/** status-line = HTTP-version SP status-code SP [ reason-phrase ] — the SP is always written. */
function statusLine(res: Omit<OutgoingResponse, 'body'>): string {
  const status = res.status;
  if (!Number.isInteger(status) || status < 100 || status > 999)
    throw new HttpSerializeError('ERR_HTTP_INVALID_STATUS');
  const reason = res.reason ?? reasonPhrase(status);
  for (let i = 0; i < reason.length; i++) {
    const c = reason.charCodeAt(i);
    if (c > 0xff || REASON_BYTE[c] === 0) throw new HttpSerializeError('ERR_HTTP_INVALID_REASON');
  }
  return `${checkVersion(res.version)} ${status} ${reason}\r\n`;
}

function checkVersion(version: HttpVersion | undefined): HttpVersion {
  if (version === undefined) return 'HTTP/1.1';
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0')
    throw new HttpSerializeError('ERR_HTTP_INVALID_VERSION');
  return version;
}

function checkTarget(method: string, target: string): void {
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c > 0xff || TARGET_BYTE[c] === 0) throw new HttpSerializeError('ERR_HTTP_INVALID_TARGET');
  }
  try {
    checkTargetForm(method, target);
  } catch (error) {
    if (error instanceof HttpParseError) throw new HttpSerializeError('ERR_HTTP_INVALID_TARGET');
    throw error;
  }
}

/**
 * The field lines, plus `Content-Length` when there is a body and no framing field. A given
 * Content-Length must match the body: writing a wrong one is how a client smuggles.
 */
function fieldLines(given: OutgoingRequest['headers'], body: Uint8Array | undefined): string {
  // A Headers holds only valid lines (append validates); pairs are validated by new Headers().
  const headers = given instanceof Headers ? given : new Headers(given);
  let out = '';
  let framed = false;
  for (const [name, value] of headers) {
    const lower = name.length === 14 || name.length === 17 ? name.toLowerCase() : '';
    if (lower === 'content-length') {
      framed = true;
      if (body !== undefined && value !== String(body.length)) {
        throw new HttpSerializeError('ERR_HTTP_CONTENT_LENGTH_MISMATCH');
      }
    } else if (lower === 'transfer-encoding') {
      framed = true;
    }
    out += `${name}: ${value}\r\n`;
  }
  if (body !== undefined && !framed) out += `Content-Length: ${body.length}\r\n`;
  return out;
}

function toBytes(body: Uint8Array | string | undefined): Uint8Array | undefined {
  return typeof body === 'string' ? encoder.encode(body) : body;
}

/** The head as Latin-1 bytes (field values may hold obs-text), then the body. */
function join(head: string, body: Uint8Array | undefined): Uint8Array {
  const out = new Uint8Array(head.length + (body?.length ?? 0));
  for (let i = 0; i < head.length; i++) out[i] = head.charCodeAt(i);
  if (body !== undefined) out.set(body, head.length);
  return out;
}
