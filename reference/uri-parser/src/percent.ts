/**
 * Percent-encoding (RFC 3986 §2.1, §2.4) over UTF-8 (§2.5, RFC 3629).
 *
 *   pct-encoded = "%" HEXDIG HEXDIG
 *
 * A URI carries octets; text becomes octets through UTF-8, and each octet that may not appear
 * as itself becomes "%" and two uppercase hex digits (§2.1: "should use uppercase").
 */
import { UriError } from './errors.ts';
import { IS_UNRESERVED, isPctEncoded, RESERVED } from './grammar.ts';

const HEX = Array.from(
  { length: 256 },
  (_, byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
);
const utf8 = new TextEncoder();
// ignoreBOM: a leading U+FEFF is data, not a byte-order mark to swallow.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Percent-encodes every character of `text` except the unreserved ones and those in `keep`.
 * Works on code points, so "😀" is one four-octet sequence, not two surrogates.
 */
export function percentEncode(text: string, keep = ''): string {
  for (const c of keep) {
    if (!RESERVED.includes(c) && IS_UNRESERVED[c.charCodeAt(0)] !== 1) {
      throw new UriError(
        'ERR_URI_INVALID_CHARACTER',
        `percentEncode can only keep reserved characters, not ${JSON.stringify(c)}`,
      );
    }
  }
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (IS_UNRESERVED[code] === 1 || keep.includes(c)) {
      out += c;
      continue;
    }
    // for…of yields a lone surrogate as itself; UTF-8 has no encoding for it (RFC 3629 §3).
    if (code >= 0xd800 && code <= 0xdfff && c.length === 1) {
      throw new UriError(
        'ERR_URI_INVALID_CHARACTER',
        `lone surrogate U+${code.toString(16).toUpperCase()} has no UTF-8 encoding`,
      );
    }
    for (const byte of utf8.encode(c)) out += HEX[byte];
  }
  return out;
}

export interface DecodeOptions {
  /**
   * true (the default): a "%" without two hex digits is ERR_URI_INVALID_PERCENT_ENCODING and
   * octets that are not UTF-8 are ERR_URI_INVALID_UTF8. false: the former stay as written and
   * the latter become U+FFFD, as the WHATWG URL Standard decodes.
   */
  strict?: boolean;
}

/**
 * Decodes each run of pct-encoded octets as UTF-8, once: "%2541" becomes "%41", not "A".
 * Everything else, "+" included, is copied as it is.
 */
export function percentDecode(text: string, { strict = true }: DecodeOptions = {}): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (!isPctEncoded(text, i)) {
      if (strict && text[i] === '%') {
        throw new UriError(
          'ERR_URI_INVALID_PERCENT_ENCODING',
          `"%" at ${i} is not followed by two hex digits`,
        );
      }
      out += text[i];
      i += 1;
      continue;
    }
    const bytes: number[] = [];
    while (isPctEncoded(text, i)) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    }
    out += decodeUtf8(Uint8Array.from(bytes), strict);
  }
  return out;
}

function decodeUtf8(bytes: Uint8Array, strict: boolean): string {
  if (!strict) return lenientUtf8.decode(bytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new UriError(
      'ERR_URI_INVALID_UTF8',
      `percent-encoded octets are not UTF-8: ${[...bytes].map((b) => HEX[b]).join('')}`,
    );
  }
}

/**
 * §6.2.2.2 percent-encoding normalization of one component: decode the octets of unreserved
 * characters ("%7E" → "~"), write every other triplet in uppercase ("%2f" → "%2F"). A reserved
 * character is never decoded: "%2F" and "/" mean different things.
 *
 * With `lowerCase`, every other character is lowercased too (the host, §6.2.2.1), while the
 * hex digits of the triplets stay uppercase.
 */
export function normalizePercentEncoding(text: string, lowerCase = false): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (isPctEncoded(text, i)) {
      const byte = Number.parseInt(text.slice(i + 1, i + 3), 16);
      const decoded = String.fromCharCode(byte);
      out += IS_UNRESERVED[byte] === 1 ? (lowerCase ? decoded.toLowerCase() : decoded) : HEX[byte];
      i += 2;
    } else {
      out += lowerCase ? text[i]!.toLowerCase() : text[i];
    }
  }
  return out;
}
