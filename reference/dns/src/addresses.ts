/**
 * IPv4 and IPv6 addresses in text and as octets (RFC 1035 §3.4.1 A, RFC 3596 §2.2 AAAA).
 * Text is written the one canonical way: dotted quad, and RFC 5952 for IPv6.
 */
import { DnsError } from './types.ts';

const bad = (what: string): DnsError => new DnsError('ERR_DNS_BAD_RDATA', what);

/**
 * "192.0.2.1" → 4 octets. Four decimal parts 0…255 without leading zeros: "010" means 8 to
 * inet_aton and 10 to others (CVE-2021-29921), so it is refused rather than guessed.
 */
export function parseIPv4(text: string, out: Uint8Array, at: number): void {
  if (typeof text !== 'string') throw bad('an address is a string');
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 3) throw bad(`"${text}" is not a dotted quad`);
      out[at + part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) throw bad(`"${text}": a leading zero`);
      value = value * 10 + (c - 0x30);
      digits++;
      if (value > 255) throw bad(`"${text}": a part over 255`);
    } else {
      throw bad(`"${text}" is not a dotted quad`);
    }
  }
  if (part !== 4) throw bad(`"${text}" is not a dotted quad`);
}

export function formatIPv4(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/**
 * RFC 4291 §2.2 text → 16 octets: hex groups, one "::", an optional dotted quad at the end. "At
 * the end" is of the whole address: a quad before "::" ("1.2.3.4::") is refused, not read as the
 * first two groups.
 */
export function parseIPv6(text: string, out: Uint8Array, at: number): void {
  if (typeof text !== 'string') throw bad('an address is a string');
  const halves = text.split('::');
  if (halves.length > 2) throw bad(`"${text}" has two "::"`);
  const groups = (s: string, endsAddress: boolean): number[] => {
    if (s === '') return [];
    const words: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as string;
      if (endsAddress && i === parts.length - 1 && p.includes('.')) {
        const v4 = new Uint8Array(4);
        parseIPv4(p, v4, 0);
        words.push(((v4[0] as number) << 8) | (v4[1] as number));
        words.push(((v4[2] as number) << 8) | (v4[3] as number));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
        words.push(Number.parseInt(p, 16));
      } else {
        throw bad(`"${text}": bad group "${p}"`);
      }
    }
    return words;
  };
  const head = groups(halves[0] as string, halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1] as string, true) : [];
  const words =
    halves.length === 2
      ? [
          ...head,
          ...new Array<number>(Math.max(0, 8 - head.length - tail.length)).fill(-1),
          ...tail,
        ]
      : head;
  const filler = words.filter((w) => w === -1).length;
  if (words.length !== 8 || (halves.length === 2 && filler === 0)) {
    throw bad(`"${text}" is not 8 groups`);
  }
  for (let i = 0; i < 8; i++) {
    const w = Math.max(0, words[i] as number);
    out[at + 2 * i] = w >>> 8;
    out[at + 2 * i + 1] = w & 0xff;
  }
}

/** 16 octets → RFC 5952 §4: lowercase, no leading zeros, the longest zero run (≥ 2) as "::". */
export function formatIPv6(b: Uint8Array, at: number): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++)
    words.push(((b[at + 2 * i] as number) << 8) | (b[at + 2 * i + 1] as number));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}
