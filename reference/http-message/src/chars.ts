/**
 * Byte classes as 256-entry lookup tables: one array read per byte is the cheapest test there is,
 * and it keeps the grammar in one place.
 *
 * RFC 9110 §5.6.2:
 *   token = 1*tchar
 *   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
 *         / DIGIT / ALPHA
 * RFC 9110 §5.5:
 *   field-value   = *field-content
 *   field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
 *   field-vchar   = VCHAR / obs-text
 *   obs-text      = %x80-FF
 */

export const SP = 0x20;
export const HTAB = 0x09;
export const CR = 0x0d;
export const LF = 0x0a;
export const COLON = 0x3a;
export const SEMI = 0x3b;

function table(test: (byte: number) => boolean): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, b) => (test(b) ? 1 : 0));
}

const isAlnum = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/** tchar (RFC 9110 §5.6.2). */
export const TCHAR: Uint8Array = table(
  (b) => isAlnum(b) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(b)),
);

/** field-vchar, SP and HTAB: every byte allowed inside a field value (RFC 9110 §5.5). */
export const FIELD_BYTE: Uint8Array = table(
  (b) => b === SP || b === HTAB || (b > 0x20 && b !== 0x7f),
);

/**
 * Bytes of a request-target: the URI characters of RFC 3986 (unreserved, reserved, "%"). No
 * SP, no CTL, no DEL, no obs-text; "\", "^", "`", "{", "|", "}", '"', "<", ">" are not URI
 * characters either, but browsers send some of them raw, so we accept every VCHAR (RFC 9112
 * §3.2 leaves the target's own validation to the URI parser).
 */
export const TARGET_BYTE: Uint8Array = table((b) => b > 0x20 && b < 0x7f);

/** reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ) (RFC 9112 §4). */
export const REASON_BYTE: Uint8Array = FIELD_BYTE;

/** HEXDIG values, or 255 for a byte that is not one (case-insensitive, RFC 5234). */
export const HEX_VALUE: Uint8Array = Uint8Array.from({ length: 256 }, (_, b) => {
  const digit = '0123456789abcdef'.indexOf(String.fromCharCode(b).toLowerCase());
  return digit === -1 ? 255 : digit;
});

/**
 * Whether the token bytes[start, end) equal `word` (lower-case letters and "-"), ignoring ASCII
 * case. `| 0x20` lower-cases A–Z; among tchar bytes no other byte lands on a-z or "-" by it.
 */
export function equalsIgnoreCase(
  bytes: Uint8Array,
  start: number,
  end: number,
  word: string,
): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((bytes[start + i]! | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** Latin-1 decoding of bytes[start, end): one byte, one UTF-16 code unit, as Node does for headers. */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: a speed threshold; both branches decode alike.
  if (n < 10) {
    // Short strings: a loop beats the native call's fixed cost.
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }
  return (
    Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, s: number, e: number): string }
  ).latin1Slice.call(bytes, start, end);
}
