#!/usr/bin/env node
// The kata's `vitest`: vitest itself, in this process, plus one flag of ours. `--verbose` swaps the
// compact kata reporter for vitest's own output (KATA_VERBOSE=1, read by kata-kit's config).
// A plain .mjs so it costs nothing to start: no TypeScript loader before vitest.
const args = process.argv.slice(2);
if (args.includes('--verbose')) {
  process.env.KATA_VERBOSE = '1';
  process.argv = [...process.argv.slice(0, 2), ...args.filter((a) => a !== '--verbose')];
}
// vitest's package exports do not list its CLI; find it beside its package.json.
await import(new URL('./vitest.mjs', import.meta.resolve('vitest/package.json')).href);
