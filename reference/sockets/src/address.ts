/**
 * IP addresses as text, strictly. RFC 4291 §2.2 gives the three text forms of IPv6, RFC 5952 §4
 * the one canonical form to print, RFC 4007 §11 the zone ("%eth0"). IPv4 is the dotted-decimal
 * of RFC 791 with no leading zeros: inet_aton's octal ("0177.0.0.1"), hex ("0x7f.1") and short
 * ("127.1") forms are refused, as two parsers reading "010" as 10 and as 8 is an SSRF bypass.
 */
import { AddressError } from './errors.ts';
import type { IPAddress } from './types.ts';

const DEC_OCTET = /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
const H16 = /^[0-9A-Fa-f]{1,4}$/;
/** RFC 4007 §11.2 leaves zone text to the system; we take interface-name characters. */
const ZONE = /^[A-Za-z0-9._~-]+$/;

const invalid = (text: string, why: string): AddressError =>
  new AddressError(`${JSON.stringify(text)} is not an IP address: ${why}`);

/** Dotted decimal, exactly four octets 0-255, no leading zeros, nothing else. */
export function parseIPv4(text: string): IPAddress {
  const parts = text.split('.');
  if (parts.length !== 4) throw invalid(text, 'an IPv4 address has four dotted octets');
  const bytes = new Uint8Array(4);
  parts.forEach((part, i) => {
    if (!DEC_OCTET.test(part)) throw invalid(text, `bad octet ${JSON.stringify(part)}`);
    bytes[i] = Number(part);
  });
  return { family: 4, bytes };
}

/**
 * RFC 4291 §2.2: eight h16 groups; "::" once for one or more zero groups; the last 32 bits
 * may be dotted IPv4; then an optional "%zone".
 */
export function parseIPv6(text: string): IPAddress {
  let body = text;
  let zone: string | undefined;
  const percent = text.indexOf('%');
  if (percent >= 0) {
    zone = text.slice(percent + 1);
    body = text.slice(0, percent);
    if (!ZONE.test(zone)) throw invalid(text, 'bad zone');
  }
  const halves = body.split('::');
  if (halves.length > 2) throw invalid(text, '"::" at most once');
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  const words: number[] = [];
  const read = (list: string[], isLast: boolean): number[] => {
    const out: number[] = [];
    list.forEach((g, i) => {
      if (isLast && i === list.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g).bytes;
        out.push(((v4[0] as number) << 8) | (v4[1] as number));
        out.push(((v4[2] as number) << 8) | (v4[3] as number));
      } else if (H16.test(g)) out.push(Number.parseInt(g, 16));
      else throw invalid(text, `bad group ${JSON.stringify(g)}`);
    });
    return out;
  };
  const left = read(head, halves.length === 1);
  const right = halves.length === 2 ? read(tail, true) : [];
  if (halves.length === 1) {
    if (left.length !== 8) throw invalid(text, 'eight groups, or "::"');
    words.push(...left);
  } else {
    // "::" stands for at least one zero group (RFC 4291 §2.2 form 2).
    if (left.length + right.length > 7) throw invalid(text, 'too many groups around "::"');
    words.push(...left, ...new Array(8 - left.length - right.length).fill(0), ...right);
  }
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return zone === undefined ? { family: 6, bytes } : { family: 6, bytes, zone };
}

/** Either family: text with a ":" is IPv6, anything else IPv4. */
export function parseIP(text: string): IPAddress {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}

/** True for ::ffff:0:0/96, the IPv4-mapped addresses of RFC 4291 §2.5.5.2. */
export function isMapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * The canonical text (RFC 5952 §4): lower-case hex, no leading zeros, the longest run of two
 * or more zero groups as "::" (the first of equal runs), never "::" for a single zero group;
 * IPv4-mapped addresses end in dotted decimal (§5).
 */
export function formatIP(address: IPAddress): string {
  const { family, bytes, zone } = address;
  if (family === 4 && bytes.length === 4) return bytes.join('.');
  if (family !== 6 || bytes.length !== 16) {
    throw new AddressError(`a family ${family} address of ${bytes.length} bytes`);
  }
  if (zone !== undefined && !ZONE.test(zone)) throw new AddressError('bad zone');
  const suffix = zone === undefined ? '' : `%${zone}`;
  if (isMapped(bytes)) return `::ffff:${bytes.subarray(12).join('.')}${suffix}`;
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2)
    words.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  let bestAt = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestAt = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]): string => list.map((w) => w.toString(16)).join(':');
  if (bestAt < 0) return hex(words) + suffix;
  return `${hex(words.slice(0, bestAt))}::${hex(words.slice(bestAt + bestLength))}${suffix}`;
}
