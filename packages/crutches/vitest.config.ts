import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { implResolver } from '../kata-kit/src/impl-resolver.ts';
import { dependentKatas, switchToCrutches } from './test/prereqs-switch.ts';

// The crutches' own specs, and — in the source tree, where the references are — every dependent
// kata's specs run against its reference with src/prereqs.ts switched to the crutches, exactly as
// the kata's README tells a participant to switch it. A crutch that does not carry its kata's
// interface far enough for the katas that stand on it fails here.
const root = resolve(import.meta.dirname, '../..');
const withReferences = existsSync(join(root, 'reference'));
const dependents = withReferences
  ? dependentKatas(join(root, 'katas')).filter((slug) =>
      existsSync(join(root, 'reference', slug, 'src', 'prereqs.ts')),
    )
  : [];

const onCrutches: Plugin = {
  name: 'hbu:prereqs-on-crutches',
  enforce: 'pre',
  load(id) {
    const file = id.split('?')[0] ?? id;
    if (!/[\\/]src[\\/]prereqs\.ts$/.test(file)) return null;
    return switchToCrutches(readFileSync(file, 'utf8'));
  },
};

export default defineConfig({
  plugins: withReferences ? [implResolver('reference'), onCrutches] : [],
  test: {
    name: 'crutches',
    root,
    include: [
      'packages/crutches/test/**/*.spec.ts',
      ...dependents.map((slug) => `katas/${slug}/test/**/*.spec.ts`),
    ],
    testTimeout: 20_000,
    pool: 'threads',
    isolate: false,
  },
});
