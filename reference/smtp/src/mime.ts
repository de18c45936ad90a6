/**
 * Content transfer encodings (RFC 2045 §6.7, §6.8) and encoded words (RFC 2047 §2, §4.1):
 *
 *   encoded-word = "=?" charset "?" encoding "?" encoded-text "?="
 *   "An 'encoded-word' may not be more than 75 characters long" (§2); each one must hold whole
 *   characters: "each 'encoded-word' MUST represent an integral number of characters" (§5).
 */

const HEX = '0123456789ABCDEF';

/** Base64 in lines of 76 characters joined by CRLF (no CRLF after the last). */
export function encodeBase64(data: string | Buffer): string {
  const b64 = (typeof data === 'string' ? Buffer.from(data, 'utf8') : data).toString('base64');
  if (b64.length <= 76) return b64;
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

/**
 * Quoted-printable: every line break of the input (CRLF, LF or CR) is a hard line break (CRLF);
 * "=" and bytes outside 33–126 are =XX, except a space or tab not at the end of a line; no
 * encoded line is longer than 76 characters (soft breaks "=" CRLF).
 */
export function encodeQuotedPrintable(data: string | Buffer): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const out: string[] = [];
  let line = '';
  const n = bytes.length;
  for (let i = 0; i <= n; i++) {
    const b = i < n ? (bytes[i] as number) : -1;
    if (b === -1 || b === 0x0d || b === 0x0a) {
      out.push(line);
      line = '';
      if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
      continue;
    }
    const next = i + 1 < n ? (bytes[i + 1] as number) : -1;
    const atEnd = next === -1 || next === 0x0d || next === 0x0a;
    let token: string;
    if ((b >= 33 && b <= 126 && b !== 0x3d) || ((b === 0x20 || b === 0x09) && !atEnd)) {
      token = String.fromCharCode(b);
    } else {
      token = `=${HEX[b >> 4]}${HEX[b & 15]}`;
    }
    // Room for the token and a soft break "=", unless the token ends the line.
    const limit = atEnd ? 76 : 75;
    if (line.length + token.length > limit) {
      out.push(`${line}=`);
      line = '';
    }
    line += token;
  }
  return out.join('\r\n');
}

/** The longest run of UTF-8 bytes in one B-encoded word: 12 + 4 × ⌈45 / 3⌉ = 72 ≤ 75. */
const WORD_BYTES = 45;

/**
 * `text` as RFC 2047 "B" encoded words in UTF-8, separated by single spaces (which a reader
 * drops between encoded words, §6.2), each at most 75 characters and never splitting a
 * character.
 */
export function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > WORD_BYTES && chunk !== '') {
      words.push(bWord(chunk));
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  // No word for empty text: encoded-text = 1*<…> (§2), so "=?UTF-8?B??=" is not one.
  if (chunk !== '') words.push(bWord(chunk));
  return words.join(' ');
}

function bWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}
