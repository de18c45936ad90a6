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
  const parts = text.split('.');
  if (parts.length !== 4) throw bad(`"${text}" is not a dotted quad`);
  parts.forEach((p, i) => {
    // Only the one decimal spelling of 0…255: String(Number(p)) is p exactly when p has no
    // sign, no leading zero, no space, no exponent, no hex and is not empty.
    const value = Number(p);
    if (String(value) !== p || !(value >= 0 && value <= 255)) {
      throw bad(`"${text}": "${p}" is not a number from 0 to 255`);
    }
    out[at + i] = value;
  });
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
  let words: number[];
  if (halves.length === 1) {
    words = groups(text, true);
  } else {
    const head = groups(halves[0] as string, false);
    const tail = groups(halves[1] as string, true);
    // "::" stands for one or more groups of zeros (RFC 4291 §2.2), never for none.
    const zeros = 8 - head.length - tail.length;
    if (zeros < 1) throw bad(`"${text}" is not 8 groups`);
    words = [...head, ...new Array<number>(zeros).fill(0), ...tail];
  }
  if (words.length !== 8) throw bad(`"${text}" is not 8 groups`);
  words.forEach((w, i) => {
    out[at + 2 * i] = w >>> 8;
    out[at + 2 * i + 1] = w & 0xff;
  });
}

/** 16 octets → RFC 5952 §4: lowercase, no leading zeros, the longest zero run (≥ 2) as "::". */
export function formatIPv6(b: Uint8Array, at: number): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++)
    words.push(((b[at + 2 * i] as number) << 8) | (b[at + 2 * i + 1] as number));
  // The first longest run of two or more zero groups (RFC 5952 §4.2.3).
  let bestStart = -1;
  let bestLen = 1;
  let run = 0;
  words.forEach((w, i) => {
    run = w === 0 ? run + 1 : 0;
    if (run > bestLen) {
      bestStart = i + 1 - run;
      bestLen = run;
    }
  });
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}
