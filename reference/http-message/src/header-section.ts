/**
 * Field lines (RFC 9112 §5) and what the parser must learn from them to frame the body.
 *
 *   field-line = field-name ":" OWS field-value OWS
 *
 * §5.1: "No whitespace is allowed between the field name and colon. … A server MUST reject,
 * with a response status code of 400 (Bad Request), any received request message that contains
 * whitespace between a header field name and colon" — the CVE-2021-22959 smuggling vector.
 * §5.2: obs-fold (a line starting with SP / HTAB) is rejected too (CVE-2022-32215).
 */

import * as chars from './chars.ts';
import { HttpParseError } from './errors.ts';
import { Headers } from './headers.ts';

// Module-local copies: a hot loop should not go through a module namespace (or a
// bundler's export getter) for every byte.
const COLON = chars.COLON;
const equalsIgnoreCase = chars.equalsIgnoreCase;
const latin1 = chars.latin1;
const CR = chars.CR;
const LF = chars.LF;
const FIELD_BYTE = chars.FIELD_BYTE;
const HTAB = chars.HTAB;
const SP = chars.SP;
const TCHAR = chars.TCHAR;

/** What the framing rules of §6.3 need, gathered while the field lines go by. */
export class FramingFields {
  hostCount = 0;
  /** Content-Length, or -1 when absent. */
  contentLength = -1;
  /** Transfer-Encoding values, in order, or undefined when absent. */
  transferEncoding: string[] | undefined = undefined;

  reset(): void {
    this.hostCount = 0;
    this.contentLength = -1;
    this.transferEncoding = undefined;
  }
}

/**
 * Parses one field line bytes[start, end) (no CRLF) into `headers`. When `framing` is given
 * (the header section, not trailers) it records Host, Content-Length and Transfer-Encoding.
 */
export function parseFieldLine(
  b: Uint8Array,
  start: number,
  end: number,
  headers: Headers,
  framing: FramingFields | undefined,
): void {
  const first = b[start]!;
  if (first === SP || first === HTAB) throw new HttpParseError('ERR_HTTP_OBS_FOLD');
  let i = start;
  while (i < end && TCHAR[b[i]!] === 1) i++;
  if (i === end || b[i] !== COLON || i === start) {
    // (i > start here: a line starting with SP / HTAB was obs-fold, rejected above.)
    const c = b[i];
    throw new HttpParseError(
      c === SP || c === HTAB ? 'ERR_HTTP_WHITESPACE_BEFORE_COLON' : 'ERR_HTTP_INVALID_HEADER_NAME',
    );
  }
  const nameEnd = i;
  // OWS on both sides of the value is not part of it (§5.1).
  let v = nameEnd + 1;
  while (v < end && (b[v] === SP || b[v] === HTAB)) v++;
  let e = end;
  while (e > v && (b[e - 1] === SP || b[e - 1] === HTAB)) e--;
  for (let k = v; k < e; k++) {
    if (FIELD_BYTE[b[k]!] === 0) throw new HttpParseError('ERR_HTTP_INVALID_HEADER_VALUE');
  }
  const name = latin1(b, start, nameEnd);
  const value = latin1(b, v, e);
  Headers.unsafeAppend(headers, name, value);
  if (framing !== undefined) noteFraming(b, start, nameEnd, v, e, value, framing);
}

/**
 * Offsets of the field lines `tryFieldLines` has checked but not yet decoded, four per line:
 * name start, name end, value start, value end. One array for the module, reused by every
 * call (JavaScript runs one call at a time), so a request allocates nothing here.
 */
const marks: number[] = [];

/**
 * The common case, fast: the complete, well-formed field lines at the start of b[start, len).
 *
 * One pass over the bytes checks each line (name, colon, value, CRLF) and notes where its
 * name and value lie. Then the bytes of all those lines are decoded as ONE latin1 string, and
 * every name and value is a slice of it: one native decode per head instead of two per line
 * (V8 makes a slice of 13 characters or more a view of the parent string, and copies a shorter
 * one without leaving JavaScript).
 *
 * It stops before the first line it cannot take: unfinished, malformed, past `maxBytes` bytes
 * or `maxCount` lines from `start`, or the empty line that ends the section. The caller's
 * general path parses that line and reports its error. Returns where it stopped; the lines
 * before are in `headers` (and `framing`).
 */
export function tryFieldLines(
  b: Uint8Array,
  start: number,
  len: number,
  maxBytes: number,
  maxCount: number,
  headers: Headers,
  framing: FramingFields,
): number {
  let line = start;
  let count = 0;
  // The scans below may stop early (the line is declined, and the general path parses it alike)
  // or run past `len` (b[len] is undefined, which stops them as `len` does): mutants of those
  // bounds and tests are equivalent. Everything that could make the fast path ACCEPT a line the
  // general path refuses is left to the specs.
  while (count < maxCount) {
    let i = line;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: see above
    while (i < len && TCHAR[b[i]!] === 1) i++;
    if (i === line || i === len || b[i] !== COLON) break;
    const nameEnd = i;
    let v = i + 1;
    while (v < len && (b[v] === SP || b[v] === HTAB)) v++;
    let e = v;
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: see above
    while (e < len && FIELD_BYTE[b[e]!] === 1) e++;
    // The byte that stopped the scan must be the CR of a CRLF.
    if (e + 1 >= len || b[e] !== CR || b[e + 1] !== LF || e + 2 - start > maxBytes) break;
    const next = e + 2;
    // OWS on both sides of the value is not part of it (§5.1).
    while (e > v && (b[e - 1] === SP || b[e - 1] === HTAB)) e--;
    const m = count * 4;
    marks[m] = line;
    marks[m + 1] = nameEnd;
    marks[m + 2] = v;
    marks[m + 3] = e;
    count++;
    line = next;
  }
  if (count === 0) return start;
  const text = latin1(b, start, line);
  for (let k = 0; k < count * 4; k += 4) {
    const ns = marks[k]!;
    const ne = marks[k + 1]!;
    const vs = marks[k + 2]!;
    const ve = marks[k + 3]!;
    const value = text.slice(vs - start, ve - start);
    Headers.unsafeAppend(headers, text.slice(ns - start, ne - start), value);
    noteFraming(b, ns, ne, vs, ve, value, framing);
  }
  return line;
}

function noteFraming(
  b: Uint8Array,
  ns: number,
  ne: number,
  vs: number,
  ve: number,
  value: string,
  framing: FramingFields,
): void {
  // A length switch first: most field lines are none of these three.
  switch (ne - ns) {
    case 4:
      if (equalsIgnoreCase(b, ns, ne, 'host')) framing.hostCount++;
      return;
    case 14:
      if (equalsIgnoreCase(b, ns, ne, 'content-length')) noteContentLength(b, vs, ve, framing);
      return;
    case 17:
      if (equalsIgnoreCase(b, ns, ne, 'transfer-encoding')) {
        if (framing.transferEncoding === undefined) framing.transferEncoding = [value];
        else framing.transferEncoding.push(value);
      }
      return;
  }
}

/**
 * Content-Length = 1*DIGIT     (RFC 9110 §8.6)
 *
 * RFC 9112 §6.3 item 5: a list of identical values ("42, 42", or two lines of 42) MAY be taken
 * as one; differing values are an unrecoverable error — which one would the next hop believe?
 */
function noteContentLength(b: Uint8Array, vs: number, ve: number, framing: FramingFields): void {
  let i = vs;
  for (;;) {
    const digits = i;
    let n = 0;
    while (i < ve && b[i]! >= 0x30 && b[i]! <= 0x39) {
      n = n * 10 + (b[i]! - 0x30);
      i++;
    }
    if (i === digits || n > Number.MAX_SAFE_INTEGER)
      throw new HttpParseError('ERR_HTTP_INVALID_CONTENT_LENGTH');
    if (framing.contentLength !== -1 && framing.contentLength !== n) {
      throw new HttpParseError('ERR_HTTP_DUPLICATE_CONTENT_LENGTH');
    }
    framing.contentLength = n;
    if (i === ve) return;
    // "," with OWS around it, then the next value.
    while (i < ve && (b[i] === SP || b[i] === HTAB)) i++;
    if (b[i] !== 0x2c) throw new HttpParseError('ERR_HTTP_INVALID_CONTENT_LENGTH');
    i++;
    while (i < ve && (b[i] === SP || b[i] === HTAB)) i++;
  }
}

/** A transfer-coding name from a Transfer-Encoding list, lower-cased, parameters kept. */
export type Codings = string[];

/**
 * Transfer-Encoding = #transfer-coding     (RFC 9112 §6.1)
 * transfer-coding   = token *( OWS ";" OWS transfer-parameter )
 *
 * Splits every line's list into codings (lower case, empty list elements dropped as RFC 9110
 * §5.6.1 asks). Throws INVALID_TRANSFER_ENCODING when the list is empty or an element is not a
 * token (parameters are kept in the element, so "chunked;x=1" is not "chunked").
 */
export function codings(values: string[]): Codings {
  const out: Codings = [];
  for (const value of values) {
    for (const raw of value.split(',')) {
      const element = raw.trim().toLowerCase();
      if (element === '') continue;
      const semi = element.indexOf(';');
      const name = semi === -1 ? element : element.slice(0, semi).trimEnd();
      for (let k = 0; k < name.length; k++) {
        if (TCHAR[name.charCodeAt(k)] !== 1)
          throw new HttpParseError('ERR_HTTP_INVALID_TRANSFER_ENCODING');
      }
      if (name === '') throw new HttpParseError('ERR_HTTP_INVALID_TRANSFER_ENCODING');
      out.push(element);
    }
  }
  if (out.length === 0) throw new HttpParseError('ERR_HTTP_INVALID_TRANSFER_ENCODING');
  return out;
}
