#!/usr/bin/env node
// The kata's `vitest`: vitest itself, in this process, plus one flag of ours. `--verbose` swaps the
// compact kata reporter for vitest's own output (KATA_VERBOSE=1, read by kata-kit's config).
// A plain .mjs so it costs nothing to start: no TypeScript loader before vitest.
import { setFlagsFromString } from 'node:v8';

const args = process.argv.slice(2);
if (args.includes('--verbose')) {
  process.env.KATA_VERBOSE = '1';
  process.argv = [...process.argv.slice(0, 2), ...args.filter((a) => a !== '--verbose')];
} else if (!args.includes('--ui')) {
  // The compact reporter shows no stack traces, but vitest still source-maps every frame of every
  // failure in this process, reading and regex-scanning the file each frame points into, once per
  // frame, and the workers' source-map support rewrites every stack: against a stub (every test
  // fails) that was a third of the main process's time with full stacks, and still about 7% of a
  // stub run's CPU with three frames. Workers start after this line, so their errors carry the
  // message only (vitest raises the limit itself where it needs a stack, as vi.mock does).
  setFlagsFromString('--stack-trace-limit=0');
}
// vitest's package exports do not list its CLI; find it beside its package.json.
await import(new URL('./vitest.mjs', import.meta.resolve('vitest/package.json')).href);
