/**
 * `npm run bench`: your uri-parser, the reference and fast-uri side by side, in one process.
 * Ratios are ops/s divided by fast-uri's. A stage you have not built yet shows as skipped.
 *
 * The three do not do exactly the same work: fast-uri also lowercases, re-encodes and knows
 * http/ws/urn/mailto, and it validates less. Read the ratios as "same ballpark or not".
 */
import { existsSync } from 'node:fs';
import { compare } from '@hbu/kata-kit/bench';
import fastUri from 'fast-uri';
import * as participant from '../src/index.ts';

// The reference is in the instructor's source only (the workshop repository has none).
const referenceUrl = new URL('../../../reference/uri-parser/src/index.ts', import.meta.url);
const reference = existsSync(referenceUrl)
  ? ((await import(referenceUrl.href)) as typeof participant)
  : undefined;

const uris = [
  'http://user:pass@example.com:8080/a/b/c?x=1&y=2#frag',
  'https://[2001:db8::7]/c=GB?objectClass?one',
  'urn:oasis:names:specification:docbook:dtd:xml:4.1.2',
  'mailto:John.Doe@example.com',
  '/relative/path/../to/./file.txt?q',
];
const base = 'http://a/b/c/d;p?q';
// No "http:g": fast-uri resolves non-strictly and throws on it.
const references = ['g', '../g', '../../../g', '//g', '?y', 'g;x=1/../y', '#s', 'g:h'];
const toNormalize = [
  'eXAMPLE://a/./b/../b/%63/%7bfoo%7d',
  'HTTP://Example.COM:80/%7Euser/a/../b?Q=%2f#F',
];

type Impl = {
  parse(u: string): unknown;
  resolve(b: string, r: string): string;
  normalize(u: string): string;
};
const contenders = (run: (impl: Impl) => unknown) => [
  { name: 'yours', run: () => run(participant) },
  ...(reference === undefined ? [] : [{ name: 'reference', run: () => run(reference) }]),
  { name: 'fast-uri', run: () => run(fastUri) },
];

await compare('uri-parser: yours vs reference vs fast-uri (ops/s, ratio to fast-uri)', [
  {
    name: `parse ×${uris.length}`,
    contenders: contenders((impl) => uris.map((u) => impl.parse(u))),
  },
  {
    name: `resolve ×${references.length}`,
    contenders: contenders((impl) => references.map((r) => impl.resolve(base, r))),
  },
  {
    name: `normalize ×${toNormalize.length}`,
    contenders: contenders((impl) => toNormalize.map((u) => impl.normalize(u))),
  },
]);
