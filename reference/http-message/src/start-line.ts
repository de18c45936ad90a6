/**
 * The first line of a message (RFC 9112 §3, §4), parsed from bytes[start, end) — the line
 * without its CRLF. Strict: exactly one SP between the parts (§3 lets a recipient split on any
 * whitespace, but every leniency is a place where two parsers disagree).
 */

import * as chars from './chars.ts';
import { HttpParseError } from './errors.ts';
import type { ParserLimits } from './limits.ts';

// Module-local copies: a hot loop should not go through a module namespace (or a
// bundler's export getter) for every byte.
const COLON = chars.COLON;
const latin1 = chars.latin1;
const SP = chars.SP;
const TARGET_BYTE = chars.TARGET_BYTE;
const TCHAR = chars.TCHAR;

export type HttpVersion = 'HTTP/1.0' | 'HTTP/1.1';

/**
 * HTTP-version = HTTP-name "/" DIGIT "." DIGIT     (RFC 9112 §2.3)
 * HTTP-name    = %s"HTTP"                          case-sensitive
 *
 * A well-formed version other than 1.0 / 1.1 gets 505 (RFC 9110 §15.6.6); anything else is
 * not a version at all and gets 400.
 */
export function parseVersion(b: Uint8Array, at: number, end: number): HttpVersion {
  if (
    end - at !== 8 ||
    b[at] !== 0x48 || // H
    b[at + 1] !== 0x54 || // T
    b[at + 2] !== 0x54 || // T
    b[at + 3] !== 0x50 || // P
    b[at + 4] !== 0x2f || // /
    !isDigit(b[at + 5]!) ||
    b[at + 6] !== 0x2e || // .
    !isDigit(b[at + 7]!)
  ) {
    throw new HttpParseError('ERR_HTTP_INVALID_VERSION');
  }
  if (b[at + 5] === 0x31) {
    if (b[at + 7] === 0x31) return 'HTTP/1.1';
    if (b[at + 7] === 0x30) return 'HTTP/1.0';
  }
  throw new HttpParseError('ERR_HTTP_VERSION_NOT_SUPPORTED');
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export interface RequestLine {
  method: string;
  target: string;
  version: HttpVersion;
}

/**
 * request-line   = method SP request-target SP HTTP-version     (RFC 9112 §3)
 * method         = token
 * request-target = origin-form / absolute-form / authority-form / asterisk-form
 */
export function parseRequestLine(
  b: Uint8Array,
  start: number,
  end: number,
  limits: ParserLimits,
): RequestLine {
  let i = start;
  while (i < end && TCHAR[b[i]!] === 1) i++;
  if (i === start || i === end || b[i] !== SP) {
    // A method byte that is not a tchar, or no SP at all.
    throw new HttpParseError(
      i === end || b[i] === SP ? 'ERR_HTTP_INVALID_START_LINE' : 'ERR_HTTP_INVALID_METHOD',
    );
  }
  const targetStart = i + 1;
  let j = targetStart;
  while (j < end && TARGET_BYTE[b[j]!] === 1) j++;
  if (j === end || b[j] !== SP) {
    // Either the line ends inside the target (HTTP/0.9 style) or a byte no URI may hold.
    throw new HttpParseError(j === end ? 'ERR_HTTP_INVALID_START_LINE' : 'ERR_HTTP_INVALID_TARGET');
  }
  if (j === targetStart) throw new HttpParseError('ERR_HTTP_INVALID_START_LINE');
  if (j - targetStart > limits.maxTargetBytes) throw new HttpParseError('ERR_HTTP_URI_TOO_LONG');
  const version = parseVersion(b, j + 1, end);
  // One decode for the method and the target (every byte checked above is ASCII), then two
  // slices: cheaper than two decodes, and the short method never leaves JavaScript.
  const text = latin1(b, start, j);
  const method = text.slice(0, i - start);
  const target = text.slice(targetStart - start);
  checkTargetForm(method, target);
  return { method, target, version };
}

/**
 * The four forms of RFC 9112 §3.2, told apart by their first bytes and the method:
 *
 *   origin-form    = absolute-path [ "?" query ]           "/where?q=now"
 *   absolute-form  = absolute-URI                          "http://www.example.org/pub"
 *   authority-form = uri-host ":" port                     CONNECT only
 *   asterisk-form  = "*"                                   OPTIONS only
 */
export function checkTargetForm(method: string, target: string): void {
  const first = target.charCodeAt(0);
  if (method === 'CONNECT') {
    // authority-form: no scheme, no path; the port is required (§3.2.3).
    const colon = target.lastIndexOf(':');
    if (colon <= 0 || colon === target.length - 1 || target.includes('/') || target.includes('@'))
      bad();
    for (let k = colon + 1; k < target.length; k++) if (!isDigit(target.charCodeAt(k))) bad();
    return;
  }
  if (first === 0x2f) return; // "/": origin-form
  if (target === '*') {
    if (method !== 'OPTIONS') bad();
    return;
  }
  // absolute-form: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) then ":" (RFC 3986 §3.1).
  if (!isAlpha(first)) bad();
  for (let k = 1; k < target.length; k++) {
    const c = target.charCodeAt(k);
    if (c === COLON) return;
    if (!(isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e)) break;
  }
  bad();
}

function bad(): never {
  throw new HttpParseError('ERR_HTTP_INVALID_TARGET');
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export interface StatusLine {
  version: HttpVersion;
  status: number;
  reason: string;
}

/**
 * status-line   = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 §4)
 * status-code   = 3DIGIT
 * reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
 *
 * Servers of the past sent "HTTP/1.1 200" with no SP after the code; a client "SHOULD ignore
 * the reason-phrase content", so we accept that one omission.
 */
export function parseStatusLine(
  b: Uint8Array,
  start: number,
  end: number,
  reasonOk: Uint8Array,
): StatusLine {
  const sp = start + 8;
  if (end < sp + 4 || b[sp] !== SP) {
    // Too short for "HTTP/x.y 200", or the version is longer than 8 bytes.
    const gap = b.indexOf(SP, start);
    if (gap === -1 || gap >= end) throw new HttpParseError('ERR_HTTP_INVALID_START_LINE');
    parseVersion(b, start, gap);
    throw new HttpParseError('ERR_HTTP_INVALID_STATUS');
  }
  const version = parseVersion(b, start, sp);
  const d0 = b[sp + 1]! - 0x30;
  const d1 = b[sp + 2]! - 0x30;
  const d2 = b[sp + 3]! - 0x30;
  if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9)
    throw new HttpParseError('ERR_HTTP_INVALID_STATUS');
  const status = d0 * 100 + d1 * 10 + d2;
  const after = sp + 4;
  if (after === end) return { version, status, reason: '' };
  if (b[after] !== SP) throw new HttpParseError('ERR_HTTP_INVALID_STATUS');
  for (let k = after + 1; k < end; k++)
    if (reasonOk[b[k]!] === 0) throw new HttpParseError('ERR_HTTP_INVALID_STATUS');
  return { version, status, reason: latin1(b, after + 1, end) };
}
