import { basename } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { implResolver } from './impl-resolver.ts';
import { KataReporter } from './kata-reporter.ts';
import { implFromEnv } from './repo-paths.ts';
import { StageSequencer } from './stage-sequencer.ts';

export interface KataConfigOptions {
  /** Per-test timeout; socket katas raise it. */
  testTimeoutMs?: number;
  /**
   * Give every spec file a fresh module graph. Off by default: kata specs share no state, and
   * loading vitest, fast-check and the kata once per worker instead of once per file is what
   * keeps `npm test` in a kata close to a bare two-test run. Turn it on for specs that
   * `vi.mock` a module (session-store mocks `node:crypto`). The grader runs every spec file in
   * a fresh process whatever this says.
   */
  isolate?: boolean;
}

/**
 * The vitest configuration of one kata. `katas/<slug>/vitest.config.ts` is one line:
 * `export default kataConfig(import.meta.dirname)`.
 *
 * KATA_IMPL=reference runs the same specs against `reference/<slug>/src/`.
 *
 * The compact kata reporter is the default; `--verbose` (through `packages/kata-kit/bin/vitest.mjs`,
 * which sets KATA_VERBOSE=1) gives vitest's own output and still records progress. A `--reporter`
 * on the command line (the self-check, the grader) replaces both. Files run in stage order.
 */
export function kataConfig(kataDir: string, options: KataConfigOptions = {}): ViteUserConfig {
  const impl = implFromEnv();
  const slug = basename(kataDir);
  return defineConfig({
    plugins: [implResolver(impl)],
    test: {
      name: `kata:${slug}`,
      root: kataDir,
      include: ['test/**/*.spec.ts'],
      testTimeout: options.testTimeoutMs ?? 10_000,
      pool: 'threads',
      isolate: options.isolate ?? false,
      // A failing spec already shows expected/received; a stack into vitest is noise.
      printConsoleTrace: false,
      reporters:
        process.env.KATA_VERBOSE === '1'
          ? ['default', new KataReporter({ quiet: true })]
          : [new KataReporter()],
      sequence: { sequencer: StageSequencer },
    },
  });
}
