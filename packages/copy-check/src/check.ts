/**
 * The whole check for a room: every kata, every participant's checkout, the reference when the
 * repository has one, the stub as the base.
 */
import { existsSync } from 'node:fs';
import {
  baseHashes,
  type CompareOptions,
  type CopyPair,
  comparePairs,
  DEFAULT_COMPARE,
  profile,
  type Submission,
} from './compare.ts';
import { participantKataDir, readSources, referenceKataDir, stubKataDir } from './sources.ts';

export interface Checkout {
  /** The participant's name as the leaderboard shows it. */
  name: string;
  /** A folder holding `katas/<slug>/src/` (a clone, an exported branch, a copied folder). */
  dir: string;
}

export interface CheckOptions {
  /** The instructor's repository: stubs in `katas/`, references in `reference/` (if present). */
  repository: string;
  katas: string[];
  checkouts: Checkout[];
  options?: Partial<CompareOptions>;
}

export interface CopyReport {
  options: CompareOptions;
  /** Every pair that shares fingerprints, flagged or not, highest similarity first. */
  pairs: CopyPair[];
}

export function checkCopies(check: CheckOptions): CopyReport {
  const options = { ...DEFAULT_COMPARE, ...check.options };
  const pairs: CopyPair[] = [];
  for (const slug of check.katas) {
    const base = baseHashes(readSources(stubKataDir(check.repository, slug)), options);
    const submissions: Submission[] = check.checkouts.map((c) => ({
      name: c.name,
      kata: slug,
      files: readSources(participantKataDir(c.dir, slug)),
    }));
    const refDir = referenceKataDir(check.repository, slug);
    if (existsSync(refDir)) {
      submissions.push({
        name: 'reference',
        kata: slug,
        files: readSources(refDir),
        isReference: true,
      });
    }
    const profiles = submissions
      .map((s) => profile(s, base, options))
      .filter((p) => p.hashes.size > 0);
    pairs.push(...comparePairs(profiles, options));
  }
  pairs.sort((x, y) => y.similarity - x.similarity || x.kata.localeCompare(y.kata));
  return { options, pairs };
}
