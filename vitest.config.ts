import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The whole tree in one run: every kata (against KATA_IMPL), the grader and the shared packages.
const root = import.meta.dirname;
const configsIn = (dir: string): string[] =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir))
        .map((name) => join(dir, name, 'vitest.config.ts'))
        .filter((file) => existsSync(join(root, file)))
    : [];

export default defineConfig({
  test: {
    projects: [
      ...configsIn('katas'),
      ...configsIn('packages'),
      ...(existsSync(join(root, 'grader/vitest.config.ts')) ? ['grader/vitest.config.ts'] : []),
      'scripts/vitest.config.ts',
      // The references' checks against Debian daemons; absent from the participant template.
      ...(existsSync(join(root, 'reference/vitest.config.ts'))
        ? ['reference/vitest.config.ts']
        : []),
    ],
  },
});
