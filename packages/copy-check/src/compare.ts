/**
 * Pairs of submissions of one kata that share more code than chance: each submission's winnowed
 * fingerprints minus those of the stub every participant starts from (its types, signatures and
 * doc comments are everyone's), then, for every pair sharing fingerprints, the share of each
 * side's fingerprints found in the other. A pair is flagged when the larger share reaches the
 * threshold and enough fingerprints are shared for it to mean something.
 */
import { DEFAULT_WINNOW, type WinnowOptions, winnow } from './fingerprint.ts';
import type { SourceFile } from './sources.ts';
import { tokenize } from './tokens.ts';

/** One submission of one kata: a participant's, or the reference (`isReference`). */
export interface Submission {
  name: string;
  kata: string;
  files: SourceFile[];
  isReference?: boolean;
}

/** A submission reduced to its fingerprints, each with where it first occurs. */
export interface Profile {
  name: string;
  kata: string;
  isReference: boolean;
  hashes: Map<number, { file: string; line: number }>;
}

export interface CompareOptions extends WinnowOptions {
  /** Flag a pair whose larger containment reaches this (0–1). */
  threshold: number;
  /** …and that shares at least this many fingerprints. */
  minShared: number;
  /**
   * A fingerprint held by more submissions than this proposes no pairs (it is an idiom of the
   * kata, or the stub); it still counts in the pairs other fingerprints propose, and every
   * participant is always compared with the reference.
   */
  maxHolders: number;
}

export const DEFAULT_COMPARE: CompareOptions = {
  ...DEFAULT_WINNOW,
  threshold: 0.5,
  minShared: 12,
  maxHolders: 40,
};

/** A pair of submissions of one kata and how much of each is in the other. */
export interface CopyPair {
  kata: string;
  a: string;
  b: string;
  /** True when `b` is the reference. */
  reference: boolean;
  /** Fingerprints in common (after the stub's are removed). */
  shared: number;
  /** Share of a's fingerprints found in b, and of b's in a (0–1). */
  aInB: number;
  bInA: number;
  /** max(aInB, bInA): what the flag and the tables sort by. */
  similarity: number;
  flagged: boolean;
  /** Up to five matching places, `file:line ↔ file:line`, for the instructor to open. */
  matches: string[];
}

/** The fingerprints of a set of files (the stub's, usually): what every submission may share. */
export function baseHashes(
  files: SourceFile[],
  options: WinnowOptions = DEFAULT_WINNOW,
): Set<number> {
  const base = new Set<number>();
  for (const f of files) for (const fp of winnow(tokenize(f.text), options)) base.add(fp.hash);
  return base;
}

export function profile(
  submission: Submission,
  base: Set<number>,
  options: WinnowOptions = DEFAULT_WINNOW,
): Profile {
  const hashes = new Map<number, { file: string; line: number }>();
  for (const f of submission.files) {
    for (const fp of winnow(tokenize(f.text), options)) {
      if (!base.has(fp.hash) && !hashes.has(fp.hash)) {
        hashes.set(fp.hash, { file: f.path, line: fp.line });
      }
    }
  }
  return {
    name: submission.name,
    kata: submission.kata,
    isReference: submission.isReference === true,
    hashes,
  };
}

/** One pair's figures. */
export function comparePair(
  a: Profile,
  b: Profile,
  options: CompareOptions = DEFAULT_COMPARE,
): CopyPair {
  let shared = 0;
  const matches: string[] = [];
  const [small, large] = a.hashes.size <= b.hashes.size ? [a, b] : [b, a];
  for (const [hash, where] of small.hashes) {
    const other = large.hashes.get(hash);
    if (other === undefined) continue;
    shared++;
    if (matches.length < 5) {
      const [wa, wb] = small === a ? [where, other] : [other, where];
      matches.push(`${wa.file}:${wa.line} ↔ ${wb.file}:${wb.line}`);
    }
  }
  const aInB = a.hashes.size === 0 ? 0 : shared / a.hashes.size;
  const bInA = b.hashes.size === 0 ? 0 : shared / b.hashes.size;
  const similarity = Math.max(aInB, bInA);
  return {
    kata: a.kata,
    a: a.name,
    b: b.name,
    reference: b.isReference,
    shared,
    aInB,
    bInA,
    similarity,
    flagged: similarity >= options.threshold && shared >= options.minShared,
    matches,
  };
}

/**
 * Every pair of profiles of one kata that shares at least one fingerprint, found through an
 * inverted index (a room of a thousand is half a million pairs; most share nothing). The
 * reference is always `b`. Sorted by similarity, highest first.
 */
export function comparePairs(
  profiles: Profile[],
  options: CompareOptions = DEFAULT_COMPARE,
): CopyPair[] {
  const index = new Map<number, number[]>();
  profiles.forEach((p, i) => {
    for (const hash of p.hashes.keys()) {
      const list = index.get(hash);
      if (list) list.push(i);
      else index.set(hash, [i]);
    }
  });
  const candidates = new Set<number>();
  const n = profiles.length;
  profiles.forEach((p, i) => {
    if (!p.isReference) return;
    for (let j = 0; j < n; j++) if (j !== i) candidates.add(Math.min(i, j) * n + Math.max(i, j));
  });
  for (const list of index.values()) {
    if (list.length > options.maxHolders) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) candidates.add(list[x]! * n + list[y]!);
    }
  }
  const pairs: CopyPair[] = [];
  for (const key of candidates) {
    let a = profiles[Math.floor(key / n)]!;
    let b = profiles[key % n]!;
    if (a.isReference && b.isReference) continue;
    if (a.isReference) [a, b] = [b, a];
    pairs.push(comparePair(a, b, options));
  }
  return pairs.sort(
    (x, y) => y.similarity - x.similarity || x.a.localeCompare(y.a) || x.b.localeCompare(y.b),
  );
}
