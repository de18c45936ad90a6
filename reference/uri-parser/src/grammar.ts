/**
 * RFC 3986 §2 and §3 as predicates, one per ABNF rule, with the rule quoted beside it.
 * A predicate only answers "does this text match the rule?"; parse.ts and serialize.ts
 * decide which UriError a `false` becomes.
 *
 * ABNF literals are case-insensitive (RFC 5234 §2.3): HEXDIG accepts "a"-"f", and the "v"
 * of IPvFuture may be "V".
 */

/** A lookup table over the 128 ASCII codes: 1 for the characters in `chars`. */
function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (const c of chars) t[c.charCodeAt(0)] = 1;
  return t;
}

// ALPHA = %x41-5A / %x61-7A    DIGIT = %x30-39                      (RFC 5234 B.1)
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';

// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"                 (§2.3)
export const UNRESERVED = `${ALPHA}${DIGIT}-._~`;
// gen-delims = ":" / "/" / "?" / "#" / "[" / "]" / "@"               (§2.2)
export const GEN_DELIMS = ':/?#[]@';
// sub-delims = "!" / "$" / "&" / "'" / "(" / ")"
//            / "*" / "+" / "," / ";" / "="                           (§2.2)
export const SUB_DELIMS = "!$&'()*+,;=";
// reserved   = gen-delims / sub-delims                               (§2.2)
export const RESERVED = GEN_DELIMS + SUB_DELIMS;

/** Every character that may appear in a URI as it is: unreserved, reserved and "%". */
const URI_CHARS = table(`${UNRESERVED}${RESERVED}%`);
export const IS_UNRESERVED = table(UNRESERVED);
// pchar = unreserved / pct-encoded / sub-delims / ":" / "@"          (§3.3)
const PCHAR = `${UNRESERVED}${SUB_DELIMS}:@`;
const PATH_CHARS = table(`${PCHAR}/`);
// query = *( pchar / "/" / "?" )    fragment = *( pchar / "/" / "?" ) (§3.4, §3.5)
const QUERY_CHARS = table(`${PCHAR}/?`);
// userinfo = *( unreserved / pct-encoded / sub-delims / ":" )        (§3.2.1)
const USERINFO_CHARS = table(`${UNRESERVED}${SUB_DELIMS}:`);
// reg-name = *( unreserved / pct-encoded / sub-delims )              (§3.2.2)
const REG_NAME_CHARS = table(`${UNRESERVED}${SUB_DELIMS}`);

/** HEXDIG = DIGIT / "A" / "B" / "C" / "D" / "E" / "F" (either case). */
export function isHexDigit(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x46) ||
    (code >= 0x61 && code <= 0x66)
  );
}

/** pct-encoded = "%" HEXDIG HEXDIG, starting at `i` (§2.1). */
export function isPctEncoded(text: string, i: number): boolean {
  return (
    text.charCodeAt(i) === 0x25 &&
    isHexDigit(text.charCodeAt(i + 1)) &&
    isHexDigit(text.charCodeAt(i + 2))
  );
}

/** Index of the first character that can never appear in a URI, or -1. */
export function findInvalidCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (URI_CHARS[text.charCodeAt(i)] !== 1) return i;
  }
  return -1;
}

/** Index of the first "%" that does not start a pct-encoded triplet, or -1. */
export function findInvalidEscape(text: string): number {
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', i + 1)) {
    if (!isPctEncoded(text, i)) return i;
  }
  return -1;
}

/** True when `text` is a run of characters from `allowed` and pct-encoded triplets. */
function madeOf(text: string, allowed: Uint8Array): boolean {
  for (let i = 0; i < text.length; i++) {
    if (isPctEncoded(text, i)) i += 2;
    else if (allowed[text.charCodeAt(i)] !== 1) return false;
  }
  return true;
}

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )                (§3.1)
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
export const isScheme = (text: string): boolean => SCHEME.test(text);

export const isUserinfo = (text: string): boolean => madeOf(text, USERINFO_CHARS);
export const isRegName = (text: string): boolean => madeOf(text, REG_NAME_CHARS);
export const isPath = (text: string): boolean => madeOf(text, PATH_CHARS);
export const isQueryOrFragment = (text: string): boolean => madeOf(text, QUERY_CHARS);

// port = *DIGIT                                                      (§3.2.3)
// Any number of digits: a range check (0-65535) belongs to the scheme, not to RFC 3986.
const PORT = /^[0-9]*$/;
export const isPort = (text: string): boolean => PORT.test(text);

// dec-octet   = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
// IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet   (§3.2.2)
const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4 = new RegExp(`^${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}\\.${DEC_OCTET}$`);
export const isIPv4Address = (text: string): boolean => IPV4.test(text);

// h16 = 1*4HEXDIG
const H16 = /^[0-9A-Fa-f]{1,4}$/;

/**
 * IPv6address =                            6( h16 ":" ) ls32
 *             /                       "::" 5( h16 ":" ) ls32
 *             / [               h16 ] "::" 4( h16 ":" ) ls32
 *             / [ *1( h16 ":" ) h16 ] "::" 3( h16 ":" ) ls32
 *             / [ *2( h16 ":" ) h16 ] "::" 2( h16 ":" ) ls32
 *             / [ *3( h16 ":" ) h16 ] "::"    h16 ":"   ls32
 *             / [ *4( h16 ":" ) h16 ] "::"              ls32
 *             / [ *5( h16 ":" ) h16 ] "::"              h16
 *             / [ *6( h16 ":" ) h16 ] "::"
 * ls32        = ( h16 ":" h16 ) / IPv4address
 *
 * Read as a whole: eight 16-bit groups, where a trailing IPv4address counts as two, and
 * one "::" may stand for one or more missing groups (so at most seven are written).
 */
export function isIPv6Address(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const compressed = halves.length === 2;
  let groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let width = groups.length;
  // ls32 may be an IPv4address, but only at the very end: "1.2.3.4::" is not an address.
  if (!text.endsWith(':') && isIPv4Address(groups.at(-1) ?? '')) {
    groups = groups.slice(0, -1);
    width += 1;
  }
  if (!groups.every((group) => H16.test(group))) return false;
  return compressed ? width <= 7 : width === 8;
}

// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )   (§3.2.2)
const IPV_FUTURE = /^[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/;
export const isIPvFuture = (text: string): boolean => IPV_FUTURE.test(text);

/**
 * IP-literal = "[" ( IPv6address / IPvFuture  ) "]"                  (§3.2.2)
 *
 * No zone identifier ("[fe80::1%25eth0]"): RFC 6874 allowed one, RFC 9844 (2025) obsoleted
 * it and keeps zones out of URIs.
 */
export function isIPLiteral(text: string): boolean {
  if (!text.startsWith('[') || !text.endsWith(']')) return false;
  const inner = text.slice(1, -1);
  return isIPv6Address(inner) || isIPvFuture(inner);
}

/**
 * host = IP-literal / IPv4address / reg-name                         (§3.2.2)
 *
 * Every IPv4address is also a reg-name, so only the bracketed form needs its own rule.
 */
export const isHost = (text: string): boolean => isIPLiteral(text) || isRegName(text);
