/**
 * The chunk-size line of the chunked transfer coding (RFC 9112 §7.1, §7.1.1):
 *
 *   chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   chunk-size     = 1*HEXDIG
 *   last-chunk     = 1*("0") [ chunk-ext ] CRLF
 *   chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 *   chunk-ext-name = token
 *   chunk-ext-val  = token / quoted-string
 *
 * Extensions are validated and dropped: no one uses them, and their only real-world effect was
 * CVE-2024-22019 (a server reading unbounded extension bytes). The byte count is limited by
 * `maxChunkExtensionBytes` before anything else is looked at.
 */
import * as chars from '../chars.ts';
import { HttpParseError } from '../errors.ts';

// Module-local copies: a hot loop should not go through a module namespace (or a
// bundler's export getter) for every byte.
const HEX_VALUE = chars.HEX_VALUE;
const HTAB = chars.HTAB;
const SEMI = chars.SEMI;
const SP = chars.SP;
const TCHAR = chars.TCHAR;

/** A chunk-size line longer than this before its ";" is hostile: 64 hex digits is plenty of zeros. */
export const MAX_CHUNK_SIZE_DIGITS = 64;

/**
 * Size of a chunk from its line bytes[start, end) (without CRLF). Throws INVALID_CHUNK_SIZE for
 * "0x1a", "+5", "-5", " 5", "5 " (BWS only before ";"), an empty size, or a value past 2^53.
 */
export function parseChunkSizeLine(
  b: Uint8Array,
  start: number,
  end: number,
  maxExt: number,
): number {
  // A bounded loop, not indexOf: the buffer may hold megabytes of body after this line.
  let semi = start;
  while (semi < end && b[semi] !== SEMI) semi++;
  if (semi - start > MAX_CHUNK_SIZE_DIGITS) throw new HttpParseError('ERR_HTTP_INVALID_CHUNK_SIZE');
  if (end - semi > maxExt) throw new HttpParseError('ERR_HTTP_CHUNK_EXTENSION_TOO_LARGE');
  let size = 0;
  let i = start;
  for (; i < semi; i++) {
    const v = HEX_VALUE[b[i]!]!;
    if (v === 255) break;
    size = size * 16 + v;
  }
  // An overflow check on the value, not the digit count: leading zeros are legal.
  if (i === start || size > Number.MAX_SAFE_INTEGER)
    throw new HttpParseError('ERR_HTTP_INVALID_CHUNK_SIZE');
  // Only BWS may follow the digits, and only when an extension follows it.
  if (i < semi && semi === end) throw new HttpParseError('ERR_HTTP_INVALID_CHUNK_SIZE');
  for (; i < semi; i++) {
    const c = b[i]!;
    if (c !== SP && c !== HTAB) throw new HttpParseError('ERR_HTTP_INVALID_CHUNK_SIZE');
  }
  if (semi < end) checkExtensions(b, semi, end);
  return size;
}

/** Validates `*( BWS ";" BWS name [ BWS "=" BWS value ] )` over bytes[at, end), at a ";". */
function checkExtensions(b: Uint8Array, at: number, end: number): void {
  let i = at;
  while (i < end) {
    i = skipBws(b, i, end);
    if (b[i] !== SEMI) bad();
    i = skipBws(b, i + 1, end);
    const nameStart = i;
    while (i < end && TCHAR[b[i]!] === 1) i++;
    if (i === nameStart) bad();
    i = skipBws(b, i, end);
    if (i < end && b[i] === 0x3d) {
      // "="
      i = skipBws(b, i + 1, end);
      i = b[i] === 0x22 ? quotedString(b, i, end) : tokenEnd(b, i, end);
      i = skipBws(b, i, end);
    }
  }
}

function tokenEnd(b: Uint8Array, i: number, end: number): number {
  const start = i;
  while (i < end && TCHAR[b[i]!] === 1) i++;
  if (i === start) bad();
  return i;
}

/**
 * quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE     (RFC 9110 §5.6.4)
 * qdtext        = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
 * quoted-pair   = "\" ( HTAB / SP / VCHAR / obs-text )
 * Returns the index after the closing DQUOTE.
 */
function quotedString(b: Uint8Array, i: number, end: number): number {
  for (i++; i < end; i++) {
    const c = b[i]!;
    if (c === 0x22) return i + 1;
    if (c === 0x5c) {
      i++;
      if (i >= end) bad();
      const q = b[i]!;
      if (q !== HTAB && (q < 0x20 || q === 0x7f)) bad();
    } else if (c !== HTAB && (c < 0x20 || c === 0x7f)) {
      bad();
    }
  }
  return bad();
}

function skipBws(b: Uint8Array, i: number, end: number): number {
  while (i < end && (b[i] === SP || b[i] === HTAB)) i++;
  return i;
}

function bad(): never {
  throw new HttpParseError('ERR_HTTP_INVALID_CHUNK_EXTENSION');
}
