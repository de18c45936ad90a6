import { basename } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { implResolver } from './impl-resolver.ts';
import { implFromEnv } from './repo-paths.ts';

export interface KataConfigOptions {
  /** Per-test timeout; socket katas raise it. */
  testTimeoutMs?: number;
}

/**
 * The vitest configuration of one kata. `katas/<slug>/vitest.config.ts` is one line:
 * `export default kataConfig(import.meta.dirname)`.
 *
 * KATA_IMPL=reference runs the same specs against `reference/<slug>/src/`.
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
      // Specs must not depend on one another's state.
      isolate: true,
      // A failing spec already shows expected/received; a stack into vitest is noise.
      printConsoleTrace: false,
    },
  });
}
