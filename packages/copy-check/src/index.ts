export { type CheckOptions, type Checkout, type CopyReport, checkCopies } from './check.ts';
export {
  baseHashes,
  type CompareOptions,
  type CopyPair,
  comparePair,
  comparePairs,
  DEFAULT_COMPARE,
  type Profile,
  profile,
  type Submission,
} from './compare.ts';
export {
  DEFAULT_WINNOW,
  type Fingerprint,
  kgramHashes,
  type WinnowOptions,
  winnow,
} from './fingerprint.ts';
export { copiesCsv } from './report.ts';
export { readSources, type SourceFile } from './sources.ts';
export { IDENT, LITERAL, type Token, tokenize } from './tokens.ts';
