/**
 * The measurement the issue asks for, shared by the spec and `npm run measure`: for every kata,
 * the reference and at least two implementations written independently for this test
 * (test/fixtures/<slug>/<style>/), compared pairwise, plus each of them disguised (renamed,
 * reordered, reformatted, merged into one file) and compared with its original.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  baseHashes,
  type CompareOptions,
  type CopyPair,
  comparePair,
  DEFAULT_COMPARE,
  profile,
  readSources,
  type Submission,
} from '../src/index.ts';
import { disguise } from './disguise.ts';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const KATAS = readdirSync(FIXTURES).sort();

export interface Row {
  kata: string;
  /** `disguised` rows compare a disguised copy with its original; they must be flagged. */
  kind: 'disguised' | 'independent';
  pair: CopyPair;
}

export function measure(options: CompareOptions = DEFAULT_COMPARE): Row[] {
  const rows: Row[] = [];
  for (const slug of KATAS) {
    const base = baseHashes(readSources(join(ROOT, 'katas', slug, 'src')), options);
    const submissions: Submission[] = [];
    const ref = join(ROOT, 'reference', slug, 'src');
    if (existsSync(ref)) {
      submissions.push({
        name: 'reference',
        kata: slug,
        files: readSources(ref),
        isReference: true,
      });
    }
    for (const style of readdirSync(join(FIXTURES, slug)).sort()) {
      submissions.push({
        name: style,
        kata: slug,
        files: readSources(join(FIXTURES, slug, style)),
      });
    }
    const profiles = submissions.map((s) => profile(s, base, options));
    for (let i = 0; i < profiles.length; i++) {
      for (let j = i + 1; j < profiles.length; j++) {
        rows.push({
          kata: slug,
          kind: 'independent',
          pair: comparePair(profiles[j]!, profiles[i]!, options),
        });
      }
    }
    submissions.forEach((s, i) => {
      const copy = profile(
        { name: `${s.name}, disguised`, kata: slug, files: disguise(s.files) },
        base,
        options,
      );
      rows.push({ kata: slug, kind: 'disguised', pair: comparePair(copy, profiles[i]!, options) });
    });
  }
  return rows;
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

export function table(rows: Row[]): string {
  return [
    '| kata | pair | kind | shared | a in b | b in a | flagged |',
    '| :-- | :-- | :-- | --: | --: | --: | :-- |',
    ...rows.map(
      (r) =>
        `| ${r.kata} | ${r.pair.a} ~ ${r.pair.b} | ${r.kind} | ${r.pair.shared} | ${pct(r.pair.aInB)} | ${pct(r.pair.bInA)} | ${r.pair.flagged ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(table(measure()));
}
