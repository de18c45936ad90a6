/**
 * Domain names on the wire (RFC 1035 §3.1, §4.1.4) and in presentation form (§5.1).
 *
 *   <domain-name> is a sequence of labels, each a length octet and that many octets,
 *   ending with the zero-length label of the root. Labels ≤ 63 octets, names ≤ 255 octets.
 *
 * In text, a name is its labels joined by "." without the final dot ("" is the root). A label
 * octet that is "." or "\" is written "\." or "\\"; an octet outside "!"…"~" is "\DDD" (three
 * decimal digits). So every byte string has exactly one text form, and a dot inside a label can
 * never pass for a label boundary.
 */
import { type DecodedName, DnsError } from './types.ts';

const MAX_LABEL = 63;
const MAX_NAME = 255;

/** A name split into labels: the octets of each and where its suffix starts in the text. */
export interface ParsedName {
  labels: Uint8Array[];
  /** starts[i]: the index in `text` where labels i… begin (a compression key). */
  starts: number[];
  /** The name without a final dot. */
  text: string;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Parses presentation form into labels; throws ERR_DNS_BAD_NAME / LABEL_TOO_LONG / NAME_TOO_LONG. */
export function parseName(name: string): ParsedName {
  if (typeof name !== 'string') throw new DnsError('ERR_DNS_BAD_NAME', 'a name is a string');
  let text = name;
  // One final unescaped dot is the root label written out: "example.com." = "example.com".
  if (text.endsWith('.') && !endsWithEscapedDot(text)) text = text.slice(0, -1);
  const labels: Uint8Array[] = [];
  const starts: number[] = [];
  if (text === '') return { labels, starts, text };
  let wire = 1;
  let label: number[] = [];
  starts.push(0);
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (label.length === 0) throw new DnsError('ERR_DNS_BAD_NAME', `empty label in "${name}"`);
      wire += pushLabel(labels, label, name);
      label = [];
      starts.push(i + 1);
      continue;
    }
    if (c === 0x5c) {
      const d1 = text.charCodeAt(i + 1);
      if (Number.isNaN(d1)) throw new DnsError('ERR_DNS_BAD_NAME', `a lone "\\" ends "${name}"`);
      if (isDigit(d1)) {
        const d2 = text.charCodeAt(i + 2);
        const d3 = text.charCodeAt(i + 3);
        if (!isDigit(d2) || !isDigit(d3)) {
          throw new DnsError('ERR_DNS_BAD_NAME', `"\\DDD" needs three digits in "${name}"`);
        }
        c = (d1 - 0x30) * 100 + (d2 - 0x30) * 10 + (d3 - 0x30);
        if (c > 255) throw new DnsError('ERR_DNS_BAD_NAME', `"\\${c}" is not an octet`);
        i += 3;
      } else {
        c = d1;
        i += 1;
        if (c < 0x21 || c > 0x7e) {
          throw new DnsError('ERR_DNS_BAD_NAME', `escape a non-printable octet as \\DDD`);
        }
      }
    } else if (c < 0x21 || c > 0x7e) {
      // Spaces, controls and non-ASCII: a name is ASCII (use punycode, RFC 5891), or \DDD.
      throw new DnsError('ERR_DNS_BAD_NAME', `character ${c} in "${name}" must be escaped`);
    }
    label.push(c);
  }
  if (label.length === 0) throw new DnsError('ERR_DNS_BAD_NAME', `empty label in "${name}"`);
  wire += pushLabel(labels, label, name);
  if (wire > MAX_NAME) {
    throw new DnsError('ERR_DNS_NAME_TOO_LONG', `"${name}" is ${wire} octets on the wire`);
  }
  return { labels, starts, text };
}

function endsWithEscapedDot(text: string): boolean {
  // "a\." ends with an escaped dot; "a\\." ends with an escaped backslash and a real dot.
  // charCodeAt before the start is NaN, so the walk also stops at the first character.
  let slashes = 0;
  for (let i = text.length - 2; text.charCodeAt(i) === 0x5c; i--) slashes++;
  return slashes % 2 === 1;
}

function pushLabel(labels: Uint8Array[], label: number[], name: string): number {
  if (label.length > MAX_LABEL) {
    throw new DnsError('ERR_DNS_LABEL_TOO_LONG', `a label of "${name}" has ${label.length} octets`);
  }
  labels.push(Uint8Array.from(label));
  return label.length + 1;
}

/** The text of one label's octets. */
export function formatLabel(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c === 0x2e || c === 0x5c) out += `\\${String.fromCharCode(c)}`;
    else if (c >= 0x21 && c <= 0x7e) out += String.fromCharCode(c);
    else out += `\\${String(c).padStart(3, '0')}`;
  }
  return out;
}

/** The uncompressed wire form of a name. */
export function encodeName(name: string): Uint8Array {
  const { labels } = parseName(name);
  let size = 1;
  for (const l of labels) size += l.length + 1;
  const out = new Uint8Array(size);
  let at = 0;
  for (const l of labels) {
    out[at++] = l.length;
    out.set(l, at);
    at += l.length;
  }
  out[at] = 0;
  return out;
}

/**
 * Reads the name at `offset`, following compression pointers (RFC 1035 §4.1.4). A pointer must
 * point strictly before the labels that led to it (the "prior occurrence" of §4.1.4), so every
 * jump goes backwards: a loop or a forward pointer is ERR_DNS_BAD_POINTER, and decoding ends.
 */
export function decodeName(bytes: Uint8Array, offset: number): DecodedName {
  let pos = offset;
  let segment = offset;
  // Where the name's own octets end: after the first pointer, if there is one.
  let next: number | undefined;
  let wire = 1;
  let name = '';
  for (;;) {
    if (pos >= bytes.length)
      throw new DnsError('ERR_DNS_UNEXPECTED_END', 'a name runs off the end');
    const len = bytes[pos] as number;
    if (len === 0) {
      pos++;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (pos + 1 >= bytes.length) {
        throw new DnsError('ERR_DNS_UNEXPECTED_END', 'a pointer runs off the end');
      }
      const target = ((len & 0x3f) << 8) | (bytes[pos + 1] as number);
      next ??= pos + 2;
      if (target >= segment) {
        throw new DnsError(
          'ERR_DNS_BAD_POINTER',
          `pointer at ${pos} to ${target} is not backwards`,
        );
      }
      pos = target;
      segment = target;
      continue;
    }
    if (kind !== 0) {
      // 0x40 (extended, RFC 6891 §5) and 0x80 (reserved): nobody may send them.
      throw new DnsError('ERR_DNS_BAD_LABEL_TYPE', `label type 0x${kind.toString(16)} at ${pos}`);
    }
    const end = pos + 1 + len;
    if (end > bytes.length)
      throw new DnsError('ERR_DNS_UNEXPECTED_END', 'a label runs off the end');
    wire += len + 1;
    if (wire > MAX_NAME)
      throw new DnsError('ERR_DNS_NAME_TOO_LONG', `a name over ${MAX_NAME} octets`);
    const label = formatLabel(bytes, pos + 1, end);
    name = name === '' ? label : `${name}.${label}`;
    pos = end;
  }
  return { name, next: next ?? pos };
}

/** DNS compares names without regard to ASCII case (RFC 4343). */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
