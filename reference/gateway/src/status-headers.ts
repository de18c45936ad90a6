/**
 * The checks a server makes on what an application hands to `startResponse`: the rules that keep
 * the response head parseable and one message long (RFC 9110 §5.5, PEP 3333 "Other HTTP Features").
 */
import { GatewayError } from './errors.ts';
import type { Header } from './types.ts';

/**
 * PEP 3333: "Applications and middleware are forbidden from using HTTP/1.1 hop-by-hop features
 * or headers". They describe one connection, and the connection is the server's business.
 */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);

/** tchar (RFC 9110 §5.6.2) by char code. */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TCHAR[c.charCodeAt(0)] = 1;
}

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || TCHAR[c] === 0) return false;
  }
  return true;
}

/**
 * field-value bytes: HTAB, SP, VCHAR, obs-text (0x80–0xFF). A char above 0xFF would be cut to its
 * low byte on the wire: U+010D U+010A become CR LF (CVE-2016-2216, Node's response splitting).
 */
export function isFieldValue(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

/** status = 3DIGIT SP reason, reason without controls; the code is 200–999 (1xx is the server's). */
export function parseStatus(status: unknown): number {
  if (typeof status !== 'string') throw new GatewayError('ERR_GATEWAY_STATUS_NOT_STRING');
  if (!isFieldValue(status)) throw new GatewayError('ERR_GATEWAY_STATUS_CONTROL', status);
  if (!/^\d{3} /.test(status)) throw new GatewayError('ERR_GATEWAY_STATUS_FORMAT', status);
  const code = Number(status.slice(0, 3));
  if (code < 200) throw new GatewayError('ERR_GATEWAY_STATUS_CODE', status);
  return code;
}

/** Checks every field an application wants sent; returns them as given. */
export function checkHeaders(headers: unknown): Header[] {
  if (!Array.isArray(headers)) throw new GatewayError('ERR_GATEWAY_HEADERS_NOT_ARRAY');
  for (const pair of headers) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new GatewayError('ERR_GATEWAY_HEADER_NOT_PAIR');
    }
    const [name, value] = pair as unknown[];
    if (typeof name !== 'string' || typeof value !== 'string') {
      throw new GatewayError('ERR_GATEWAY_HEADER_NOT_STRING');
    }
    if (!isToken(name)) throw new GatewayError('ERR_GATEWAY_HEADER_NAME', JSON.stringify(name));
    if (!isFieldValue(value)) {
      throw new GatewayError('ERR_GATEWAY_HEADER_VALUE', `${name}: ${JSON.stringify(value)}`);
    }
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) throw new GatewayError('ERR_GATEWAY_HOP_BY_HOP', name);
    if (lower === 'status') throw new GatewayError('ERR_GATEWAY_HEADER_STATUS');
    // The framing is the server's to trust: only one plain decimal length.
    if (lower === 'content-length' && !/^\d{1,15}$/.test(value)) {
      throw new GatewayError('ERR_GATEWAY_HEADER_VALUE', `Content-Length: ${value}`);
    }
  }
  return headers as Header[];
}
