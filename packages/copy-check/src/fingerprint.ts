/**
 * Winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: local algorithms for document
 * fingerprinting", SIGMOD 2003 — the algorithm behind MOSS): hash every k-gram of the token
 * stream, slide a window of w hashes, and keep the minimum of each window (the rightmost one on a
 * tie). Any run of at least w + k − 1 tokens shared by two sources yields at least one shared
 * fingerprint, and no run shorter than k does, whatever surrounds it.
 */
import type { Token } from './tokens.ts';

export interface WinnowOptions {
  /** k-gram length in tokens: shorter runs are noise (`if (x) return y` is everyone's code). */
  k: number;
  /** Window length in hashes: matches of w + k − 1 tokens are always found. */
  w: number;
}

export const DEFAULT_WINNOW: WinnowOptions = { k: 15, w: 8 };

/** A kept hash and the first source line of its k-gram. */
export interface Fingerprint {
  hash: number;
  line: number;
}

/** 32-bit FNV-1a over the token kinds of each k-gram (kinds are small integers, some negative). */
export function kgramHashes(tokens: Token[], k: number): number[] {
  const hashes: number[] = [];
  for (let i = 0; i + k <= tokens.length; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + k; j++) {
      h = Math.imul(h ^ (tokens[j]!.kind & 0xffff), 0x01000193);
    }
    hashes.push(h >>> 0);
  }
  return hashes;
}

/** The winnowed fingerprints of a token stream, in order (a hash can repeat at another place). */
export function winnow(tokens: Token[], options: WinnowOptions = DEFAULT_WINNOW): Fingerprint[] {
  const { k, w } = options;
  const hashes = kgramHashes(tokens, k);
  const out: Fingerprint[] = [];
  if (hashes.length === 0) return out;
  if (hashes.length <= w) {
    const min = Math.min(...hashes);
    const at = hashes.lastIndexOf(min);
    return [{ hash: min, line: tokens[at]!.line }];
  }
  let kept = -1;
  for (let start = 0; start + w <= hashes.length; start++) {
    let at = start;
    for (let i = start + 1; i < start + w; i++) if (hashes[i]! <= hashes[at]!) at = i;
    if (at !== kept) {
      kept = at;
      out.push({ hash: hashes[at]!, line: tokens[at]!.line });
    }
  }
  return out;
}
